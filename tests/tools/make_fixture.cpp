// Builds the standard fixture sysroot for end-to-end tests.
// Usage: make_fixture DIR [IMAGE_DIR [STICK_NODE_MIB]]
//   IMAGE_DIR is made to look like a mount of sdk1 ("" for none); STICK_NODE_MIB sizes sdb's node.

#include <fmt/format.h>

#include <exception>
#include <string>

#include "support/fixture_sysroot.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    fmt::print(stderr, "usage: make_fixture DIR [IMAGE_DIR [STICK_NODE_MIB]]\n");
    return 2;
  }
  try {
    sw::test::StandardFixtureOptions options;
    if (argc >= 3 && argv[2][0] != '\0') options.image_dir = argv[2];
    if (argc == 4) options.stick_node_bytes = std::stoull(argv[3]) * 1024 * 1024;
    sw::test::build_standard_fixture(argv[1], options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "make_fixture: {}\n", e.what());
    return 1;
  }
  return 0;
}
