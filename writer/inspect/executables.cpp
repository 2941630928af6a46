#include "writer/inspect/executables.h"

#include "writer/inspect/image_bytes.h"

namespace sw::writer {

std::string_view arch_name(Arch a) {
  switch (a) {
    case Arch::kI386:
      return "i386";
    case Arch::kX86_64:
      return "x86_64";
    case Arch::kArm64:
      return "arm64";
    case Arch::kArm:
      return "arm";
    case Arch::kOther:
      break;
  }
  return "other";
}

std::optional<Arch> pe_arch(std::span<const std::byte> head) {
  if (!bytes_equal(head, 0, "MZ")) return std::nullopt;
  const std::uint32_t pe = le32(head, 0x3c);
  if (pe > head.size() || !bytes_equal(head, pe, std::string_view("PE\0\0", 4))) {
    return std::nullopt;
  }
  switch (le16(head, pe + 4)) {
    case 0x014c:
      return Arch::kI386;
    case 0x8664:
      return Arch::kX86_64;
    case 0xaa64:
      return Arch::kArm64;
    case 0x01c2:
    case 0x01c4:
      return Arch::kArm;
    default:
      return Arch::kOther;
  }
}

std::optional<Arch> kernel_arch(std::span<const std::byte> head) {
  if (bytes_equal(head, 0,
                  "\x7f"
                  "ELF")) {
    switch (le16(head, 18)) {
      case 3:
        return Arch::kI386;
      case 40:
        return Arch::kArm;
      case 62:
        return Arch::kX86_64;
      case 183:
        return Arch::kArm64;
      default:
        return Arch::kOther;
    }
  }
  if (le16(head, 0x1fe) != 0xaa55 || !bytes_equal(head, 0x202, "HdrS")) return std::nullopt;
  constexpr std::uint16_t kXloadflagsVersion = 0x020c;
  if (le16(head, 0x206) < kXloadflagsVersion) return std::nullopt;
  constexpr std::uint16_t kXlfKernel64 = 1;  // XLF_KERNEL_64: has the 64-bit entry at 0x200
  return (le16(head, 0x236) & kXlfKernel64) ? Arch::kX86_64 : Arch::kI386;
}

}  // namespace sw::writer
