#pragma once
// A write job over an image file on disk (raw, or compressed in the test) to a memory device.

#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>

#include "support/compress.h"
#include "support/fake_clock.h"
#include "support/memory_device.h"
#include "support/temp_dir.h"
#include "writer/compressed_source.h"
#include "writer/job.h"

namespace sw::test {

/// An image file of `content_bytes` (compressed with `c` unless kNone) and a write job over it
/// to a memory device of `capacity` bytes filled with 0xEE. No expected hash is set.
struct FileJobFixture {
  FileJobFixture(writer::Compression c, std::size_t capacity,
                 std::size_t content_bytes = 2 * kMiB + 999)
      : content(image_bytes(content_bytes)),
        file(c == writer::Compression::kNone ? content : compress(c, content)),
        medium(std::make_shared<MemoryMedium>()) {
    path = dir.write_bytes(kName, file);
    auto opened = writer::open_image(path);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    source = std::move(*opened);
    medium->bytes.assign(capacity, std::byte{0xEE});
    job.source = source.get();
    job.target = writer::TargetSpec{"memdev", capacity, 512,
                                    [this]() -> Result<std::unique_ptr<platform::BlockDevice>> {
                                      ++opens;
                                      return std::unique_ptr<platform::BlockDevice>(
                                          std::make_unique<MemoryDevice>(medium, 512));
                                    }};
    job.clock = &clock;
    job.sink = [](const writer::ProgressEvent&) {};
  }
  void expect(std::span<const std::byte> bytes, std::string from) {
    job.expected = writer::ExpectedHash{
        writer::Algorithm::kSha256, writer::digest_hex(writer::Algorithm::kSha256, bytes), from};
  }
  bool target_holds_content() const {
    return std::memcmp(medium->bytes.data(), content.data(), content.size()) == 0;
  }
  bool target_untouched() const {
    for (auto b : medium->bytes) {
      if (b != std::byte{0xEE}) return false;
    }
    return true;
  }

  static constexpr const char* kName = "image.img.z";  ///< the file's name in `dir`
  TempDir dir;
  Bytes content, file;
  std::string path;
  std::unique_ptr<writer::Source> source;
  std::shared_ptr<MemoryMedium> medium;
  FakeClock clock;
  int opens = 0;
  writer::WriteJob job;
};

}  // namespace sw::test
