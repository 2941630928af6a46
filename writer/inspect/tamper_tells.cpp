#include "writer/inspect/tamper_tells.h"

#include <fmt/format.h>

#include <algorithm>

#include "platform/display_text.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/release_layout.h"
#include "writer/inspect/unattend.h"
#include "writer/inspect/wim_header.h"
#include "writer/inspect/wim_tells.h"

namespace sw::writer {
namespace {

constexpr std::size_t kMaxDirEntries = 5000;
constexpr std::size_t kMaxOemEntries = 2000;
constexpr int kMaxOemDepth = 8;
constexpr std::size_t kMaxEditionFileBytes = 64 * 1024;
/// Commands longer than this are cut in the detail: the evidence, not the whole script.
constexpr std::size_t kMaxCommandChars = 200;

std::string safe(std::string_view s) { return platform::display_safe(s); }

std::string clipped(std::string_view s) {
  if (s.size() <= kMaxCommandChars) return safe(s);
  return safe(s.substr(0, kMaxCommandChars)) + "...";
}

std::string join_path(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

bool same_name(std::string_view a, std::string_view b) { return lower_ascii(a) == b; }

/// What the checks collect while they walk the tree.
struct Walk {
  const FileTree& tree;
  TamperFindings found;
  std::optional<EditionList> editions;

  void tell(TellKind kind, const std::string& path, std::string detail) {
    found.tells.push_back({kind, safe(path), std::move(detail)});
  }
  void note(TellKind kind, const std::string& path, std::string detail) {
    found.notes.push_back({kind, safe(path), std::move(detail)});
  }
};

void unattend_tells(Walk& w, const std::string& path, std::uint64_t size) {
  if (size > kMaxUnattendBytes) {
    w.tell(TellKind::kUnattend, path,
           fmt::format("an answer file for unattended setup of {} bytes, over the {} KiB read: "
                       "not parsed",
                       size, kMaxUnattendBytes >> 10));
    return;
  }
  auto bytes = w.tree.read(path, 0, static_cast<std::size_t>(size));
  auto u = bytes ? read_unattend(*bytes) : Result<Unattend>(fail(bytes.error()));
  if (!u) {
    w.tell(TellKind::kUnattend, path,
           fmt::format("an answer file for unattended setup that could not be read: {}",
                       safe(u.error().message)));
    return;
  }
  w.tell(TellKind::kUnattend, path,
         fmt::format("Windows Setup reads it and runs unattended: {} command(s), {} account(s)",
                     u->commands.size(), u->accounts.size()));
  for (const auto& c : u->commands) {
    w.tell(TellKind::kUnattendCommand, path,
           fmt::format("{} {}: {}", safe(c.pass), safe(c.element), clipped(c.command)));
  }
  for (const auto& a : u->accounts) {
    w.tell(TellKind::kUnattendAccount, path, fmt::format("{} ({})", safe(a.name), safe(a.how)));
  }
  for (const auto& d : u->disabled) {
    w.tell(TellKind::kUnattendDisables, path,
           fmt::format("{}: {}", protection_text(d.what), clipped(d.evidence)));
  }
}

/// Where Windows Setup copies a file of sources/$OEM$ ("$$/Setup/x" -> %WINDIR%\Setup\x).
std::string oem_target(const std::string& relative) {
  std::string t = relative;
  if (t.starts_with("$$/")) {
    t = "%WINDIR%/" + t.substr(3);
  } else if (t.starts_with("$1/")) {
    t = "%SYSTEMDRIVE%/" + t.substr(3);
  }
  std::replace(t.begin(), t.end(), '/', '\\');
  return t;
}

void oem_tells(Walk& w, const std::string& oem) {
  std::vector<std::pair<std::string, int>> dirs{{oem, 0}};
  std::size_t files = 0, seen = 0;
  while (!dirs.empty() && seen < kMaxOemEntries) {
    const auto [dir, depth] = dirs.back();
    dirs.pop_back();
    auto entries = w.tree.list(dir, kMaxOemEntries);
    if (!entries) continue;
    for (const auto& e : *entries) {
      ++seen;
      const std::string path = join_path(dir, e.name);
      if (e.is_dir) {
        if (depth + 1 < kMaxOemDepth) dirs.push_back({path, depth + 1});
        continue;
      }
      if (++files > kMaxOemTells) continue;
      const std::string target = oem_target(path.substr(oem.size() + 1));
      const bool setup_complete =
          lower_ascii(target) == "%windir%\\setup\\scripts\\setupcomplete.cmd";
      w.tell(TellKind::kOemFolder, path,
             setup_complete
                 ? fmt::format("copied to {}: it runs as SYSTEM after setup", safe(target))
                 : fmt::format("copied into the installed system as {} ({} bytes)", safe(target),
                               e.size));
    }
  }
  if (files > kMaxOemTells) {
    w.tell(
        TellKind::kOemFolder, oem,
        fmt::format("and {} more file(s) copied into the installed system", files - kMaxOemTells));
  }
}

void edition_note(Walk& w, const std::string& path, const TreeEntry& e, bool ei_cfg) {
  std::string edition;
  if (ei_cfg && e.size <= kMaxEditionFileBytes) {
    if (auto bytes = w.tree.read(path, 0, static_cast<std::size_t>(e.size))) {
      edition = ei_cfg_edition({reinterpret_cast<const char*>(bytes->data()), bytes->size()});
      w.editions = EditionList{path, edition};
    }
  }
  w.note(TellKind::kEditionSelector, path,
         ei_cfg ? fmt::format("selects the edition{} Setup installs: harmless, not a tell",
                              edition.empty() ? "" : " '" + safe(edition) + "'")
                : std::string("holds the product key that selects the edition: harmless, not "
                              "a tell"));
}

/// The answer files and unexpected files of one directory (the root or sources/).
void look_at_dir(Walk& w, const std::string& dir, LayoutDir where,
                 const std::vector<TreeEntry>& entries) {
  for (const auto& e : entries) {
    const std::string path = join_path(dir, e.name);
    if (e.is_dir) {
      if (where == LayoutDir::kSources && same_name(e.name, "$oem$")) oem_tells(w, path);
      continue;
    }
    if (is_answer_file(where, e.name)) {
      unattend_tells(w, path, e.size);
    } else if (auto why = unexpected_file(where, e.name)) {
      w.tell(TellKind::kUnexpectedFile, path,
             fmt::format("{} that a release does not have here", *why));
    } else if (where == LayoutDir::kSources &&
               (same_name(e.name, "ei.cfg") || same_name(e.name, "pid.txt"))) {
      edition_note(w, path, e, same_name(e.name, "ei.cfg"));
    }
  }
}

/// The install image's images from its XML data, read out of the ISO (never copied whole).
Result<std::vector<wim::WimImage>> read_images(const FileTree& tree, const std::string& install,
                                               std::uint64_t install_bytes) {
  auto head = tree.read(install, 0, wim::kHeaderBytes);
  if (!head) return fail(head.error());
  auto where = wim::xml_resource(*head, install_bytes);
  if (!where) return fail(where.error());
  auto xml = tree.read(install, where->offset, static_cast<std::size_t>(where->size));
  if (!xml) return fail(xml.error());
  return wim::parse_xml(*xml);
}

}  // namespace

TamperFindings find_tamper_tells(const FileTree& tree, const std::string& install,
                                 std::uint64_t install_bytes,
                                 std::optional<std::int64_t> iso_created) {
  Walk w{tree, {}, std::nullopt};
  auto root = tree.list("/", kMaxDirEntries);
  if (root) {
    look_at_dir(w, "/", LayoutDir::kRoot, *root);
    for (const auto& e : *root) {
      if (!e.is_dir || !same_name(e.name, "sources")) continue;
      const std::string dir = "/" + e.name;
      if (auto sources = tree.list(dir, kMaxDirEntries)) {
        look_at_dir(w, dir, LayoutDir::kSources, *sources);
      }
    }
  }
  auto images = read_images(tree, install, install_bytes);
  if (!images) {
    w.note(TellKind::kWimUnread, install,
           fmt::format("its image metadata could not be read ({}), so its images were not "
                       "checked",
                       safe(images.error().message)));
    return std::move(w.found);
  }
  auto tells = wim_tells(*images, install, iso_created, w.editions);
  w.found.tells.insert(w.found.tells.end(), tells.begin(), tells.end());
  w.found.images = std::move(*images);
  return std::move(w.found);
}

}  // namespace sw::writer
