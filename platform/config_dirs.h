#pragma once
/// Where stickwright's own configuration lives: the user's directory under $XDG_CONFIG_HOME
/// (else ~/.config) and, for root, /etc.

#include <string>
#include <string_view>
#include <vector>

namespace sw::platform {

/// The directories that may hold `what` ("keyrings", "catalogs"), in the order they are read:
/// $XDG_CONFIG_HOME/stickwright/WHAT (an absolute $XDG_CONFIG_HOME, else $HOME/.config), then,
/// when the process runs as root, /etc/stickwright/WHAT. Directories that do not exist are
/// listed too; the caller skips them.
std::vector<std::string> config_dirs(std::string_view what);

/// Where stickwright keeps state (its audit log): $XDG_STATE_HOME/stickwright (an absolute
/// $XDG_STATE_HOME, else $HOME/.local/state), or /var/log/stickwright for root; empty when
/// neither can be told.
std::string state_dir();

/// The regular files directly in `dirs` whose names do not start with '.', sorted by name
/// within each directory; missing or unreadable directories are skipped.
std::vector<std::string> files_in(const std::vector<std::string>& dirs);

}  // namespace sw::platform
