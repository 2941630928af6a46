#pragma once
/// What a write or verify job says when it stops or wants to be known: each failure with its
/// kind and a message for a person (what happened, where, what to do), built here so that
/// writer/job.cpp reads as the flow. No message names a front end's flag or key.

#include <cstdint>
#include <optional>
#include <string>

#include "platform/result.h"
#include "writer/checksum_file.h"
#include "writer/passes.h"

namespace sw::writer::job_messages {

/// The digests differ. `compressed`: name both the file's and the content's digest.
Error hash_mismatch(const std::string& image, const ExpectedHash& expected, const ImageDigests& d,
                    bool compressed);
/// The note after a compressed image matched: what matched, what the drive is checked against.
std::string compressed_match_note(Algorithm alg, std::string_view matched_on,
                                  std::uint64_t content_bytes);
/// No expected digest and the policy requires one; `notes` say what was looked at.
Error no_expected_hash(const std::string& image, const std::vector<std::string>& notes);

/// No expected digest was given or found, and the hash pass found the image in no catalog.
Error not_in_catalogs(const std::string& image);

/// The user stopped the job during the hash pass, before anything was written.
Error stopped_hashing();
/// The user stopped the job during the read-back of `target`.
Error stopped_verifying(const std::string& target);
/// The user stopped the job after `written` of `total` bytes.
Error stopped_writing(std::uint64_t written, std::uint64_t total, const std::string& target);
/// A read or write failed while writing: the target is incomplete.
Error write_failed(const Error& e, const std::string& target);

/// The image file changed after its hash pass: before writing (nothing was written) or while
/// it was written.
Error image_changed_before_write(const std::string& image);
Error image_changed_while_writing(const std::string& image, const std::string& target);
/// The bytes written differ from the bytes hashed (the digest taken while writing).
Error image_changed_digest(const std::string& image, const std::string& hashed,
                           const std::string& written, const std::string& target);
/// The target holds the image file as it is now, not as it was hashed.
Error target_holds_changed_image(const std::string& image, const std::string& target,
                                 const std::string& read_back, const std::string& hashed);
/// The read-back digest differs; `first_difference` when it was located.
Error verify_failed(const std::string& target, std::optional<std::uint64_t> first_difference,
                    const std::string& read_back);

/// The image (or stream) does not fit the target.
Error does_not_fit(std::uint64_t needed, const std::string& target, std::uint64_t capacity);
/// The target's size changed between planning and opening it.
Error target_size_changed(const std::string& target);
/// The target's logical sector size does not suit a file system laid out for `needed`.
Error wrong_sector_size(const std::string& target, std::uint32_t granularity, std::string_view mode,
                        std::uint32_t needed);

/// The note after an earlier image's backup GPT header was cleared at `offset`.
std::string stale_gpt_note(std::uint64_t offset);
/// The note when the kernel could not re-read the partition table.
std::string reread_failed_note(const Error& e);

}  // namespace sw::writer::job_messages
