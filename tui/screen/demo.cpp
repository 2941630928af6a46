#include "tui/screen/demo.h"

#include <fmt/format.h>

#include <cstring>
#include <vector>

#include "platform/files.h"
#include "platform/temp_space.h"
#include "writer/digest.h"

namespace sw::tui {

Result<DemoFiles> make_demo_files() {
  auto dir = platform::make_temp_dir("stickwright-demo");
  if (!dir) return dir.failure();
  DemoFiles files{*dir, *dir + "/demo-linux.img", *dir + "/demo-stick.drive"};
  // Deterministic pseudo-random content, so every demo image has the same digest.
  std::vector<std::byte> image(kDemoImageBytes);
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (std::size_t i = 0; i + 8 <= image.size(); i += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(image.data() + i, &x, 8);
  }
  const std::string banner =
      "stickwright demo image: not bootable, but written and verified for real\n";
  std::memcpy(image.data(), banner.data(), banner.size());
  if (auto w = platform::write_file(files.image, image, image.size()); !w) return w.failure();
  const std::string sums =
      fmt::format("{}  demo-linux.img\n", writer::digest_hex(writer::Algorithm::kSha256, image));
  if (auto w =
          platform::write_file(*dir + "/SHA256SUMS", std::as_bytes(std::span(sums)), sums.size());
      !w) {
    return w.failure();
  }
  if (auto w = platform::write_file(files.drive, {}, kDemoDriveBytes); !w) return w.failure();
  return files;
}

}  // namespace sw::tui
