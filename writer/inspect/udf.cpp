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

}  // namespace sw::writer
