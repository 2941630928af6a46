#pragma once
/// Writing a restore layout to a drive and reading its metadata back (O_DIRECT through the
/// device's verify reader).

#include <cstdint>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/progress.h"
#include "writer/restore/restore_plan.h"

namespace sw::writer::restore {

/// Zeroes the layout's wipes, writes its blocks, and syncs. Returns the bytes written.
/// kTargetIo errors name the offset; kInterrupted when `cancel` is set between writes.
Result<std::uint64_t> write_layout(platform::BlockDevice& dev, const RestoreLayout& l,
                                   CancelToken cancel);

/// Reads every block of the layout and the drive's last MiB back through `reader` (a fresh
/// O_DIRECT reader) and compares them with what was written: kVerifyFailed naming the first
/// differing byte's offset, kTargetIo when a read fails.
Result<void> verify_layout(platform::BlockDevice& reader, const RestoreLayout& l);

}  // namespace sw::writer::restore
