#pragma once
/// Writing a restore layout to a drive and reading its metadata back (O_DIRECT through the
/// device's verify reader).

#include <cstdint>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/passes.h"
#include "writer/progress.h"
#include "writer/restore/restore_plan.h"

namespace sw::writer::restore {

/// Zeroes the layout's wipes, writes its blocks (Phase::kWrite progress, in bytes), and syncs
/// (Phase::kSync). Returns the bytes written. kTargetIo errors name the offset; kInterrupted
/// when the context's cancel is set between writes.
Result<std::uint64_t> write_layout(platform::BlockDevice& dev, const RestoreLayout& l,
                                   const PassContext& ctx);

/// Reads every block of the layout and the drive's last MiB back through `reader` (a fresh
/// O_DIRECT reader) and compares them with what was written: kVerifyFailed naming the first
/// differing byte's offset, kTargetIo when a read fails. Phase::kVerify progress, in bytes.
Result<void> verify_layout(platform::BlockDevice& reader, const RestoreLayout& l,
                           const PassContext& ctx);

}  // namespace sw::writer::restore
