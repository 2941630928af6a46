#include "writer/raw_plan.h"

#include <fmt/format.h>

namespace sw::writer {
namespace {

/// The BIOS and UEFI reasons, joined, for a refusal message.
std::string boot_reasons(const Inspection& r) {
  std::string out;
  for (const auto& s : r.boot_reasons) out += fmt::format("\n  - {}", s);
  return out;
}

}  // namespace

Result<RawVerdict> judge_raw_write(const Inspection& r) {
  if (r.truncated) {
    return fail(ErrorKind::kInput, fmt::format("{} is truncated: {}. Download it again; nothing "
                                               "was written.",
                                               r.image, *r.truncated));
  }
  RawVerdict v;
  if (r.kind == ImageKind::kWindowsInstaller) {
    v.risk = RawRisk::kWindowsInstaller;
    v.risk_text = fmt::format(
        "{} is a Windows installer ISO (bootmgr and {}): written raw it does not boot from a USB "
        "stick.",
        r.image, r.windows->install);
  } else if (r.kind == ImageKind::kNonBootableIso && r.partial) {
    // Seen only in part: what would make it boot may lie beyond the window, so warn only.
    v.warnings.push_back(
        fmt::format("{} looks like an ISO that cannot boot from USB, but only the "
                    "first {} bytes were inspected",
                    r.image, r.inspected_bytes));
  } else if (r.kind == ImageKind::kNonBootableIso) {
    v.risk = RawRisk::kCannotBootFromUsb;
    v.risk_text = fmt::format(
        "{} is an ISO that cannot boot from a USB stick:{}\nWritten raw, the stick would not boot.",
        r.image, boot_reasons(r));
  } else if (!r.boot.bios && !r.boot.uefi_x64 && !r.boot.uefi_ia32) {
    v.warnings.push_back(fmt::format(
        "no PC boot path found in {} (no MBR boot code, no EFI loader): the stick will not boot a "
        "PC; that is fine if the image is meant for other hardware, such as a Raspberry Pi",
        r.image));
  }
  if (r.boot.cpu == Cpu::kX86_64) {
    v.warnings.push_back(
        "this image needs a 64-bit (x86_64) PC; it will not boot on a "
        "32-bit-only one");
  }
  return v;
}

}  // namespace sw::writer
