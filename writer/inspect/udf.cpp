#include "writer/inspect/udf.h"

#include <fmt/format.h>
#include <udfread/blockinput.h>
#include <udfread/udfread.h>

#include <cstring>

#include "writer/inspect/iso9660.h"

namespace sw::writer {
namespace {

/// libudfread's block input over ImageBytes. `base` must stay the first member: libudfread
/// hands back a pointer to it.
struct Input {
  udfread_block_input base{};
  const ImageBytes* image = nullptr;
};

int input_read(udfread_block_input* in, uint32_t lba, void* buf, uint32_t nblocks, int) {
  const auto* self = reinterpret_cast<Input*>(in);
  const std::uint64_t offset = std::uint64_t{lba} * UDF_BLOCK_SIZE;
  std::uint32_t done = 0;
  for (; done < nblocks; ++done) {
    std::span<std::byte> block(static_cast<std::byte*>(buf) + std::size_t{done} * UDF_BLOCK_SIZE,
                               UDF_BLOCK_SIZE);
    if (!self->image->read_at(offset + std::uint64_t{done} * UDF_BLOCK_SIZE, block)) break;
  }
  return static_cast<int>(done);
}

uint32_t input_size(udfread_block_input* in) {
  const auto* self = reinterpret_cast<Input*>(in);
  const std::uint64_t blocks = self->image->available() / UDF_BLOCK_SIZE;
  return static_cast<uint32_t>(std::min<std::uint64_t>(blocks, UINT32_MAX));
}

struct DirClose {
  void operator()(UDFDIR* d) const { udfread_closedir(d); }
};
struct FileClose {
  void operator()(UDFFILE* f) const { udfread_file_close(f); }
};

}  // namespace

struct UdfVolume::Impl {
  Input input;
  udfread* udf = nullptr;
  ~Impl() {
    if (udf != nullptr) udfread_close(udf);
  }
};

UdfVolume::UdfVolume(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
UdfVolume::~UdfVolume() = default;

std::unique_ptr<UdfVolume> UdfVolume::open(const ImageBytes& image) {
  auto impl = std::make_unique<Impl>();
  impl->input.base.read = input_read;
  impl->input.base.size = input_size;
  impl->input.image = &image;
  impl->udf = udfread_init();
  if (impl->udf == nullptr) return nullptr;
  if (udfread_open_input(impl->udf, &impl->input.base) < 0) return nullptr;
  return std::unique_ptr<UdfVolume>(new UdfVolume(std::move(impl)));
}

std::string UdfVolume::volume_id() const {
  const char* id = udfread_get_volume_id(m_impl->udf);
  return id != nullptr ? std::string(id) : std::string();
}

std::optional<UdfFile> UdfVolume::find(std::string_view path) const {
  std::string so_far;
  bool is_dir = true;
  for (const auto part : path_parts(path)) {
    if (!is_dir) return std::nullopt;
    std::unique_ptr<UDFDIR, DirClose> dir(
        udfread_opendir(m_impl->udf, so_far.empty() ? "/" : so_far.c_str()));
    if (!dir) return std::nullopt;
    udfread_dirent entry{};
    bool matched = false;
    const std::string want = lower_ascii(part);
    while (udfread_readdir(dir.get(), &entry) != nullptr) {
      if (entry.d_name == nullptr || lower_ascii(entry.d_name) != want) continue;
      so_far += "/";
      so_far += entry.d_name;
      is_dir = entry.d_type == UDF_DT_DIR;
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
  }
  UdfFile f{so_far, 0, is_dir};
  if (!is_dir) {
    std::unique_ptr<UDFFILE, FileClose> file(udfread_file_open(m_impl->udf, so_far.c_str()));
    if (!file) return std::nullopt;
    const int64_t size = udfread_file_size(file.get());
    f.size = size > 0 ? static_cast<std::uint64_t>(size) : 0;
  }
  return f;
}

Result<std::vector<std::byte>> UdfVolume::read_head(const UdfFile& file,
                                                    std::size_t max_bytes) const {
  std::unique_ptr<UDFFILE, FileClose> f(udfread_file_open(m_impl->udf, file.path.c_str()));
  if (!f) {
    return fail(ErrorKind::kInput,
                fmt::format("{} in the UDF file system cannot be opened", file.path));
  }
  std::vector<std::byte> out(
      static_cast<std::size_t>(std::min<std::uint64_t>(file.size, max_bytes)));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = udfread_file_read(f.get(), out.data() + done, out.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done < out.size()) {
    return fail(ErrorKind::kInput,
                fmt::format("{} in the UDF file system cannot be read whole", file.path));
  }
  return out;
}

Result<std::vector<UdfEntry>> UdfVolume::list(const std::string& dir_path,
                                              std::size_t max_entries) const {
  std::unique_ptr<UDFDIR, DirClose> dir(
      udfread_opendir(m_impl->udf, dir_path.empty() ? "/" : dir_path.c_str()));
  if (!dir) {
    return fail(ErrorKind::kInput,
                fmt::format("the directory {} of the UDF file system cannot be read", dir_path));
  }
  std::vector<UdfEntry> out;
  udfread_dirent entry{};
  while (udfread_readdir(dir.get(), &entry) != nullptr) {
    if (entry.d_name == nullptr) continue;
    const std::string name = entry.d_name;
    if (name == "." || name == ".." || name.empty()) continue;
    if (out.size() >= max_entries) {
      return fail(ErrorKind::kInput, fmt::format("the UDF directory {} has more than {} entries",
                                                 dir_path, max_entries));
    }
    UdfEntry e{name, 0, entry.d_type == UDF_DT_DIR};
    if (!e.is_dir) {
      std::unique_ptr<UDFFILE, FileClose> f(udfread_file_openat(dir.get(), name.c_str()));
      if (!f) {
        return fail(ErrorKind::kInput,
                    fmt::format("{}/{} in the UDF file system cannot be opened", dir_path, name));
      }
      const int64_t size = udfread_file_size(f.get());
      e.size = size > 0 ? static_cast<std::uint64_t>(size) : 0;
    }
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

class LibUdfReader final : public UdfReader {
 public:
  LibUdfReader(UDFFILE* f, std::string path) : m_file(f), m_path(std::move(path)) {
    const int64_t size = udfread_file_size(f);
    m_size = size > 0 ? static_cast<std::uint64_t>(size) : 0;
  }
  std::uint64_t size() const override { return m_size; }
  Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) override {
    if (udfread_file_seek(m_file.get(), static_cast<int64_t>(offset), UDF_SEEK_SET) !=
        static_cast<int64_t>(offset)) {
      return fail(ErrorKind::kInput, fmt::format("cannot seek to byte {} of {} in the UDF file "
                                                 "system",
                                                 offset, m_path));
    }
    std::size_t done = 0;
    while (done < buf.size()) {
      const ssize_t n = udfread_file_read(m_file.get(), buf.data() + done, buf.size() - done);
      if (n <= 0) {
        return fail(ErrorKind::kInput,
                    fmt::format("{} in the UDF file system cannot be read at byte {}", m_path,
                                offset + done));
      }
      done += static_cast<std::size_t>(n);
    }
    return ok();
  }

 private:
  std::unique_ptr<UDFFILE, FileClose> m_file;
  std::string m_path;
  std::uint64_t m_size = 0;
};

}  // namespace

Result<std::unique_ptr<UdfReader>> UdfVolume::open_file(const std::string& path) const {
  UDFFILE* f = udfread_file_open(m_impl->udf, path.c_str());
  if (f == nullptr) {
    return fail(ErrorKind::kInput, fmt::format("{} in the UDF file system cannot be opened", path));
  }
  return std::unique_ptr<UdfReader>(std::make_unique<LibUdfReader>(f, path));
}

}  // namespace sw::writer
