// The one doctest main of the test suite.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/skip.h"

namespace sw::test {

// doctest keeps the count of the running case's assertions in its context state, which is
// defined only in this translation unit (the one with the implementation).
int assertions_so_far() {
  return doctest::detail::g_cs == nullptr ? 0 : doctest::detail::g_cs->numAssertsCurrentTest_atomic;
}

}  // namespace sw::test
