#pragma once
/// The demo's image (`stickwright --demo`): a small disk image that boots on a BIOS PC. Its MBR
/// holds a boot program of our own that prints kDemoBootMessage and halts, and a table with one
/// active FAT32 partition holding README.TXT. Built in memory from nothing but this program's
/// code, and the same bytes every time, so its SHA256SUMS never changes.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "platform/result.h"

namespace sw::writer::demo {

/// Bytes of the demo image: the 1 MiB before the partition, and a partition just large enough
/// for FAT32 (fatgen103 §3.5: more than 66600 sectors), in whole MiB.
inline constexpr std::uint64_t kDemoImageBytes = 34ull << 20;

/// What the boot program prints, line by line ("\r\n": the teletype's new line); every line
/// fits an 80-column text screen, so none wraps. The boot test looks for its first line.
inline constexpr std::string_view kDemoBootMessage =
    "stickwright demo: this stick boots.\r\n"
    "It was written and verified by stickwright.\r\n"
    "Nothing more to see: switch the PC off and take the stick out.\r\n";

/// The partition's volume label, and the file in its root directory.
inline constexpr std::string_view kDemoVolumeLabel = "STICKWRIGHT";
inline constexpr std::string_view kDemoReadmeName = "README.TXT";

/// The demo image, kDemoImageBytes long.
Result<std::vector<std::byte>> demo_image();

/// What README.TXT says (CRLF line ends, as a text file on FAT is read on any system).
std::string_view demo_readme();

}  // namespace sw::writer::demo
