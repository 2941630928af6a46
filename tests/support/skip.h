#pragma once
/// Skipping a unit test case. ctest counts a case whose output holds "STICKWRIGHT-SKIP" as
/// skipped, whatever it asserted, so a skip printed after assertions would hide what they found.
/// SW_SKIP therefore fails the case when anything was asserted before it.

#include <doctest/doctest.h>

namespace sw::test {

/// Assertions made so far in the running test case (tests/main.cpp, which holds doctest's
/// implementation, reads doctest's own counter).
int assertions_so_far();

}  // namespace sw::test

/// Skips the running test case with a reason; only allowed before its first assertion.
#define SW_SKIP(reason)                                                                     \
  do {                                                                                      \
    const int sw_asserted = ::sw::test::assertions_so_far();                                \
    if (sw_asserted == 0) {                                                                 \
      MESSAGE("STICKWRIGHT-SKIP: " << reason);                                              \
    } else {                                                                                \
      FAIL("a test case may only skip before its first assertion; " << sw_asserted          \
                                                                    << " came before: " << reason); \
    }                                                                                       \
  } while (false)
