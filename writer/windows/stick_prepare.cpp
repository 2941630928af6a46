#include "writer/windows/stick_prepare.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>

#include "platform/fd.h"
#include "platform/files.h"
#include "platform/temp_space.h"
#include "platform/ascii.h"
#include "writer/digest.h"
#include "writer/inspect/executables.h"
#include "writer/windows/wim.h"

namespace sw::writer {
namespace {

constexpr std::uint64_t kCopyChunkBytes = 4ull * 1024 * 1024;
constexpr std::uint64_t kEfiEstimateBytes = 2ull * 1024 * 1024;
constexpr std::uint64_t kSpareBytes = 64ull * 1024 * 1024;
constexpr std::size_t kMaxEfiBytes = 16 * 1024 * 1024;
/// Where Windows keeps its UEFI boot manager inside an install image.
constexpr const char* kBootManagerInWim = "/Windows/Boot/EFI/bootmgfw.efi";

/// The child named `name` (without case), or null.
template <typename Node>
Node* child(Node& dir, std::string_view name) {
  for (auto& c : dir.children) {
    if (platform::to_lower(c.name) == platform::to_lower(name)) return &c;
  }
  return nullptr;
}

/// The node at a path like "/efi/microsoft/boot" (without case), or null.
const StickNode* find(const StickNode& root, std::initializer_list<std::string_view> names) {
  const StickNode* n = &root;
  for (auto name : names) {
    n = child(*n, name);
    if (n == nullptr) return nullptr;
  }
  return n;
}

void sort_children(StickNode& dir) {
  std::sort(dir.children.begin(), dir.children.end(),
            [](const StickNode& a, const StickNode& b) { return a.name < b.name; });
}

/// The directory `name` under `dir` (without case), created when missing.
StickNode& ensure_dir(StickNode& dir, const std::string& name) {
  const auto is_it = [&name](const StickNode& c) {
    return c.is_dir && platform::to_lower(c.name) == platform::to_lower(name);
  };
  if (auto it = std::find_if(dir.children.begin(), dir.children.end(), is_it);
      it != dir.children.end()) {
    return *it;
  }
  StickNode d;
  d.name = name;
  d.path = dir.path + "/" + name;
  d.is_dir = true;
  dir.children.push_back(std::move(d));
  sort_children(dir);
  return *std::find_if(dir.children.begin(), dir.children.end(), is_it);
}

/// efi/boot holds a UEFI loader of some architecture (bootx64, bootia32, bootaa64...).
bool has_efi_loader(const StickNode& root) {
  const StickNode* boot = find(root, {"efi", "boot"});
  if (boot == nullptr || !boot->is_dir) return false;
  return std::any_of(boot->children.begin(), boot->children.end(), [](const StickNode& c) {
    const auto n = platform::to_lower(c.name);
    return !c.is_dir && n.starts_with("boot") && n.ends_with(".efi");
  });
}

/// Replaces the file at UDF path `path` by `parts` (name, host file, size).
void replace_file(StickNode& dir, const std::string& path, const std::vector<StickNode>& parts) {
  for (auto it = dir.children.begin(); it != dir.children.end(); ++it) {
    if (it->is_dir) {
      if (path.starts_with(it->path + "/")) return replace_file(*it, path, parts);
      continue;
    }
    if (it->path != path) continue;
    const auto time = it->time;  // the parts carry the date of the file they replace
    dir.children.erase(it);
    for (auto part : parts) {
      part.time = time;
      dir.children.push_back(std::move(part));
    }
    sort_children(dir);
    return;
  }
}

/// "install.wim" -> "install": wimlib names the parts install.swm, install2.swm, ...
std::string stem_of(const std::string& name) { return name.substr(0, name.find_last_of('.')); }

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

/// Adds efi/boot/bootx64.efi (the directories spelled as the ISO spells them, if it has them).
void add_bootx64(StickNode& root, StickNode file) {
  StickNode& b = ensure_dir(ensure_dir(root, "efi"), "boot");
  file.name = "bootx64.efi";
  b.children.push_back(std::move(file));
  sort_children(b);
}

/// `message` with the temporary copy's path replaced by the ISO path it was copied from.
std::string about_iso_file(std::string message, const std::string& copy,
                           const std::string& udf_path) {
  for (auto at = message.find(copy); at != std::string::npos; at = message.find(copy, at)) {
    message.replace(at, copy.size(), udf_path);
    at += udf_path.size();
  }
  return message;
}

/// Progress over the whole preparation.
struct Meter {
  ProgressMeter meter;
  CancelToken cancel;
  std::uint64_t done = 0;
};

/// Copies the UDF file at `path` to `dest`, counting its bytes.
Result<void> copy_out(const UdfVolume& udf, const std::string& path, const std::string& dest,
                      Meter& m) {
  auto reader = udf.open_file(path);
  if (!reader) return reader.failure();
  auto fd =
      platform::open_fd(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, ErrorKind::kInput, 0600);
  if (!fd) return fd.failure();
  std::vector<std::byte> buf(kCopyChunkBytes);
  const std::uint64_t size = (*reader)->size();
  for (std::uint64_t at = 0; at < size; at += buf.size()) {
    if (m.cancel.cancelled()) {
      return fail(ErrorKind::kInterrupted, "stopped by the user while preparing the stick");
    }
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), size - at));
    if (auto r = (*reader)->read_at(at, std::span(buf).first(n)); !r) return r.failure();
    if (auto w = platform::pwrite_all(*fd, std::span(buf).first(n), at, ErrorKind::kInput); !w) {
      return w.failure();
    }
    m.done += n;
    m.meter.update(m.done);
  }
  return ok();
}

/// Takes the boot manager out of the WIM copied to `wim_path`; a note when it cannot.
Result<std::optional<StickNode>> extract_boot_manager(const std::string& wim_path,
                                                      const std::string& udf_path, TempFiles& temp,
                                                      std::vector<std::string>& notes) {
  auto dir = temp.subdir("efi");
  if (!dir) return dir.failure();
  auto file = wim::extract_file(wim_path, 1, kBootManagerInWim, *dir);
  if (!file) {
    notes.push_back(fmt::format(
        "UEFI boot: {} (image 1) has no usable {}: {}; the stick boots "
        "on legacy BIOS only",
        udf_path, kBootManagerInWim, about_iso_file(file.error().message, wim_path, udf_path)));
    return std::optional<StickNode>();
  }
  auto bytes = platform::read_small_file(*file, kMaxEfiBytes, ErrorKind::kInput);
  if (!bytes) {
    notes.push_back(
        fmt::format("UEFI boot: the {} taken out of {} cannot be used ({}); the stick "
                    "boots on legacy BIOS only",
                    kBootManagerInWim, udf_path, bytes.error().message));
    return std::optional<StickNode>();
  }
  const auto arch =
      pe_arch(std::span(reinterpret_cast<const std::byte*>(bytes->data()), bytes->size()));
  if (arch != Arch::kX86_64) {
    notes.push_back(fmt::format(
        "UEFI boot: the {} in {} is not an x86-64 program ({}); the "
        "stick boots on legacy BIOS only",
        kBootManagerInWim, udf_path, arch ? arch_name(*arch) : std::string_view("not a PE file")));
    return std::optional<StickNode>();
  }
  StickNode n;
  n.host_path = *file;
  n.size = bytes->size();
  notes.push_back(
      fmt::format("UEFI boot: efi/boot/bootx64.efi is {} from image 1 of {}, as "
                  "the ISO has no efi/boot/bootx64.efi of its own",
                  kBootManagerInWim, udf_path));
  return std::optional<StickNode>(std::move(n));
}

/// Splits the WIM copied to `copy` into parts in their own directory; returns the part nodes.
Result<std::vector<StickNode>> split_wim(const std::string& copy, const std::string& udf_path,
                                         TempFiles& temp, Meter& m) {
  auto dir = temp.subdir("split");
  if (!dir) return dir.failure();
  const std::uint64_t base = m.done;
  auto parts = wim::split(copy, *dir, stem_of(base_name(udf_path)), kSwmPartBytes,
                          [&m, base](std::uint64_t done) {
                            m.done = base + done;
                            m.meter.update(m.done);
                            return !m.cancel.cancelled();
                          });
  if (!parts) {
    return fail(parts.error().kind, about_iso_file(parts.error().message, copy, udf_path));
  }
  std::vector<StickNode> nodes;
  for (const auto& p : *parts) {
    auto st = platform::stat_path(p, ErrorKind::kInput);
    if (!st) return st.failure();
    const auto size = static_cast<std::uint64_t>(st->st_size);
    if (size > fat32::kMaxFileBytes) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} split into parts of which {} is {} bytes, still over FAT32's "
                              "4 GiB - 1 (one resource in it is too large to split)",
                              udf_path, base_name(p), size));
    }
    StickNode n;
    n.name = base_name(p);
    n.host_path = p;
    n.size = size;
    nodes.push_back(std::move(n));
  }
  return nodes;
}

/// The copy of the install image, its split parts when it is split, and some spare.
Result<void> check_space(const StickWork& work, const std::string& dir) {
  const std::uint64_t need = work.install_bytes * (work.split ? 2 : 1) + kSpareBytes;
  auto have = platform::free_bytes(dir);
  if (!have) return have.failure();
  if (*have < need) {
    return fail(ErrorKind::kInput,
                fmt::format("preparing the Windows stick needs {} MiB of temporary space (a copy "
                            "of the WIM file and its split parts) but {} has {} MiB free; set "
                            "TMPDIR to a directory with more room. Nothing was written.",
                            need >> 20, dir, *have >> 20));
  }
  return ok();
}

}  // namespace

StickWork find_stick_work(const StickNode& root, bool setup_is_x64) {
  StickWork w;
  // Only the install image is worked on: Windows Setup looks for sources/install.swm, while any
  // other WIM (boot.wim) must stay whole; another file over the limit is left to the layout,
  // which refuses it.
  for (const char* name : {"install.wim", "install.esd"}) {
    if (const auto* n = find(root, {"sources", name}); n != nullptr && !n->is_dir) {
      w.install = n->path;
      w.install_bytes = n->size;
      break;
    }
  }
  if (w.install.empty()) return w;
  w.split = w.install_bytes > fat32::kMaxFileBytes;
  // Windows 7 x64: UEFI boot files under efi/microsoft/boot, but no loader in efi/boot. A
  // 32-bit or ARM installer with its own loader there (bootia32.efi, bootaa64.efi) is not it.
  w.boot_manager =
      setup_is_x64 && !has_efi_loader(root) && find(root, {"efi", "microsoft", "boot"}) != nullptr;
  return w;
}

std::size_t StickWork::estimated_parts() const {
  return static_cast<std::size_t>((install_bytes + kSwmPartBytes - 1) / kSwmPartBytes);
}

StickNode estimated_tree(const StickNode& root, const StickWork& work) {
  StickNode tree = root;
  if (work.split) {
    std::vector<StickNode> parts;
    for (std::uint64_t left = work.install_bytes, i = 1; left > 0; ++i) {
      StickNode n;  // no path and no host file: a placeholder, never read
      n.name = fmt::format("{}{}.swm", stem_of(base_name(work.install)),
                           i == 1 ? "" : std::to_string(i));
      n.size = std::min(left, kSwmPartBytes) + kSpareBytes / 64;
      left -= std::min(left, kSwmPartBytes);
      parts.push_back(std::move(n));
    }
    replace_file(tree, work.install, parts);
  }
  if (work.boot_manager) {
    StickNode n;
    n.size = kEfiEstimateBytes;
    add_bootx64(tree, std::move(n));
  }
  return tree;
}

Result<std::unique_ptr<TempFiles>> TempFiles::create(const std::string& prefix) {
  auto dir = platform::make_large_temp_dir(prefix);
  if (!dir) return dir.failure();
  return std::unique_ptr<TempFiles>(new TempFiles(std::move(*dir)));
}

TempFiles::~TempFiles() {
  // Everything under the directory, registered or not: a split stopped or failed half-way
  // leaves parts wimlib wrote that nobody registered.
  platform::remove_tree(m_dir);
}

Result<std::string> TempFiles::subdir(const std::string& name) {
  std::string path = m_dir + "/" + name;
  if (auto r = platform::make_directory(path); !r) return r.failure();
  return path;
}

Result<PreparedTree> prepare_stick_tree(StickNode root, const StickWork& work, const UdfVolume& udf,
                                        const Clock& clock, const ProgressSink& sink,
                                        CancelToken cancel) {
  PreparedTree out;
  auto temp = TempFiles::create("stickwright-windows");
  if (!temp) return temp.failure();
  out.temp = std::move(*temp);
  TempFiles& t = *out.temp;
  if (auto s = check_space(work, t.dir()); !s) return s.failure();
  // Progress: the copy, then the split.
  Meter m{ProgressMeter(Phase::kPrepare, work.install_bytes * (work.split ? 2 : 1), clock, sink),
          cancel};
  const std::string copy = t.dir() + "/install-copy.wim";
  if (auto c = copy_out(udf, work.install, copy, m); !c) return c.failure();
  std::optional<StickNode> efi;
  if (work.boot_manager) {
    auto e = extract_boot_manager(copy, work.install, t, out.notes);
    if (!e) return e.failure();
    efi = std::move(*e);
  }
  if (work.split) {
    auto parts = split_wim(copy, work.install, t, m);
    if (!parts) return parts.failure();
    out.split_parts = parts->size();
    out.notes.push_back(
        fmt::format("{} is over FAT32's 4 GiB - 1 per file: written as {} .swm "
                    "parts, which Windows Setup reads as one",
                    work.install, parts->size()));
    replace_file(root, work.install, *parts);
  }
  platform::remove_path(copy);  // its space back before the write
  if (efi) {
    add_bootx64(root, std::move(*efi));
    out.efi_extracted = true;
  }
  m.meter.finish();
  out.root = std::move(root);
  return out;
}

}  // namespace sw::writer
