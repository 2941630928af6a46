// A real-mode boot program that prints a message and halts, hand-assembled.

#include "writer/fat32/boot_code.h"

#include "writer/fat32/le_bytes.h"

namespace sw::writer::fat32 {
namespace {

/// Real-mode code that prints the message that follows it through the BIOS teletype call and
/// halts. It runs from 0000:7C00 or 07C0:0000 alike: it sets DS to 0 and addresses the message
/// by its linear address, 0x7C00 + its offset in the sector (patched into the MOV SI below). It
/// keeps the stack the BIOS gave it: int 10h is the only call, and it returns.
constexpr std::uint8_t kBootCode[] = {
    0x31, 0xC0,        // xor ax, ax
    0x8E, 0xD8,        // mov ds, ax
    0xBE, 0x00, 0x00,  // mov si, message (patched)
    0xFC,              // cld
    0xAC,              // next: lodsb
    0x84, 0xC0,        // test al, al
    0x74, 0x09,        // jz halt
    0xB4, 0x0E,        // mov ah, 0x0E (teletype output)
    0xBB, 0x07, 0x00,  // mov bx, 0x0007 (page 0, grey)
    0xCD, 0x10,        // int 0x10
    0xEB, 0xF2,        // jmp next
    0xFA,              // halt: cli
    0xF4,              // hlt
    0xEB, 0xFD,        // jmp hlt
};
constexpr std::size_t kMessageImmediate = 5;  ///< offset of the MOV SI operand
static_assert(std::size(kBootCode) == kMessageCodeBytes);

}  // namespace

std::vector<std::byte> message_boot_code(std::size_t at, std::string_view message) {
  std::vector<std::byte> out(message_boot_code_bytes(message));
  for (std::size_t i = 0; i < std::size(kBootCode); ++i) {
    out[i] = static_cast<std::byte>(kBootCode[i]);
  }
  const std::size_t message_at = at + std::size(kBootCode);
  detail::put_le16(out, kMessageImmediate,
                   static_cast<std::uint16_t>(kBootLoadAddress + message_at));
  detail::put_text(out, std::size(kBootCode), message);  // out is zeroed: the NUL follows
  return out;
}

}  // namespace sw::writer::fat32
