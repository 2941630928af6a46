#pragma once
/// An answer file (autounattend.xml, unattend.xml) read for what it makes Windows Setup do:
/// the commands it runs, the accounts it creates, and the protections it turns off. Parsed with
/// pugixml; elements are matched by local name, whatever their namespace prefix.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::writer {

/// The largest answer file read: real ones are a few KiB; a bigger one is reported, not parsed.
inline constexpr std::uint64_t kMaxUnattendBytes = 1ull << 20;

/// A command the answer file runs.
struct UnattendCommand {
  std::string pass;     ///< the settings pass: "windowsPE", "specialize", "oobeSystem", ...
  std::string element;  ///< "RunSynchronous", "RunAsynchronous", "FirstLogonCommands", ...
  std::string command;  ///< the command line, as written
};

/// An account the answer file creates, logs on with, or sets the password of.
struct UnattendAccount {
  std::string name;
  std::string how;  ///< "local account", "automatic logon", "administrator password set"
};

/// What the answer file turns off.
enum class Protection { kDefender, kUac, kUpdates, kFirewall };

/// "Windows Defender", "UAC", "automatic updates", "the firewall".
std::string_view protection_text(Protection p);

/// A protection turned off, with the setting or command that does it.
struct Disabled {
  Protection what = Protection::kDefender;
  std::string evidence;
};

/// What an answer file makes Setup do.
struct Unattend {
  std::vector<UnattendCommand> commands;
  std::vector<UnattendAccount> accounts;
  std::vector<Disabled> disabled;
};

/// Reads an answer file (UTF-8, or UTF-16 with a byte order mark). An error when it is larger
/// than kMaxUnattendBytes, not well-formed XML, or not an `unattend` document.
Result<Unattend> read_unattend(std::span<const std::byte> xml);

}  // namespace sw::writer
