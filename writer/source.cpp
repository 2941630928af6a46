#include "writer/source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "platform/block_ioctl.h"
#include "platform/fd.h"

namespace sw::writer {
namespace {

class RawFileSource final : public Source {
 public:
  RawFileSource(platform::Fd fd, std::uint64_t size) : m_fd(std::move(fd)), m_size(size) {}

  const std::string& path() const override { return m_fd.path(); }
  std::uint64_t size() const override { return m_size; }
  std::optional<platform::FileStamp> stamp() const override { return current_stamp(m_fd); }

  Result<void> rewind() override {
    m_offset = 0;
    return ok();
  }

  Result<std::size_t> read(std::span<std::byte> buf) override {
    const std::uint64_t left = m_size - m_offset;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), left));
    auto n = platform::pread_full(m_fd, buf.first(want), m_offset, ErrorKind::kInput);
    if (!n) return n.failure();
    if (*n < want) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} ended at byte {} but was {} bytes long when opened; the image "
                              "changed while being read",
                              path(), m_offset + *n, m_size));
    }
    m_offset += *n;
    return *n;
  }

 private:
  platform::Fd m_fd;
  std::uint64_t m_size;
  std::uint64_t m_offset = 0;
};

}  // namespace

std::optional<platform::FileStamp> current_stamp(const platform::Fd& fd) {
  auto s = platform::file_stamp(fd);
  return s ? std::optional(*s) : std::nullopt;
}

Result<ImageFile> open_image_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO or a device must not hang before it is refused below.
  auto fd = platform::open_fd(path, O_RDONLY | O_NONBLOCK, ErrorKind::kInput);
  if (!fd) {
    return fail(ErrorKind::kInput, fmt::format("{}; check the image path and that you may read it",
                                               fd.error().message));
  }
  auto st = platform::stat_fd(*fd, ErrorKind::kInput);
  if (!st) return st.failure();
  ImageFile file{std::move(*fd), 0, S_ISREG(st->st_mode)};
  if (file.regular) {
    file.size = static_cast<std::uint64_t>(st->st_size);
  } else if (S_ISBLK(st->st_mode)) {
    auto bytes = platform::block_device_size(file.fd);
    if (!bytes) return bytes.failure();
    file.size = *bytes;
  } else {
    return fail(ErrorKind::kInput,
                fmt::format("{} is not a regular file; give an image file", path));
  }
  if (file.size == 0) {
    return fail(ErrorKind::kInput,
                fmt::format("{} is empty (0 bytes); the download is probably incomplete", path));
  }
  platform::advise_sequential(file.fd);
  return file;
}

std::unique_ptr<Source> make_raw_source(ImageFile file) {
  return std::make_unique<RawFileSource>(std::move(file.fd), file.size);
}

Result<std::unique_ptr<Source>> open_raw_image(const std::string& path) {
  auto file = open_image_file(path);
  if (!file) return file.failure();
  return make_raw_source(std::move(*file));
}

}  // namespace sw::writer
