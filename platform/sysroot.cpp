#include "platform/sysroot.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "platform/files.h"

namespace sw::platform {
namespace fs = std::filesystem;

namespace {

/// sysfs attributes are small; anything bigger is not one.
constexpr std::size_t kMaxAttrBytes = 1024 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Sysroot::Sysroot(std::string prefix) : m_prefix(std::move(prefix)) {
  while (!m_prefix.empty() && m_prefix.back() == '/') m_prefix.pop_back();
  // "/.", "/tmp/.." and the like name the real root: treat them as such, or the stat(2)-based
  // checks that only make sense on the real system would be switched off.
  if (!m_prefix.empty() && real_path(m_prefix) == std::optional<std::string>("/")) m_prefix.clear();
}

std::string Sysroot::path(std::string_view abs) const { return m_prefix + std::string(abs); }

std::string Sysroot::strip(std::string_view real) const {
  if (!m_prefix.empty() && real.substr(0, m_prefix.size()) == m_prefix) {
    real.remove_prefix(m_prefix.size());
  }
  return real.empty() ? std::string("/") : std::string(real);
}

std::optional<std::string> Sysroot::read(std::string_view abs) const {
  auto text = read_small_file(path(abs), kMaxAttrBytes, ErrorKind::kInput);
  if (!text) return std::nullopt;
  return std::string(trim(*text));
}

std::optional<std::uint64_t> Sysroot::read_u64(std::string_view abs) const {
  const auto text = read(abs);
  if (!text || text->empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

std::vector<std::string> Sysroot::list(std::string_view abs) const {
  auto names = list_directory(path(abs), ErrorKind::kInput);
  if (!names) return {};
  std::sort(names->begin(), names->end());
  return std::move(*names);
}

bool Sysroot::exists(std::string_view abs) const {
  std::error_code ec;
  return fs::symlink_status(path(abs), ec).type() != fs::file_type::not_found && !ec;
}

std::optional<std::string> Sysroot::canonical(std::string_view abs) const {
  // Resolve one component at a time so that absolute link targets stay inside the root.
  fs::path resolved = "/";
  std::vector<std::string> todo;
  for (const auto& part : fs::path(std::string(abs)).relative_path()) todo.push_back(part.string());
  std::reverse(todo.begin(), todo.end());
  int links_left = 40;
  while (!todo.empty()) {
    const std::string part = todo.back();
    todo.pop_back();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      resolved = resolved.parent_path();
      continue;
    }
    const fs::path candidate = resolved / part;
    auto target = read_link(candidate.string());
    if (!target) {
      if (!exists(candidate.string())) return std::nullopt;
      resolved = candidate;
      continue;
    }
    if (--links_left < 0) return std::nullopt;
    const fs::path t(*target);
    if (t.is_absolute()) resolved = "/";
    std::vector<std::string> parts;
    for (const auto& p : t.relative_path()) parts.push_back(p.string());
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(*it);
  }
  return resolved.string();
}

std::optional<std::string> Sysroot::read_link(std::string_view abs) const {
  std::error_code ec;
  const auto target = fs::read_symlink(path(abs), ec);
  if (ec) return std::nullopt;
  return target.string();
}

}  // namespace sw::platform
