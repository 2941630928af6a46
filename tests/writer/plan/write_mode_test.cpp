#include "writer/plan/write_mode.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/iso_builder.h"

using namespace sw;
using namespace sw::writer;

namespace {

bool any_holds(const std::vector<std::string>& v, std::string_view words) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return s.find(words) != std::string::npos; });
}

/// decide_mode's verdict on a raw write as the lines a front end shows: the risk the user
/// overrode (by its value), then the warnings; or the refusal.
Result<std::vector<std::string>> raw_write(const Inspection& i, ModeRequest m) {
  auto d = decide_mode(i, m);
  if (!d) return d.failure();
  std::vector<std::string> out;
  if (d->overridden == RawRisk::kWindowsInstaller) out.emplace_back("overrode: Windows installer");
  if (d->overridden == RawRisk::kCannotBootFromUsb)
    out.emplace_back("overrode: cannot boot from USB");
  out.insert(out.end(), d->warnings.begin(), d->warnings.end());
  return out;
}

/// What inspect_bytes says of an ISO whose El Torito entry works only from a CD.
Inspection cd_only_iso() {
  Inspection r;
  r.image = "/tmp/cd-only.iso";
  r.kind = ImageKind::kNonBootableIso;
  r.reasons = {
      "BIOS: the ISO has an El Torito BIOS boot entry, which works only from a CD or DVD: it has "
      "no hybrid MBR, so a BIOS cannot boot it from USB",
      "UEFI: the ISO has no EFI boot image and no EFI system partition",
      "CPU: no kernel or loader tells which CPU it needs",
  };
  r.boot_reasons.assign(r.reasons.begin(), r.reasons.begin() + 2);  // as inspect_bytes does
  return r;
}

Inspection windows_iso() {
  Inspection r;
  r.image = "/tmp/Win10_22H2_English_x64.iso";
  r.kind = ImageKind::kWindowsInstaller;
  r.udf = true;
  r.windows = WindowsInfo{true, "/sources/install.wim", 1u << 30, Arch::kX86_64, true};
  r.boot.cpu = Cpu::kX86_64;
  return r;
}

}  // namespace

TEST_CASE("write mode: a non-bootable ISO is refused in auto mode, naming the reason") {
  const auto r = raw_write(cd_only_iso(), ModeRequest::kAuto);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kTargetRefused);
  CHECK(r.error().message.find("/tmp/cd-only.iso") != std::string::npos);
  CHECK(r.error().message.find("works only from a CD or DVD") != std::string::npos);
  CHECK(r.error().message.find("no EFI boot image") != std::string::npos);
  CHECK(r.error().remedy == Remedy::kWriteRawAnyway);
  CHECK(r.error().message.find("--mode") == std::string::npos);  // the front ends word it
  CHECK(r.error().message.find("CPU:") == std::string::npos);    // only the boot reasons
}

TEST_CASE("write mode: a non-bootable ISO is written with a warning when --mode raw asks") {
  const auto r = raw_write(cd_only_iso(), ModeRequest::kRaw);
  REQUIRE(r.ok());
  CHECK(any_holds(*r, "overrode: cannot boot from USB"));
}

TEST_CASE("write mode: a Windows installer is written in Windows mode, chosen or asked") {
  const auto a = decide_mode(windows_iso(), ModeRequest::kAuto);
  REQUIRE(a.ok());
  CHECK(a->mode == WriteMode::kWindows);
  CHECK(a->automatic);
  CHECK(any_holds(a->warnings, "64-bit"));
  const auto w = decide_mode(windows_iso(), ModeRequest::kWindows);
  REQUIRE(w.ok());
  CHECK(w->mode == WriteMode::kWindows);
  CHECK_FALSE(w->automatic);
}

TEST_CASE("write mode: Windows mode is refused for an image that is not a Windows installer") {
  const auto r = decide_mode(cd_only_iso(), ModeRequest::kWindows);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kInput);
  CHECK(r.error().message.find("not a Windows installer ISO") != std::string::npos);
  CHECK(r.error().remedy == Remedy::kNone);
}

TEST_CASE("write mode: a compressed Windows installer is refused, unless written raw") {
  Inspection i = windows_iso();
  i.compression = Compression::kXz;
  for (auto m : {ModeRequest::kAuto, ModeRequest::kWindows}) {
    const auto r = raw_write(i, m);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kInput);
    CHECK(r.error().message.find("decompress it first") != std::string::npos);
    CHECK(r.error().message.find("compressed Windows installer ISO (xz)") != std::string::npos);
    CHECK(r.error().remedy == Remedy::kWriteRawAnyway);
  }
  const auto raw = raw_write(i, ModeRequest::kRaw);
  REQUIRE(raw.ok());
  CHECK(any_holds(*raw, "overrode: Windows installer"));
}

TEST_CASE("write mode: a Windows installer is written with a warning when --mode raw asks") {
  const auto r = raw_write(windows_iso(), ModeRequest::kRaw);
  REQUIRE(r.ok());
  CHECK(any_holds(*r, "overrode: Windows installer"));
  CHECK(any_holds(*r, "64-bit"));
}

TEST_CASE("write mode: a truncated image is refused as bad input raw, even with --mode raw") {
  for (auto kind :
       {ImageKind::kHybridIso, ImageKind::kNonBootableIso, ImageKind::kWindowsInstaller}) {
    for (auto mode : {ModeRequest::kAuto, ModeRequest::kRaw}) {
      // A Windows installer in auto mode is built, not copied: reading its files finds the end.
      if (kind == ImageKind::kWindowsInstaller && mode == ModeRequest::kAuto) continue;
      Inspection i = kind == ImageKind::kWindowsInstaller ? windows_iso() : cd_only_iso();
      i.kind = kind;
      i.boot.bios = kind == ImageKind::kHybridIso;
      i.truncated =
          "the ISO 9660 volume is 4000 bytes but the image has only 2000: the file is "
          "truncated";
      const auto r = raw_write(i, mode);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().kind == ErrorKind::kInput);
      CHECK(r.error().message.find("truncated") != std::string::npos);
      CHECK(r.error().message.find("4000 bytes") != std::string::npos);
    }
  }
}

TEST_CASE("write mode: a disk image with no PC boot path is allowed with a warning") {
  Inspection i;
  i.image = "/tmp/raspios.img";
  i.kind = ImageKind::kDiskImage;
  for (auto mode : {ModeRequest::kAuto, ModeRequest::kRaw}) {
    const auto r = raw_write(i, mode);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK(any_holds(*r, "no PC boot path"));
    CHECK(any_holds(*r, "/tmp/raspios.img"));
  }
}

TEST_CASE("write mode: a bootable image gets no warning, or one about a 64-bit CPU") {
  Inspection i;
  i.image = "/tmp/live.iso";
  i.kind = ImageKind::kHybridIso;
  i.boot.bios = true;
  SUBCASE("i386") {
    i.boot.cpu = Cpu::kI386;
    const auto r = raw_write(i, ModeRequest::kAuto);
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  SUBCASE("x86_64") {
    i.boot.cpu = Cpu::kX86_64;
    const auto r = raw_write(i, ModeRequest::kAuto);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK(any_holds(*r, "64-bit"));
    CHECK(any_holds(*r, "x86_64"));
  }
  SUBCASE("a UEFI-only disk image for x86_64") {
    i.kind = ImageKind::kDiskImage;
    i.boot.bios = false;
    i.boot.uefi_x64 = true;
    i.boot.cpu = Cpu::kX86_64;
    const auto r = raw_write(i, ModeRequest::kAuto);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    CHECK(any_holds(*r, "64-bit"));
  }
}

TEST_CASE("write mode: the refusal of an inspected CD-only ISO carries the inspector's reasons") {
  sw::test::IsoBuilder b("CD_ONLY");
  const auto img =
      b.file("isolinux/isolinux.bin", sw::test::Bytes(2048))
          .boot(0x00, sw::test::BootEntry{true, 0, 0, 4, false, "isolinux/isolinux.bin"})
          .build();
  Inspection i = inspect_bytes(MemoryImageBytes(img));
  i.image = "cd-only.iso";
  REQUIRE(i.kind == ImageKind::kNonBootableIso);
  const auto r = raw_write(i, ModeRequest::kAuto);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kTargetRefused);
  CHECK(r.error().message.find("- BIOS: the ISO has an El Torito BIOS boot entry") !=
        std::string::npos);
  CHECK(r.error().message.find("- UEFI:") != std::string::npos);
}
