#include "writer/windows/stick_source.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "platform/fd.h"
#include "writer/inspect/executables.h"
#include "writer/inspect/udf_times.h"
#include "writer/windows/stick_prepare.h"
#include "writer/windows/stick_regions.h"
#include "writer/windows/wim.h"

namespace sw::writer {
namespace {

constexpr std::uint64_t kSector = fat32::kSectorBytes;
constexpr std::uint64_t kHeadBytes = std::uint64_t{kPartitionLba} * kSector;
constexpr std::uint64_t kReservedBytes = std::uint64_t{fat32::kReservedSectors} * kSector;

/// What a planned stick tells the front ends.
WindowsStickInfo describe(const StickLayout& l, const UdfVolume& udf, const StickWork& work,
                          const std::optional<PreparedTree>& prepared) {
  WindowsStickInfo info;
  info.stream_bytes = l.stream_bytes();
  info.partition_bytes = std::uint64_t{l.partition_sectors()} * kSector;
  info.file_bytes = l.file_bytes;
  info.file_count = l.file_count;
  info.dir_count = l.dir_count;
  info.cluster_bytes = l.geometry.cluster_bytes();
  info.label = std::string(l.volume.label.begin(), l.volume.label.end());
  while (!info.label.empty() && info.label.back() == ' ') info.label.pop_back();
  if (udf.find("/efi/boot/bootx64.efi").has_value()) {
    info.bootx64_from = Bootx64Origin::kIso;
  } else if (work.boot_manager && (!prepared || prepared->efi_extracted)) {
    info.bootx64_from = Bootx64Origin::kWim;
    info.bootx64_wim = work.install;
  }
  info.prepared = work.empty() || prepared.has_value();
  if (work.split) {
    info.split.emplace_back(work.install,
                            prepared ? prepared->split_parts : work.estimated_parts());
  }
  return info;
}

/// What the ISO needs before it can be laid out, refusing now (before the hash pass, and
/// without wimlib) an install image over 4 GiB - 1 that cannot be split.
Result<StickWork> windows_work(const UdfVolume& udf, const StickNode& tree) {
  bool x64 = false;
  if (auto setup = udf.find("/sources/setup.exe"); setup && !setup->is_dir) {
    if (auto head = udf.read_head(*setup, kExecutableHeadBytes)) {
      x64 = pe_arch(*head) == Arch::kX86_64;
    }
  }
  StickWork work = find_stick_work(tree, x64);
  if (work.split) {
    const std::string& path = work.install;
    auto file = udf.find(path);
    if (!file) return fail(ErrorKind::kInput, fmt::format("{} cannot be found again", path));
    auto head = udf.read_head(*file, wim::kHeaderBytes);
    if (!head) return head.failure();
    switch (wim::header_kind(*head)) {
      case wim::HeaderKind::kNotWim:
        return fail(ErrorKind::kInput,
                    fmt::format("{} is {} bytes, over FAT32's limit of 4 GiB - 1 per file, and "
                                "is not a WIM file that could be split into .swm parts",
                                path, file->size));
      case wim::HeaderKind::kSolid:
        return fail(ErrorKind::kInput,
                    fmt::format("{} is {} bytes, over FAT32's limit of 4 GiB - 1 per file, and "
                                "uses solid compression, which cannot be split into .swm parts. "
                                "Nothing was written. Export it as a WIM first (wimlib-imagex "
                                "export install.esd all install.wim --compress=LZX) and rebuild "
                                "the ISO, or use a newer ISO whose install image is a WIM",
                                path, file->size));
      case wim::HeaderKind::kPlain:
        break;
    }
  }
  return work;
}

class StickStream final : public WindowsStickSource {
 public:
  StickStream(std::string path, std::unique_ptr<ImageBytes> iso, std::unique_ptr<UdfVolume> udf,
              StickNode tree, StickWork work, std::string volume_id, fat32::DosTime time,
              std::uint64_t capacity, GrubBiosCode grub, platform::FileStamp iso_stamp)
      : m_path(std::move(path)),
        m_iso(std::move(iso)),
        m_udf(std::move(udf)),
        m_tree(std::move(tree)),
        m_work(std::move(work)),
        m_volume_id(std::move(volume_id)),
        m_time(time),
        m_capacity(capacity),
        m_grub(std::move(grub)),
        m_iso_stamp(iso_stamp) {}

  /// Lays out `tree` (the ISO's, or as estimated or prepared) and builds the fixed regions.
  Result<void> plan(const StickNode& tree, const std::optional<PreparedTree>& prepared) {
    auto layout = plan_stick(tree, m_volume_id, m_time, m_capacity);
    if (!layout) return layout.failure();
    m_layout = std::move(*layout);
    m_head = head_bytes(m_layout, m_grub);
    m_reserved = reserved_bytes(m_layout);
    m_info = describe(m_layout, *m_udf, m_work, prepared);
    return rewind();
  }

  /// The tree as it will be after prepare(), with estimated sizes.
  Result<void> plan_estimate() {
    if (m_work.empty()) return plan(m_tree, std::nullopt);
    return plan(estimated_tree(m_tree, m_work), std::nullopt);
  }

  const std::string& path() const override { return m_path; }
  std::uint64_t size() const override { return m_layout.stream_bytes(); }
  const WindowsStickInfo& info() const override { return m_info; }
  bool needs_prepare() const override { return !m_work.empty() && m_temp == nullptr; }
  std::optional<platform::FileStamp> stamp() const override { return m_iso_stamp; }

  Result<std::vector<std::string>> prepare(const Clock& clock, const ProgressSink& sink,
                                           CancelToken cancel) override {
    if (auto same = check_iso_unchanged(); !same) return same.failure();
    if (!needs_prepare()) return std::vector<std::string>{};
    auto prepared = prepare_stick_tree(m_tree, m_work, *m_udf, clock, sink, cancel);
    if (!prepared) return prepared.failure();
    std::optional<PreparedTree> p(std::move(*prepared));
    if (auto r = plan(p->root, p); !r) return r.failure();
    m_temp = std::move(p->temp);
    return std::move(p->notes);
  }

  Result<void> rewind() override {
    m_pos = 0;
    m_reader.reset();
    m_reader_node = nullptr;
    m_host = platform::Fd();
    return ok();
  }

  Result<std::size_t> read(std::span<std::byte> buf) override {
    if (needs_prepare()) {
      return fail(ErrorKind::kInput, fmt::format("{}: the Windows stick was not prepared (its "
                                                 "WIM files split) before writing",
                                                 m_path));
    }
    std::size_t done = 0;
    while (done < buf.size() && m_pos < size()) {
      const auto want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buf.size() - done, size() - m_pos));
      auto n = fill(m_pos, buf.subspan(done, want));
      if (!n) return n.failure();
      m_pos += *n;
      done += *n;
      if (m_pos == size()) {
        if (auto same = check_iso_unchanged(); !same) return same.failure();
      }
    }
    return done;
  }

 private:
  /// The ISO's files are read while the stick is written, after its hash was checked: a file
  /// replaced, rewritten or truncated since the stream was planned would put other bytes on
  /// the stick. Its identity, size and change times must be those seen when it was opened.
  Result<void> check_iso_unchanged() const {
    if (auto now = platform::file_stamp(m_path); now && *now == m_iso_stamp) return ok();
    return fail(ErrorKind::kInput,
                fmt::format("{} changed (replaced, rewritten or truncated) after stickwright "
                            "opened it and checked its hash: the stick would not hold the "
                            "verified ISO's files. Make sure nothing modifies the ISO and write "
                            "again",
                            m_path));
  }

  /// Fills `out` from `pos` up to the end of the region `pos` lies in; returns the bytes filled.
  Result<std::size_t> fill(std::uint64_t pos, std::span<std::byte> out) {
    if (pos < kHeadBytes) return copy_from(m_head, pos, out);
    const std::uint64_t v = pos - kHeadBytes;
    if (v < kReservedBytes) return copy_from(m_reserved, v, out);
    const std::uint64_t fat_bytes = std::uint64_t{m_layout.geometry.fat_sectors} * kSector;
    if (v < kReservedBytes + fat32::kFatCount * fat_bytes) {
      return fill_fat((v - kReservedBytes) % fat_bytes, fat_bytes, out);
    }
    return fill_data(v - m_layout.geometry.data_sector() * kSector, out);
  }

  static std::size_t copy_from(const std::vector<std::byte>& src, std::uint64_t at,
                               std::span<std::byte> out) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), src.size() - at));
    std::memcpy(out.data(), src.data() + at, n);
    return n;
  }

  /// FAT entries (fatgen103 §4): 0 and 1 reserved, each extent a chain of consecutive clusters
  /// ending in an end-of-chain mark, free clusters 0.
  std::size_t fill_fat(std::uint64_t off, std::uint64_t fat_bytes, std::span<std::byte> out) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), fat_bytes - off));
    std::memset(out.data(), 0, n);
    const std::uint64_t first = off / 4, last = (off + n + 3) / 4;  // entries touched
    auto ext = std::lower_bound(
        m_layout.extents.begin(), m_layout.extents.end(), first,
        [](const Extent& e, std::uint64_t c) { return e.first_cluster + e.clusters <= c; });
    for (std::uint64_t c = first; c < last; ++c) {
      std::uint32_t value = 0;
      if (c == 0) value = 0x0ffffff8;
      if (c == 1) value = 0x0fffffff;
      while (ext != m_layout.extents.end() && ext->first_cluster + ext->clusters <= c) ++ext;
      if (c >= 2 && ext != m_layout.extents.end() && c >= ext->first_cluster) {
        value = c + 1 == ext->first_cluster + ext->clusters ? 0x0fffffff
                                                            : static_cast<std::uint32_t>(c + 1);
      }
      for (int i = 0; i < 4; ++i) {
        const std::uint64_t byte = c * 4 + static_cast<std::uint64_t>(i);
        if (byte >= off && byte < off + n) {
          out[static_cast<std::size_t>(byte - off)] = std::byte((value >> (8 * i)) & 0xff);
        }
      }
    }
    return n;
  }

  Result<std::size_t> fill_data(std::uint64_t d, std::span<std::byte> out) {
    const std::uint64_t cb = m_layout.geometry.cluster_bytes();
    const auto cluster = static_cast<std::uint32_t>(d / cb + fat32::kRootCluster);
    const auto ext =
        std::upper_bound(m_layout.extents.begin(), m_layout.extents.end(), cluster,
                         [](std::uint32_t c, const Extent& e) { return c < e.first_cluster; }) -
        1;
    const std::uint64_t within = d - std::uint64_t{ext->first_cluster - fat32::kRootCluster} * cb;
    const auto n = static_cast<std::size_t>(
        std::min<std::uint64_t>(out.size(), std::uint64_t{ext->clusters} * cb - within));
    const StickNode& node = *ext->node;
    if (node.is_dir) return copy_from(node.dir_bytes, within, out.first(n));
    const auto data = static_cast<std::size_t>(
        within < node.size ? std::min<std::uint64_t>(n, node.size - within) : 0);
    if (data > 0) {
      if (auto r = read_file(node, within, out.first(data)); !r) return r.failure();
    }
    std::memset(out.data() + data, 0, n - data);
    return n;
  }

  /// Reads a file's bytes: from the ISO's UDF tree, or from a file prepare() made.
  Result<void> read_file(const StickNode& node, std::uint64_t at, std::span<std::byte> out) {
    if (node.host_path.empty() && node.path.empty()) {
      return fail(ErrorKind::kInput, fmt::format("{}: the Windows stick was not prepared", m_path));
    }
    const bool fresh = m_reader_node != &node;
    m_reader_node = &node;
    if (!node.host_path.empty()) {
      if (fresh) {
        auto fd = platform::open_fd(node.host_path, O_RDONLY | O_CLOEXEC, ErrorKind::kInput);
        if (!fd) return fd.failure();
        m_host = std::move(*fd);
      }
      auto n = platform::pread_full(m_host, out, at, ErrorKind::kInput);
      if (!n) return n.failure();
      if (*n != out.size()) {
        return fail(ErrorKind::kInput,
                    fmt::format("{} became shorter while writing the stick", node.host_path));
      }
      return ok();
    }
    if (fresh) {
      auto r = m_udf->open_file(node.path);
      if (!r) return r.failure();
      m_reader = std::move(*r);
    }
    if (auto r = m_reader->read_at(at, out); !r) {
      return fail(ErrorKind::kInput, fmt::format("{}: {}", m_path, r.error().message));
    }
    return ok();
  }

  std::string m_path;
  std::unique_ptr<ImageBytes> m_iso;
  std::unique_ptr<UdfVolume> m_udf;
  StickNode m_tree;  ///< the ISO's tree, as read
  StickWork m_work;
  std::string m_volume_id;
  fat32::DosTime m_time;
  std::uint64_t m_capacity = 0;
  GrubBiosCode m_grub;
  /// Split parts, the extracted boot manager; set once prepare() has done its work.
  std::unique_ptr<TempFiles> m_temp;
  platform::FileStamp m_iso_stamp;  ///< the ISO when it was opened
  StickLayout m_layout;
  std::vector<std::byte> m_head, m_reserved;
  WindowsStickInfo m_info;
  std::uint64_t m_pos = 0;
  std::unique_ptr<UdfReader> m_reader;
  platform::Fd m_host;
  const StickNode* m_reader_node = nullptr;
};

}  // namespace

Result<std::unique_ptr<WindowsStickSource>> WindowsStickSource::open(const std::string& iso_path,
                                                                     std::uint64_t capacity_bytes) {
  auto file = open_image_file(iso_path);
  if (!file) return file.failure();
  auto iso_stamp = platform::file_stamp(file->fd);
  if (!iso_stamp) return iso_stamp.failure();
  const std::uint64_t iso_size = file->size;
  auto iso = std::make_unique<FileImageBytes>(std::move(file->fd), iso_size, iso_size);
  auto udf = UdfVolume::open(*iso);
  if (!udf) {
    return fail(ErrorKind::kInput, fmt::format("{} has no readable UDF file system: it is not a "
                                               "Windows installer ISO",
                                               iso_path));
  }
  if (auto b = udf->find("/bootmgr"); !b || b->is_dir) {
    return fail(ErrorKind::kInput, fmt::format("{} is not a Windows installer ISO: its UDF file "
                                               "system has no /bootmgr",
                                               iso_path));
  }
  auto tree = read_udf_tree(*udf);
  if (!tree) return tree.failure();
  auto grub = build_grub_bios_code(kCoreLba, kPartitionLba);
  if (!grub) return grub.failure();
  // Each file's and folder's date as the ISO records it; one date for all when the UDF volume
  // is of a kind read_udf_times does not read.
  if (auto times = read_udf_times(*iso, 100000)) {
    std::map<std::string, fat32::DosTime> dos;
    for (const auto& [path, t] : *times) {
      dos[path] = fat32::dos_time(t.year, t.month, t.day, t.hour, t.minute, t.second);
    }
    apply_times(*tree, dos);
  }
  auto work = windows_work(*udf, *tree);
  if (!work) return work.failure();
  const auto time = iso_time(*iso);
  const std::string volume_id = udf->volume_id();
  auto stream = std::make_unique<StickStream>(iso_path, std::move(iso), std::move(udf),
                                              std::move(*tree), std::move(*work), volume_id, time,
                                              capacity_bytes, std::move(*grub), *iso_stamp);
  if (auto r = stream->plan_estimate(); !r) return r.failure();
  return std::unique_ptr<WindowsStickSource>(std::move(stream));
}

void use_windows_stick(WriteJob& job, WindowsStickSource& stick) {
  job.stream = &stick;
  job.mode = WriteMode::kWindows;
  const Source* hashed = job.source;
  job.prepare = [&stick, hashed](const Clock& clock, const ProgressSink& sink,
                                 CancelToken cancel) -> Result<std::vector<std::string>> {
    // The stick is built from its own open of the ISO: it must be the file that was hashed.
    const auto a = hashed != nullptr ? hashed->stamp() : std::nullopt;
    const auto b = stick.stamp();
    if (a && b && !a->same_file(*b)) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} was replaced by another file between its hash check and "
                              "building the stick; nothing was written. Make sure nothing "
                              "modifies the ISO and write again",
                              stick.path()));
    }
    return stick.prepare(clock, sink, cancel);
  };
}

}  // namespace sw::writer
