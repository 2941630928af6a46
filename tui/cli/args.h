#pragma once
/// The command line's grammar: subcommands, their operands and flags.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/plan/write_mode.h"

namespace sw::tui {

/// What the user asked stickwright to do.
enum class Command {
  kHelp,
  kVersion,
  kWrite,
  kHash,
  kVerify,
  kList,
  kInspect,
  kLog,
  kStation,
  kCheck,
  kRestore,
  kRead,  ///< capture a drive as an image
  kTui
};

/// The word of a subcommand that takes operands ("write", "hash", "verify", "inspect"); empty
/// for the others. Also the "command" of the JSON report.
std::string_view command_name(Command c);

/// A parsed command line.
struct CliOptions {
  Command command = Command::kHelp;
  std::string image;
  std::string target;                     ///< the first target (verify, restore: the only one)
  std::vector<std::string> targets;       ///< write: every target, in the order given
  std::optional<std::string> hash_spec;   ///< --hash
  std::optional<std::string> checksums;   ///< --checksums
  std::optional<std::string> signature;   ///< --signature FILE: of the list in use, or the image
  std::vector<std::string> keyrings;      ///< --keyring FILE (repeatable)
  std::vector<std::string> catalogs;      ///< --catalog FILE (repeatable)
  bool require_signature = false;         ///< --require-signature
  std::optional<std::string> log;         ///< --log FILE: the audit log (write, log, terminal UI)
  bool csv = false;                       ///< --csv (log)
  std::optional<std::string> since;       ///< --since DATE (log)
  std::optional<std::uint64_t> min_size;  ///< --min-size SIZE (station), bytes
  std::optional<std::uint64_t> max_size;  ///< --max-size SIZE (station), bytes
  std::optional<std::size_t> count;       ///< --count N (station): stop after N sticks
  bool destructive = false;  ///< --destructive (check): the blocks written are not put back
  bool check = false;        ///< --check (write): check each stick first, refuse a bad one
  std::optional<std::uint64_t> size;  ///< --size SIZE (read): bytes from the drive's start
  bool used = false;                  ///< --used (read): up to the end of the last partition
  std::string algo = "sha256";        ///< --algo (hash command)
  bool unverified = false;
  bool yes = false;
  bool json = false;
  bool no_verify = false;
  bool allow_non_removable = false;
  bool allow_hard_disk = false;  ///< --allow-hard-disk: the extra confirmation, for scripts
  bool all = false;              ///< --all (list)
  std::string sysroot;           ///< --sysroot DIR: read /sys, /proc, /dev under DIR
  bool demo = false;             ///< --demo (terminal UI)
  writer::ModeRequest mode = writer::ModeRequest::kAuto;  ///< --mode auto|raw|windows (write)
  std::string label = "STICK";  ///< --label NAME (restore): the volume label
  bool exfat = false;           ///< --fs exfat (restore); FAT32 otherwise
};

/// Parses a size as drives are sold and counted: bytes, or a number with k, M, G, T (decimal:
/// 128G is 128e9 bytes, as a "128 GB" stick) or KiB, MiB, GiB, TiB (binary); a B after the
/// decimal suffixes is allowed ("128GB").
Result<std::uint64_t> parse_size(std::string_view text);

/// Parses the arguments after the program name. Errors are ErrorKind::kUsage.
Result<CliOptions> parse_cli(std::span<const std::string> args);

/// The --help text, with the exit codes.
std::string usage_text();

}  // namespace sw::tui
