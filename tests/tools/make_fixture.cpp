// Builds the standard fixture sysroot for end-to-end tests.
// Usage: make_fixture DIR [IMAGE_DIR]   (IMAGE_DIR is made to look like a mount of sdk1)

#include <fmt/format.h>

#include <exception>

#include "support/fixture_sysroot.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fmt::print(stderr, "usage: make_fixture DIR [IMAGE_DIR]\n");
    return 2;
  }
  try {
    sw::test::StandardFixtureOptions options;
    if (argc == 3) options.image_dir = argv[2];
    sw::test::build_standard_fixture(argv[1], options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "make_fixture: {}\n", e.what());
    return 1;
  }
  return 0;
}
