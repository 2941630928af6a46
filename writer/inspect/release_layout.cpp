#include "writer/inspect/release_layout.h"

#include <algorithm>
#include <array>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {
namespace {

// The release layout. Sources:
// - Windows Setup looks for an answer file named Autounattend.xml at the root of removable
//   media ("Windows Setup Automation Overview", learn.microsoft.com/en-us/previous-versions/
//   windows/it-pro/windows-8.1-and-8/hh824950(v=win.10)); Setup's implicit search also reads
//   \sources of the media ("Methods for Running Windows Setup", learn.microsoft.com/en-us/
//   previous-versions/windows/it-pro/windows-vista/cc749415(v=ws.10)). A release has neither.
// - The root of a release ISO: bootmgr, bootmgr.efi (UEFI from Windows 7 SP1 on), setup.exe,
//   autorun.inf, and the folders boot/, efi/, sources/, support/ (upgrade/ on Windows 7).
//   Microsoft documents no listing of its ISOs; these are the names its Windows 7-11 ISOs hold
//   (Rufus, github.com/pbatard/rufus src/iso.c, recognises bootmgr, bootmgr.efi and autorun.inf
//   at the root by these names).
// - sources/ holds hundreds of .dll files and, of executables, Setup's own: setup.exe and the
//   helpers of Windows 10/11 Setup below, and winsetupboot.sys. This list was written from the
//   release media's names as known, not checked here against every release: a name missing
//   from it shows as a tell, so correct it when a genuine ISO shows one. DLLs there are not
//   judged: too many to list honestly.
constexpr std::array<std::string_view, 4> kRootFiles = {"bootmgr", "bootmgr.efi", "setup.exe",
                                                        "autorun.inf"};
constexpr std::array<std::string_view, 10> kSourcesExecutables = {
    "setup.exe",   "setuphost.exe",     "setupprep.exe", "setuperror.exe",
    "mighost.exe", "setupplatform.exe", "rollback.exe",  "gatherosstate.exe",
    "dism.exe",    "winsetupboot.sys"};

// Extensions of what runs or loads: executables, scripts, drivers (.inf/.cat with .sys).
constexpr std::array<std::string_view, 11> kExecutables = {"exe", "com", "scr", "msi", "msp", "cpl",
                                                           "efi", "lnk", "pif", "jar", "hta"};
constexpr std::array<std::string_view, 10> kScripts = {"cmd", "bat", "ps1", "psm1", "vbs",
                                                       "vbe", "js",  "jse", "wsf",  "reg"};
constexpr std::array<std::string_view, 3> kDrivers = {"sys", "inf", "cat"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

std::optional<std::string> unexpected_file(LayoutDir dir, std::string_view name) {
  const std::string n = lower_ascii(name);
  if (dir == LayoutDir::kRoot && in(kRootFiles, n)) return std::nullopt;
  if (dir == LayoutDir::kSources && in(kSourcesExecutables, n)) return std::nullopt;
  const auto dot = n.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string ext = n.substr(dot + 1);
  if (in(kExecutables, ext)) return "an executable (." + ext + ")";
  if (in(kScripts, ext)) return "a script (." + ext + ")";
  // In sources/ only a .sys counts as a driver: a setup information file (.inf) or catalog
  // alone loads nothing, and Setup's own .inf files are not listed here.
  if (in(kDrivers, ext) && (dir == LayoutDir::kRoot || ext == "sys")) {
    return "a driver file (." + ext + ")";
  }
  if (dir == LayoutDir::kRoot && ext == "dll") return "a library (.dll)";
  return std::nullopt;
}

bool is_answer_file(LayoutDir, std::string_view name) {
  const std::string n = lower_ascii(name);
  return n == "autounattend.xml" || n == "unattend.xml";
}

}  // namespace sw::writer
