#include "platform/mountinfo.h"

#include <charconv>

namespace sw::platform {
namespace {

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') ++pos;
    if (pos > start) out.push_back(line.substr(start, pos - start));
  }
  return out;
}

bool parse_major_minor(std::string_view text, unsigned& major, unsigned& minor) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const auto a = std::from_chars(text.data(), text.data() + colon, major);
  const auto b = std::from_chars(text.data() + colon + 1, text.data() + text.size(), minor);
  return a.ec == std::errc() && b.ec == std::errc() && b.ptr == text.data() + text.size();
}

template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const auto end = nl == std::string_view::npos ? text.size() : nl;
    f(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace

std::string decode_octal_escapes(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const std::string_view digits = text.substr(i + 1, 3);
      if (digits.size() == 3 && digits.find_first_not_of("01234567") == std::string_view::npos) {
        out.push_back(
            static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::vector<MountEntry> parse_mountinfo(std::string_view text) {
  std::vector<MountEntry> out;
  for_each_line(text, [&](std::string_view line) {
    const auto f = split_spaces(line);
    // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
    std::size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 7 || dash + 1 >= f.size()) return;
    MountEntry e;
    if (!parse_major_minor(f[2], e.major, e.minor)) return;
    e.root = decode_octal_escapes(f[3]);
    e.mountpoint = decode_octal_escapes(f[4]);
    e.fstype = std::string(f[dash + 1]);
    e.source = dash + 2 < f.size() ? decode_octal_escapes(f[dash + 2]) : std::string();
    e.options = dash + 3 < f.size() ? std::string(f[dash + 3]) : std::string();
    out.push_back(std::move(e));
  });
  return out;
}

std::vector<std::string> parse_swaps(std::string_view text) {
  std::vector<std::string> out;
  bool header = true;
  for_each_line(text, [&](std::string_view line) {
    if (header) {
      header = false;
      if (line.substr(0, 8) == "Filename") return;
    }
    const auto f = split_spaces(line);
    if (!f.empty()) out.push_back(decode_octal_escapes(f[0]));
  });
  return out;
}

std::vector<std::string> overlay_layers(const MountEntry& mount) {
  std::vector<std::string> out;
  if (mount.fstype != "overlay") return out;
  // Options are separated by ','; a ',' inside a value is shown as \054, so split first.
  std::size_t pos = 0;
  while (pos <= mount.options.size()) {
    auto end = mount.options.find(',', pos);
    if (end == std::string::npos) end = mount.options.size();
    const std::string_view opt = std::string_view(mount.options).substr(pos, end - pos);
    pos = end + 1;
    const auto eq = opt.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = opt.substr(0, eq);
    if (key != "lowerdir" && key != "lowerdir+" && key != "upperdir" && key != "datadir+") continue;
    // lowerdir lists layers separated by ':'; a ':' in a layer's path is escaped as "\:".
    const std::string value = decode_octal_escapes(opt.substr(eq + 1));
    std::string layer;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '\\' && i + 1 < value.size()) {
        layer.push_back(value[++i]);
      } else if (value[i] == ':') {
        if (!layer.empty()) out.push_back(std::move(layer));
        layer.clear();
      } else {
        layer.push_back(value[i]);
      }
    }
    if (!layer.empty()) out.push_back(std::move(layer));
  }
  return out;
}

const MountEntry* mount_containing(const std::vector<MountEntry>& mounts, std::string_view path) {
  const MountEntry* best = nullptr;
  for (const auto& m : mounts) {
    const std::string_view mp = m.mountpoint;
    const bool inside =
        mp == "/" || path == mp ||
        (path.size() > mp.size() && path.substr(0, mp.size()) == mp && path[mp.size()] == '/');
    // Later entries shadow earlier ones mounted at the same place.
    if (inside && (best == nullptr || mp.size() >= best->mountpoint.size())) best = &m;
  }
  return best;
}

}  // namespace sw::platform
