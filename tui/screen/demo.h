#pragma once
/// `stickwright --demo`: the demo image (writer/demo: a small disk image that boots on a BIOS PC)
/// with its SHA256SUMS, and a 64 MiB virtual drive (a file), so a newcomer without a spare stick
/// sees the whole flow work.

#include <cstdint>
#include <string>

#include "platform/result.h"

namespace sw::tui {

/// What the demo made.
struct DemoFiles {
  std::string dir;
  std::string image;
  std::string drive;
};

/// Bytes of the demo's virtual drive.
inline constexpr std::uint64_t kDemoDriveBytes = 64ull * 1024 * 1024;

/// Creates the demo files in a new temporary directory.
Result<DemoFiles> make_demo_files();

}  // namespace sw::tui
