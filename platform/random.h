#pragma once
/// Random bytes from the kernel, for secrets (the read-back digest's key).

#include <cstddef>
#include <span>

#include "platform/result.h"

namespace sw::platform {

/// Fills `out` with random bytes from getrandom(2) (the kernel's CSPRNG; blocks only until it
/// is seeded at boot). Retries on EINTR and short reads; fails only if the kernel refuses.
Result<void> fill_random(std::span<std::byte> out);

}  // namespace sw::platform
