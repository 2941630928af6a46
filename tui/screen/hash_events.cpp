// The hash screen's events: the expected digest resolved, the image inspected, the hash pass
// done and its authenticity judged (split from app_logic.cpp; declared in app_logic.h).
#include "tui/inspect_report.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/words.h"
#include "writer/expected_hash.h"
#include "writer/plan/write_mode.h"

namespace sw::tui {
namespace {

/// Tells shown under the inspection on the 80x25 screen; the rest are counted ("and N more").
constexpr std::size_t kScreenTells = 3;

}  // namespace

ActionKind on_hash_resolved(AppState& s, const Result<writer::HashResolution>& r) {
  if (!r) {
    s.hash.error = screen::error_text(r.error());
  } else {
    s.hash.expected = r->expected;
    s.hash.notes = r->notes;
    s.hash.list_auth = r->authenticity;
    s.hash.image_signature = r->image_signature;
    if (writer::auth_refuses(r->authenticity.status)) {
      // A list whose signature fails: nothing is hashed, nothing may be written.
      s.hash.error =
          screen::error_text(writer::signature_refusal(r->authenticity, "the checksum list"));
      s.hash.authenticity = r->authenticity;
      s.hash.judged = true;
      s.hash.status = HashStatus::kRefused;
      return ActionKind::kNone;
    }
  }
  s.hash.status = HashStatus::kHashing;
  return ActionKind::kStartHash;
}

void on_image_inspected(AppState& s, const Result<writer::Inspection>& r) {
  s.check = ImageCheck{};
  s.check.done = true;
  if (!r) {
    s.check.warnings.push_back("The image could not be inspected: " + r.error().message);
    s.check.failure = r.error();
    return;
  }
  s.check.inspection = *r;
  s.check.summary = inspection_summary(*r);
  s.check.tells = tamper_lines(*r, kScreenTells);
  // The engine's decision, as the write will make it (writer::plan_write decides again).
  auto d = writer::decide_mode(*r, writer::ModeRequest::kAuto);
  if (!d) {
    s.check.refusal = d.error().message;
    s.check.remedy = d.error().remedy;
    // What R would do: the raw write's risk, worded only once R is pressed.
    auto forced = writer::decide_mode(*r, writer::ModeRequest::kRaw);
    if (s.check.can_force() && forced) {
      s.check.forced_warning = std::string(screen::overridden_words(forced->overridden));
    }
    return;
  }
  s.check.warnings = d->warnings;
  if (d->mode == writer::WriteMode::kWindows) {
    // Windows mode: the stick is built as an MBR, a FAT32 partition with the ISO's files and
    // GRUB's BIOS boot code, because the ISO written raw would not boot from USB.
    s.check.windows_mode = true;
    s.check.summary.insert(s.check.summary.begin() + 1,
                           "Mode: Windows - the stick gets a FAT32 partition with the ISO's "
                           "files and GRUB boot code (written raw, it would not boot)");
  }
}

void on_hash_progress(AppState& s, const writer::ProgressEvent& ev) { s.hash.progress = ev; }

void on_hash_done(AppState& s, const Result<writer::ImageDigests>& r) {
  auto& h = s.hash;
  if (!r) {
    h.status = HashStatus::kFailed;
    h.error = r.error().message;
    return;
  }
  h.sha256 = r->of(writer::Algorithm::kSha256);
  if (!h.expected) {
    h.status = HashStatus::kNoExpected;
    return;
  }
  const auto match = writer::match_expected(*r, h.expected->algorithm, h.expected->hex);
  h.actual_expected_alg = match == writer::HashMatch::kCompressedFile
                              ? r->of_file(h.expected->algorithm)
                              : r->of(h.expected->algorithm);
  h.matched_on = match;
  h.status = match != writer::HashMatch::kNone ? HashStatus::kMatch : HashStatus::kMismatch;
  if (!r->file_hex.empty()) s.image_bytes = r->bytes;
}

void on_hash_started(AppState& s) {
  s.hash.authenticity = {};
  s.hash.catalog.reset();
  s.hash.judged = false;
}

void on_hash_judged(AppState& s, const writer::AuthVerdict& v) {
  auto& h = s.hash;
  if (h.status == HashStatus::kMismatch || h.status == HashStatus::kFailed) return;
  h.authenticity = v.authenticity;
  h.catalog = v.catalog;
  h.judged = true;
  if (v.refusal) {
    // The image's own signature failed: nothing may be written.
    h.error = screen::error_text(*v.refusal);
    h.status = HashStatus::kRefused;
    return;
  }
  if (!h.expected && h.catalog && h.status == HashStatus::kNoExpected) {
    // A catalog's entry is the expected digest when none other was given.
    h.expected = h.catalog->as_expected();
    h.matched_on = h.catalog->matched_on;
    h.actual_expected_alg = h.catalog->hex;
    h.status = HashStatus::kMatch;
  }
}

bool signature_satisfied(const AppState& s) {
  return !s.require_signature || s.hash.authenticity.status == writer::AuthStatus::kAuthentic;
}

}  // namespace sw::tui
