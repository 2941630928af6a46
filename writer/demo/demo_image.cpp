// The demo image: restore's MBR and FAT32 layout (writer/restore) with README.TXT in the root
// directory, our boot program (writer/fat32/boot_code) in the MBR, and the partition active.

#include "writer/demo/demo_image.h"

#include <algorithm>
#include <span>
#include <string>

#include "writer/fat32/boot_code.h"
#include "writer/fat32/fat32.h"
#include "writer/fat32/mbr.h"
#include "writer/restore/restore_plan.h"

namespace sw::writer::demo {
namespace {

/// Fixed, not random as a restore's: every demo image has the same bytes, so the same digest.
constexpr std::uint32_t kVolumeId = 0x5717C0DE;

constexpr std::string_view kReadme =
    "stickwright demo\r\n"
    "================\r\n"
    "\r\n"
    "This drive was written by stickwright's demo, then read back to prove that it\r\n"
    "holds exactly the bytes of the demo image.\r\n"
    "\r\n"
    "It boots on a PC with a BIOS (or UEFI with legacy boot, CSM): its first sector\r\n"
    "holds a small boot program of stickwright's own, which prints\r\n"
    "\"stickwright demo: this stick boots.\" and halts. It starts no operating system.\r\n"
    "\r\n"
    "This partition (FAT32, labelled STICKWRIGHT) holds only this file.\r\n"
    "\r\n"
    "To write a real system: stickwright write IMAGE /dev/sdX, with the image's\r\n"
    "checksum list next to it. To make this stick a normal one again:\r\n"
    "stickwright restore /dev/sdX.\r\n";

}  // namespace

std::string_view demo_readme() { return kReadme; }

Result<std::vector<std::byte>> demo_image() {
  auto label = restore::fat_label(kDemoVolumeLabel);
  if (!label) return label.failure();
  restore::RestoreRequest r;
  r.disk_bytes = kDemoImageBytes;
  r.label = *label;
  r.volume_id = kVolumeId;
  r.time = fat32::dos_time(2025, 1, 1, 12, 0, 0);
  const auto readme = std::as_bytes(std::span(kReadme));
  r.root_files.push_back({std::string(kDemoReadmeName), {readme.begin(), readme.end()}});
  // Restore's MBR has no boot code and no active partition; the demo's has both: the program
  // that prints the message, and the flag without which a few old BIOSes boot no disk at all.
  static_assert(fat32::message_boot_code_bytes(kDemoBootMessage) <= fat32::kMbrCodeBytes);
  r.mbr_code = fat32::message_boot_code(0, kDemoBootMessage);
  r.active = true;
  auto layout = restore::plan_restore(r);
  if (!layout) return layout.failure();
  // Built in memory, so sized by the demo's own constant (the layout's disk is the same size).
  std::vector<std::byte> image(kDemoImageBytes);
  for (const auto& b : layout->blocks) {
    std::copy(b.bytes.begin(), b.bytes.end(),
              image.begin() + static_cast<std::ptrdiff_t>(b.offset));
  }
  return image;
}

}  // namespace sw::writer::demo
