#pragma once
/// A tell of a doctored Windows installer ISO: something a Microsoft release ISO never
/// contains, with its evidence. Tells are evidence, not proof either way: only a digest from
/// the publisher shows that an ISO is genuine.

#include <string>
#include <string_view>

namespace sw::writer {

/// What was found. The tells first; then the notes, which are shown but never counted.
enum class TellKind {
  kUnattend,             ///< an answer file: Windows Setup runs unattended
  kUnattendCommand,      ///< a command the answer file runs
  kUnattendAccount,      ///< an account the answer file creates or logs on with
  kUnattendDisables,     ///< the answer file turns off Defender, UAC, updates or the firewall
  kOemFolder,            ///< a file under sources/$OEM$, copied into the installed system
  kUnexpectedFile,       ///< an executable, script or driver a release does not have
  kWimImageName,         ///< an install image named like a modified build ("Lite", ...)
  kWimModifiedAfterIso,  ///< an install image last modified after the ISO was made
  kWimEditionMismatch,   ///< ei.cfg selects an edition that no install image has
  kWimDuplicateName,     ///< two install images with the same name: one was added
  kEditionSelector,      ///< note: ei.cfg or pid.txt, harmless edition selectors
  kWimUnread,            ///< note: the install image's metadata could not be read
};

/// The stable JSON id: "unattend", "unattend_command", "unattend_account",
/// "unattend_disables", "oem_folder", "unexpected_file", "wim_image_name",
/// "wim_modified_after_iso", "wim_edition_mismatch", "wim_duplicate_name", "edition_selector",
/// "wim_unread".
std::string_view tell_kind_id(TellKind k);

/// A few words for a person: "answer file", "runs", "account", "turns off", ...
std::string_view tell_kind_text(TellKind k);

/// One finding: its kind, the file it is about (as the ISO spells it) and the evidence, made
/// safe for a terminal.
struct TamperTell {
  TellKind kind = TellKind::kUnattend;
  std::string path;
  std::string detail;
};

}  // namespace sw::writer
