// libFuzzer harness for the image inspector: partition tables, ISO 9660 and El Torito, UDF
// (libudfread, and our own UDF time reader), FAT, executable headers, all fed from untrusted
// image bytes. Built and run by scripts/fuzz inspect.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "writer/inspect/image_bytes.h"
#include "writer/inspect/inspect.h"
#include "writer/inspect/udf_times.h"
#include "writer/plan/write_mode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>(data[i]);
  const sw::writer::MemoryImageBytes image(std::move(bytes));
  const auto r = sw::writer::inspect_bytes(image);
  // Every verdict must come with reasons, and a kind must be consistent with the verdict.
  if (r.reasons.empty()) __builtin_trap();
  if (r.kind == sw::writer::ImageKind::kHybridIso && !r.boot.bios && !r.boot.uefi_x64 &&
      !r.boot.uefi_ia32) {
    __builtin_trap();
  }
  (void)sw::writer::decide_mode(r, sw::writer::ModeRequest::kAuto);
  // The UDF time reader, on the same bytes placed at the anchor's sector (256) so the fuzzer
  // shapes the anchor, the descriptor sequence and the directories without 512 KiB of input.
  std::vector<std::byte> at_anchor(256 * 2048 + size);
  for (std::size_t i = 0; i < size; ++i)
    at_anchor[256 * 2048 + i] = static_cast<std::byte>(data[i]);
  const sw::writer::MemoryImageBytes udf_image(std::move(at_anchor));
  (void)sw::writer::read_udf_times(udf_image, 10000);
  return 0;
}
