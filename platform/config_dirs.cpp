#include "platform/config_dirs.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include "platform/fd.h"
#include "platform/files.h"
#include "platform/session.h"

namespace sw::platform {

std::vector<std::string> config_dirs(std::string_view what) {
  std::vector<std::string> dirs;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::string base;
  if (xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (home != nullptr && home[0] == '/') {
    base = std::string(home) + "/.config";
  }
  if (!base.empty()) dirs.push_back(fmt::format("{}/stickwright/{}", base, what));
  if (running_as_root()) dirs.push_back(fmt::format("/etc/stickwright/{}", what));
  return dirs;
}

std::string state_dir() {
  if (running_as_root()) return "/var/log/stickwright";
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return fmt::format("{}/stickwright", xdg);
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return fmt::format("{}/.local/state/stickwright", home);
  return {};
}

std::vector<std::string> files_in(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (const auto& dir : dirs) {
    auto names = list_directory(dir, ErrorKind::kInput);
    if (!names) continue;
    std::sort(names->begin(), names->end());
    for (const auto& name : *names) {
      if (name.starts_with('.')) continue;
      const std::string path = dir + "/" + name;
      const auto st = stat_path(path, ErrorKind::kInput);
      if (st && S_ISREG(st->st_mode)) out.push_back(path);
    }
  }
  return out;
}

}  // namespace sw::platform
