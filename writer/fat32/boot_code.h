#pragma once
/// The only x86 code stickwright writes itself: a few real-mode instructions that print a message
/// through the BIOS and halt. The FAT32 boot sector carries it (writer/fat32/fat32.cpp: "not a
/// bootable partition"), and so does the demo image's MBR (writer/demo/demo_image.cpp: "this stick
/// boots").

#include <cstddef>
#include <string_view>
#include <vector>

namespace sw::writer::fat32 {

/// Where a BIOS loads a boot sector (its MBR, or a partition's first sector): 0000:7C00.
inline constexpr std::size_t kBootLoadAddress = 0x7C00;

/// The code's own length, before its message.
inline constexpr std::size_t kMessageCodeBytes = 26;

/// How many bytes message_boot_code makes for `message`: the code, the message and a NUL. Where
/// they must fit is checked when compiling (static_assert at each use).
constexpr std::size_t message_boot_code_bytes(std::string_view message) {
  return kMessageCodeBytes + message.size() + 1;
}

/// The code, then `message` and a NUL: the bytes to copy to offset `at` of a boot sector. Run
/// from 0000:7C00 or 07C0:0000 alike, it prints the message with the BIOS teletype call (int 10h,
/// AH 0Eh: "\r\n" moves to the next line) and halts for good (cli; hlt). Its length is
/// message_boot_code_bytes(message).
std::vector<std::byte> message_boot_code(std::size_t at, std::string_view message);

}  // namespace sw::writer::fat32
