#pragma once
/// Capturing a drive as an image file: read the drive (or its first bytes), write the image
/// (raw or compressed) under a temporary name, read the drive again through a fresh reader that
/// bypasses the cache, and only when both reads give the same digest put the image under its
/// name with a sha256 sidecar. Nothing is ever written to the drive.

#include <cstdint>
#include <optional>
#include <string>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/inspect/compression.h"
#include "writer/progress.h"

namespace sw::writer {

/// What to capture and where.
struct CaptureRequest {
  platform::BlockDevice* drive = nullptr;        ///< opened for reading; never written
  std::uint64_t bytes = 0;                       ///< how many bytes from the start (<= capacity)
  std::string image_path;                        ///< the final name of the image file
  Compression compression = Compression::kNone;  ///< kNone, kZstd or kXz
  ProgressSink sink;  ///< the read as Phase::kWrite (the image is written), the re-read kVerify
  CancelToken cancel;
  const Clock* clock = &steady_clock();
};

/// What a capture did.
struct CaptureReport {
  std::uint64_t bytes = 0;  ///< bytes read from the drive
  std::string sha256;       ///< of the drive's bytes (both reads agree)
  std::string file_sha256;  ///< of the image file as written (compressed when it is)
  std::uint64_t file_bytes = 0;
  std::string sidecar_path;  ///< IMAGE.sha256
  bool verified = false;     ///< the re-read gave the same digest
};

/// The temporary name an image is written under until it is verified: IMAGE.part.
std::string partial_image_path(const std::string& image_path);

/// The sidecar's name, IMAGE.sha256, and its one line in sha256sum's format
/// ("HEX  BASENAME\n"), which stickwright's own checksum lookup finds next to the image.
std::string sidecar_path(const std::string& image_path);
/// The sidecar's line for `image_path` with digest `hex`.
std::string sidecar_line(const std::string& image_path, const std::string& hex);

/// Runs the capture. Failures: kTargetIo (the drive cannot be read), kInput (the image file
/// cannot be written), kVerifyFailed (the second read differs: the drive does not return the same
/// bytes twice), kInterrupted. On any failure the temporary file is removed and nothing is left
/// under the image's name.
Result<CaptureReport> run_capture(const CaptureRequest& request);

/// The end of the last partition of the drive's MBR or GPT partition table (the GPT's own
/// primary table included), in bytes: what a capture of the used part reads. Fails (kInput) when
/// the drive has no partition table or none of its partitions.
Result<std::uint64_t> used_extent(platform::BlockDevice& drive);

}  // namespace sw::writer
