#pragma once
/// Exit codes of the command line, as documented in README.md and --help.

#include <string_view>

#include "platform/result.h"

namespace sw::tui {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;  ///< bad usage, unreadable input, no expected hash
inline constexpr int kExitHashMismatch = 2;
inline constexpr int kExitRefused = 3;  ///< target refused (safety)
inline constexpr int kExitTargetIo = 4;
inline constexpr int kExitVerifyFailed = 5;
/// a signature failed, or one was required and none verifies (nothing was written)
inline constexpr int kExitNotAuthentic = 6;
/// The stick is counterfeit (holds less than it announces) or failing (check, write --check).
inline constexpr int kExitBadStick = 7;
inline constexpr int kExitInterrupted = 130;

/// The exit code for an error kind.
int exit_code_for(ErrorKind kind);
/// The JSON "status" word for an error kind ("hash_mismatch", ...).
std::string_view status_word(ErrorKind kind);

}  // namespace sw::tui
