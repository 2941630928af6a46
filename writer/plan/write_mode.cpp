#include "writer/plan/write_mode.h"

#include <fmt/format.h>

namespace sw::writer {
namespace {

/// A refusal of the raw write the inspection advises against, which kRaw overrides.
Failure raw_refusal(const Inspection& r, const RawVerdict& v) {
  if (v.risk == RawRisk::kWindowsInstaller) {
    // Reached only for a compressed installer: an uncompressed one goes to Windows mode.
    return fail(ErrorKind::kInput,
                fmt::format("{} is a compressed Windows installer ISO ({}): Windows mode needs it "
                            "uncompressed, so decompress it first; written raw, it does not boot "
                            "from a USB stick. Nothing was written.",
                            r.image, compression_name(r.compression)),
                Remedy::kWriteRawAnyway);
  }
  return fail(ErrorKind::kTargetRefused, v.risk_text + " Nothing was written.",
              Remedy::kWriteRawAnyway);
}

}  // namespace

Result<ModeDecision> decide_mode(const Inspection& r, ModeRequest request) {
  const bool windows_iso = r.kind == ImageKind::kWindowsInstaller;
  if (request == ModeRequest::kWindows && !windows_iso) {
    return fail(ErrorKind::kInput,
                fmt::format("{} is not a Windows installer ISO (no bootmgr with "
                            "sources/install.wim or install.esd): Windows mode does not apply. "
                            "It is a {}.",
                            r.image, image_kind_text(r.kind)));
  }
  ModeDecision d;
  if (windows_iso && request != ModeRequest::kRaw && r.compression == Compression::kNone) {
    // The stick is built from the ISO's files: their reading finds a truncated ISO.
    d.mode = WriteMode::kWindows;
    d.automatic = request == ModeRequest::kAuto;
    if (r.boot.cpu == Cpu::kX86_64) d.warnings.push_back("this installer needs a 64-bit PC");
    return d;
  }
  auto verdict = judge_raw_write(r);
  if (!verdict) return verdict.failure();  // truncated: no mode writes it raw
  d.warnings = std::move(verdict->warnings);
  if (verdict->risk == RawRisk::kNone) return d;
  if (request != ModeRequest::kRaw) return raw_refusal(r, *verdict);
  d.overridden = verdict->risk;
  return d;
}

}  // namespace sw::writer
