#pragma once
/// What CPU an executable needs, from its header: PE/COFF (EFI loaders, Windows setup.exe),
/// the Linux x86 boot protocol header (bzImage) and ELF (vmlinux).

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace sw::writer {

/// CPU architectures the inspector tells apart.
enum class Arch { kI386, kX86_64, kArm64, kArm, kOther };

/// "i386", "x86_64", "arm64", "arm", "other".
std::string_view arch_name(Arch a);

/// Bytes of an executable's start the functions below need.
inline constexpr std::size_t kExecutableHeadBytes = 4096;

/// The COFF machine field of a PE image (MZ + PE\0\0); none when it is not one.
std::optional<Arch> pe_arch(std::span<const std::byte> head);

/// The architecture of a Linux kernel: a bzImage (boot protocol 2.12+ says in xloadflags
/// whether it has a 64-bit entry, Documentation/arch/x86/boot.rst) or an ELF vmlinux; none when
/// it is neither or too old to say.
std::optional<Arch> kernel_arch(std::span<const std::byte> head);

}  // namespace sw::writer
