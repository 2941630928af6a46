#include "support/skip.h"

#include <doctest/doctest.h>

TEST_CASE("skip: the assertion counter counts this case's assertions") {
  const int before = sw::test::assertions_so_far();
  CHECK(before == 0);
  CHECK(sw::test::assertions_so_far() == 1);
}

// A skip after an assertion would let ctest count a case that asserted things as skipped: it must
// fail the case instead (should_fail: this case passes only if SW_SKIP failed it).
TEST_CASE("skip: a skip after the first assertion fails the case" * doctest::should_fail()) {
  CHECK(1 + 1 == 2);
  SW_SKIP("too late to skip");
}
