#include "writer/job_messages.h"

#include <fmt/format.h>

#include "writer/readback_digest.h"

namespace sw::writer::job_messages {

Error hash_mismatch(const std::string& image, const ExpectedHash& expected, const ImageDigests& d,
                    bool compressed) {
  const auto alg = algorithm_name(expected.algorithm);
  std::string has = fmt::format("image has {} {}", alg, d.of(expected.algorithm));
  if (compressed) {
    has = fmt::format("compressed file has {} {}\n  decompressed image has {} {}", alg,
                      d.of_file(expected.algorithm), alg, d.of(expected.algorithm));
  }
  return Error{ErrorKind::kHashMismatch,
               fmt::format("hash mismatch for {}:\n  expected {} {} (from {})\n  {}\n"
                           "Nothing was written. The image is damaged or not the one the "
                           "checksum describes: download it again from a trusted source.",
                           image, alg, expected.hex,
                           expected.given() ? "the digest given" : expected.source, has)};
}

std::string compressed_match_note(Algorithm alg, std::string_view matched_on,
                                  std::uint64_t content_bytes) {
  return fmt::format(
      "the expected {} matched {}; the drive is checked against the {} decompressed bytes",
      algorithm_name(alg), matched_on, content_bytes);
}

Error no_expected_hash(const std::string& image, const std::vector<std::string>& notes) {
  std::string msg = fmt::format("no expected hash for {}. Nothing was written.", image);
  for (const auto& note : notes) msg += fmt::format("\n  note: {}", note);
  return Error{ErrorKind::kNoExpectedHash, msg, 0, Remedy::kGiveExpectedHash};
}

Error not_in_catalogs(const std::string& image) {
  return Error{ErrorKind::kNoExpectedHash,
               fmt::format("no expected hash for {}, and no catalog of known images lists its "
                           "digest. Nothing was written.",
                           image),
               0, Remedy::kGiveExpectedHash};
}

Error stopped_hashing() {
  return Error{ErrorKind::kInterrupted, "stopped during the hash check; nothing was written"};
}

Error stopped_verifying(const std::string& target) {
  return Error{ErrorKind::kInterrupted,
               fmt::format("stopped during verification; {} was not verified", target)};
}

Error stopped_writing(std::uint64_t written, std::uint64_t total, const std::string& target) {
  return Error{ErrorKind::kInterrupted,
               fmt::format("stopped by the user after {} of {} bytes; {} is incomplete and will "
                           "not boot. Write it again.",
                           written, total, target)};
}

Error write_failed(const Error& e, const std::string& target) {
  if (e.kind == ErrorKind::kInput) {
    // The image could not be read: the drive is not to blame.
    return Error{e.kind, fmt::format("{}; {} is incomplete", e.message, target), e.sys_errno};
  }
  return Error{e.kind,
               fmt::format("{}. {} is incomplete: the drive may be failing or was unplugged; try "
                           "another stick or another USB port.",
                           e.message, target),
               e.sys_errno};
}

Error image_changed_before_write(const std::string& image) {
  return Error{ErrorKind::kInput,
               fmt::format("{} changed (rewritten, truncated or touched) after its hash was "
                           "checked; nothing was written. Make sure nothing modifies the image "
                           "and write again.",
                           image)};
}

Error image_changed_while_writing(const std::string& image, const std::string& target) {
  return Error{ErrorKind::kVerifyFailed,
               fmt::format("{} changed (rewritten, truncated or touched) while it was written; {} "
                           "may not hold the verified image. Make sure nothing modifies the image "
                           "and write again.",
                           image, target)};
}

Error image_changed_digest(const std::string& image, const std::string& hashed,
                           const std::string& written, const std::string& target) {
  return Error{ErrorKind::kVerifyFailed,
               fmt::format("{} changed after its hash was checked ({} {} at the check, {} while "
                           "writing); {} does not hold the verified image. Make sure nothing "
                           "modifies the image and write again.",
                           image, kReadbackDigestName, hashed, written, target)};
}

Error target_holds_changed_image(const std::string& image, const std::string& target,
                                 const std::string& read_back, const std::string& hashed) {
  return Error{
      ErrorKind::kVerifyFailed,
      fmt::format("{} changed after its hash was checked: {} holds the changed file "
                  "({} {}), not the verified image ({} {}). Make sure nothing modifies "
                  "the image and write again.",
                  image, target, kReadbackDigestName, read_back, kReadbackDigestName, hashed)};
}

namespace {

/// Where counterfeit sticks stop keeping data: a power of two (a top address line not wired),
/// or a round multiple of 256 MiB.
bool at_fake_boundary(std::uint64_t offset) {
  constexpr std::uint64_t kMiB = 1024 * 1024;
  if (offset < kMiB) return false;
  return (offset & (offset - 1)) == 0 || offset % (256 * kMiB) == 0;
}

}  // namespace

Error verify_failed(const std::string& target, std::optional<std::uint64_t> first_difference,
                    const std::string& read_back) {
  const std::string where = first_difference
                                ? fmt::format("first difference at byte {}", *first_difference)
                                : "the image could not be read again to locate the difference";
  if (first_difference && at_fake_boundary(*first_difference)) {
    return Error{ErrorKind::kVerifyFailed,
                 fmt::format("verification failed: {} does not hold the image ({}; read back {} "
                             "{}). This stick is probably counterfeit: it stops keeping data at "
                             "a round size, as fake sticks do.",
                             target, where, kReadbackDigestName, read_back),
                 0, Remedy::kCheckStick};
  }
  return Error{ErrorKind::kVerifyFailed,
               fmt::format("verification failed: {} does not hold the image ({}; read back {} "
                           "{}). The stick may be faulty or counterfeit: try another stick, or "
                           "another USB port.",
                           target, where, kReadbackDigestName, read_back)};
}

Error does_not_fit(std::uint64_t needed, const std::string& target, std::uint64_t capacity) {
  return Error{ErrorKind::kTargetRefused,
               fmt::format("the image needs {} bytes but {} holds only {}; use a larger drive. "
                           "Nothing was written.",
                           needed, target, capacity)};
}

Error target_size_changed(const std::string& target) {
  return Error{ErrorKind::kTargetRefused,
               fmt::format("{} changed size since it was chosen; nothing was written", target)};
}

Error wrong_sector_size(const std::string& target, std::uint32_t granularity, std::string_view mode,
                        std::uint32_t needed) {
  return Error{ErrorKind::kTargetRefused,
               fmt::format("{} has {}-byte logical sectors, but {} mode builds its file system "
                           "for {}-byte sectors: the stick would not mount. Use a drive with "
                           "512-byte sectors (most USB sticks and SD cards). Nothing was written.",
                           target, granularity, mode, needed)};
}

std::string stale_gpt_note(std::uint64_t offset) {
  return fmt::format(
      "cleared a stale backup GPT header at byte {} (the last sector, left by an earlier image), "
      "so firmware cannot find old partitions there",
      offset);
}

std::string reread_failed_note(const Error& e) {
  return e.message + "; unplug and replug the drive to see its partitions";
}

}  // namespace sw::writer::job_messages
