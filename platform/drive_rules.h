#pragma once
/// Who may be written. Every exclusion carries a reason a person understands; no single signal
/// (such as the `removable` flag, which UAS sticks do not set and some SATA disks do) decides.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/drives.h"
#include "platform/sysroot.h"

namespace sw::platform {

/// Disks over this size are flagged as "looks like a hard disk" (decimal, as drives are sold).
inline constexpr std::uint64_t kHardDiskThresholdBytes = 128'000'000'000ull;

/// Mount points whose disks hold the running system.
inline constexpr const char* kSystemMountpoints[] = {"/",    "/boot", "/boot/efi", "/boot/firmware",
                                                     "/efi", "/usr",  "/var",      "/home"};
/// Where live systems keep the medium they booted from and the images on it (Debian, Fedora,
/// Ubuntu, Arch, Manjaro): a mount at or under one of these is the live medium.
inline constexpr const char* kLiveMediumMountpoints[] = {
    "/run/live/medium",     "/lib/live/mount/medium", "/run/initramfs/live", "/cdrom",
    "/run/archiso/bootmnt", "/run/archiso/img_dev",   "/run/miso",           "/iso"};

/// Why a disk that cannot be opened exclusively, with nothing of it mounted, is never written.
inline constexpr const char* kClaimedReason =
    "is in use by the system (claimed by the kernel: it cannot be opened exclusively, though "
    "nothing of it is mounted here; a mount in another namespace, a RAID or another program?)";

/// Why a drive is written only when the user allows drives that are not USB sticks or SD cards.
/// Each front end words how to allow it (the command line's flag, the terminal UI's key).
enum class NotRemovable { kLoop, kInternalEmmc, kOtherTransport };

/// How a drive may be used.
enum class Verdict {
  kOffered,    ///< a USB drive or SD card that passes every rule
  kNeedsFlag,  ///< writable only when the user allows non-removable drives (see NotRemovable)
  kNever,      ///< never written, whatever the flags
};

/// The verdict and every reason behind it.
struct Eligibility {
  Verdict verdict = Verdict::kOffered;
  bool looks_like_hard_disk = false;  ///< needs an extra confirmation
  std::vector<std::string> reasons;   ///< why it is never written, or not offered
  std::vector<std::string> warnings;  ///< what to know before writing ("looks like a hard disk")
  std::optional<NotRemovable> not_removable;  ///< why it is kNeedsFlag (its reason says it too)
};

/// Disks that must never be written, each with its reasons: the system and live-medium disks
/// (through overlay layers, loop images and every device of a multi-device file system), disks
/// with active swap, members of imported ZFS pools, the disk holding the large temporary
/// directory, and the disk(s) holding the image file.
using ProtectedDisks = std::map<std::string, std::vector<std::string>>;

/// Works out the protected disks from mounts and swaps (and the image, when there is one, by its
/// canonical path).
ProtectedDisks find_protected_disks(const Sysroot& root, const SystemState& state,
                                    const std::optional<std::string>& image_path);

/// Applies every rule to one drive.
Eligibility evaluate_drive(const Drive& drive, const ProtectedDisks& protected_disks);

/// Lower-case verdict word for JSON ("offered", "needs_flag", "never").
std::string_view verdict_name(Verdict v);

}  // namespace sw::platform
