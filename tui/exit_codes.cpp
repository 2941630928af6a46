#include "tui/exit_codes.h"

namespace sw::tui {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kInput:
    case ErrorKind::kNoExpectedHash:
      return kExitUsage;
    case ErrorKind::kHashMismatch:
      return kExitHashMismatch;
    case ErrorKind::kTargetRefused:
      return kExitRefused;
    case ErrorKind::kTargetIo:
      return kExitTargetIo;
    case ErrorKind::kVerifyFailed:
      return kExitVerifyFailed;
    case ErrorKind::kInterrupted:
      return kExitInterrupted;
    case ErrorKind::kNotAuthentic:
      return kExitNotAuthentic;
    case ErrorKind::kBadStick:
      return kExitBadStick;
  }
  return kExitUsage;
}

std::string_view status_word(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage_error";
    case ErrorKind::kInput:
      return "input_error";
    case ErrorKind::kNoExpectedHash:
      return "no_expected_hash";
    case ErrorKind::kHashMismatch:
      return "hash_mismatch";
    case ErrorKind::kTargetRefused:
      return "target_refused";
    case ErrorKind::kTargetIo:
      return "target_io_error";
    case ErrorKind::kVerifyFailed:
      return "verify_failed";
    case ErrorKind::kInterrupted:
      return "interrupted";
    case ErrorKind::kNotAuthentic:
      return "not_authentic";
    case ErrorKind::kBadStick:
      return "bad_stick";
  }
  return "error";
}

}  // namespace sw::tui
