#include "tui/screen/demo.h"

#include <fmt/format.h>

#include <vector>

#include "platform/files.h"
#include "platform/temp_space.h"
#include "writer/demo/demo_image.h"
#include "writer/digest.h"

namespace sw::tui {

Result<DemoFiles> make_demo_files() {
  auto image = writer::demo::demo_image();
  if (!image) return image.failure();
  auto dir = platform::make_temp_dir("stickwright-demo");
  if (!dir) return dir.failure();
  DemoFiles files{*dir, *dir + "/stickwright-demo.img", *dir + "/demo-stick.drive"};
  if (auto w = platform::write_file(files.image, *image, image->size()); !w) return w.failure();
  const std::string sums = fmt::format("{}  stickwright-demo.img\n",
                                       writer::digest_hex(writer::Algorithm::kSha256, *image));
  if (auto w =
          platform::write_file(*dir + "/SHA256SUMS", std::as_bytes(std::span(sums)), sums.size());
      !w) {
    return w.failure();
  }
  if (auto w = platform::write_file(files.drive, {}, kDemoDriveBytes); !w) return w.failure();
  return files;
}

}  // namespace sw::tui
