#include "writer/inspect/boot_files.h"

#include <fmt/format.h>

#include <array>
#include <functional>

#include "platform/ascii.h"
#include "writer/inspect/fat.h"
#include "writer/inspect/tamper_tells.h"
#include "writer/inspect/udf.h"
#include "writer/inspect/wim_header.h"

namespace sw::writer {
namespace {

constexpr std::size_t kMaxTreeEntries = 20000;
constexpr int kMaxTreeDepth = 6;
constexpr std::size_t kMaxKernels = 32;
constexpr std::uint64_t kMinKernelBytes = 64 * 1024;

bool kernel_name(std::string_view name) {
  const std::string n = lower_ascii(name);
  for (std::string_view prefix : {"vmlinuz", "vmlinux", "bzimage"}) {
    if (n.starts_with(prefix)) return true;
  }
  for (std::string_view exact : {"linux", "linux32", "linux64", "kernel", "vmlinuz.efi"}) {
    if (n == exact) return true;
  }
  return false;
}

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Where a Windows installer's files are looked up: a path lookup and a head reader.
struct Tree {
  std::function<std::optional<std::pair<std::string, std::uint64_t>>(std::string_view)> find;
  std::function<std::optional<std::vector<std::byte>>(std::string_view, std::size_t)> head;
};

std::optional<WindowsInfo> windows_in(const Tree& tree) {
  WindowsInfo w;
  w.bootmgr = tree.find("/bootmgr").has_value();
  for (std::string_view name :
       {"/sources/install.wim", "/sources/install.esd", "/sources/install.swm"}) {
    if (auto f = tree.find(name)) {
      w.install = f->first;
      w.install_bytes = f->second;
      break;
    }
  }
  if (!w.bootmgr || w.install.empty()) return std::nullopt;
  if (auto head = tree.head("/sources/setup.exe", kExecutableHeadBytes)) {
    w.arch = pe_arch(*head);
  }
  w.uefi = tree.find("/efi/boot/bootx64.efi").has_value();
  // A split install.swm cannot be opened alone; .wim and .esd can.
  const std::string ext = platform::to_lower(w.install.substr(w.install.size() - 3));
  if (auto head = tree.head(w.install, wim::kHeaderBytes)) {
    w.install_solid = wim::header_kind(*head) == wim::HeaderKind::kSolid;
  }
  // As Windows mode decides (stick_prepare.cpp): an x64 installer with UEFI boot files but no
  // loader of any architecture in efi/boot.
  const bool other_loader = tree.find("/efi/boot/bootia32.efi").has_value() ||
                            tree.find("/efi/boot/bootaa64.efi").has_value();
  w.uefi_from_wim = !w.uefi && !other_loader && w.arch == Arch::kX86_64 && ext != "swm" &&
                    tree.find("/efi/microsoft/boot").has_value();
  return w;
}

Tree udf_tree(const UdfVolume& udf) {
  Tree t;
  t.find = [u = &udf](std::string_view p) -> std::optional<std::pair<std::string, std::uint64_t>> {
    auto f = u->find(p);
    if (!f) return std::nullopt;
    return std::pair{f->path, f->size};
  };
  t.head = [u = &udf](std::string_view p, std::size_t n) -> std::optional<std::vector<std::byte>> {
    auto f = u->find(p);
    if (!f || f->is_dir) return std::nullopt;
    auto h = u->read_head(*f, n);
    if (!h) return std::nullopt;
    return std::move(*h);
  };
  return t;
}

Tree iso_tree(const ImageBytes& image, const IsoInfo& iso) {
  Tree t;
  t.find = [img = &image,
            in = &iso](std::string_view p) -> std::optional<std::pair<std::string, std::uint64_t>> {
    auto f = find_iso_file(*img, *in, p);
    if (!f) return std::nullopt;
    return std::pair{f->path, f->size};
  };
  t.head = [img = &image, in = &iso](std::string_view p,
                                     std::size_t n) -> std::optional<std::vector<std::byte>> {
    auto f = find_iso_file(*img, *in, p);
    if (!f || f->is_dir) return std::nullopt;
    auto h =
        img->read_vec(f->offset, static_cast<std::size_t>(std::min<std::uint64_t>(f->size, n)));
    if (!h) return std::nullopt;
    return std::move(*h);
  };
  return t;
}

/// The tells of a doctored installer (tamper_tells.h), looked for in the tree `w` was found in.
void add_tamper_findings(WindowsInfo& w, const FileTree& tree, const IsoInfo& iso) {
  auto found = find_tamper_tells(tree, w.install, w.install_bytes, iso.created);
  w.tamper_tells = std::move(found.tells);
  w.tamper_notes = std::move(found.notes);
  w.wim_images = std::move(found.images);
}

}  // namespace

std::vector<FoundExecutable> efi_loaders_at(const ImageBytes& image, std::uint64_t offset,
                                            const std::string& where) {
  std::vector<FoundExecutable> out;
  const auto vol = open_fat(image, offset);
  if (!vol) return out;
  for (std::string_view name : {"BOOTX64.EFI", "BOOTIA32.EFI", "BOOTAA64.EFI"}) {
    const auto file = find_fat_file(image, *vol, fmt::format("EFI/BOOT/{}", name));
    if (!file || file->is_dir) continue;
    auto head = read_fat_file_head(image, *vol, *file, kExecutableHeadBytes);
    const auto arch = head ? pe_arch(*head) : std::nullopt;
    out.push_back({fmt::format("{}: {}", where, file->path), arch.value_or(Arch::kOther)});
  }
  return out;
}

std::vector<FoundExecutable> find_kernels(const ImageBytes& image, const IsoInfo& iso) {
  std::vector<FoundExecutable> out;
  for (const auto& f : list_iso_tree(image, iso, kMaxTreeEntries, kMaxTreeDepth)) {
    if (out.size() >= kMaxKernels) break;
    if (f.is_dir || f.size < kMinKernelBytes || !kernel_name(base_name(f.path))) continue;
    auto head = image.read_vec(f.offset, kExecutableHeadBytes);
    if (!head) continue;
    if (auto arch = kernel_arch(*head)) out.push_back({f.path, *arch});
  }
  return out;
}

std::optional<WindowsInfo> find_windows(const ImageBytes& image, const IsoInfo& iso,
                                        std::optional<std::string>& udf_volume_id) {
  if (iso.udf) {
    if (auto udf = UdfVolume::open(image)) {
      udf_volume_id = udf->volume_id();
      if (auto w = windows_in(udf_tree(*udf))) {
        add_tamper_findings(*w, *udf_file_tree(*udf), iso);
        return w;
      }
    }
  }
  if (iso.root_bytes == 0) return std::nullopt;
  auto w = windows_in(iso_tree(image, iso));
  if (w) add_tamper_findings(*w, *iso_file_tree(image, iso), iso);
  return w;
}

}  // namespace sw::writer
