// Builds the standard fixture sysroot for end-to-end tests, or adds a disk to one (a stick
// "plugged in" while the station watches).
// Usage: make_fixture DIR [IMAGE_DIR [STICK_NODE_MIB]]
//          IMAGE_DIR is made to look like a mount of sdk1 ("" for none); STICK_NODE_MIB sizes
//          sdb's node.
//        make_fixture --add DIR usb|sata NAME MINOR SIZE_MB NODE_MIB [SERIAL]
//          adds a USB stick (or an internal SATA disk) announcing SIZE_MB (decimal megabytes)
//          whose /dev node file holds NODE_MIB MiB; NODE_MIB "keep" leaves the node there as it
//          is (a fault drive's file bound over it, tests/e2e/station_fault_test.sh).

#include <fmt/format.h>

#include <exception>
#include <string>

#include "support/fixture_sysroot.h"

namespace {

int add_disk(int argc, char** argv) {
  if (argc < 8 || argc > 9) {
    fmt::print(stderr,
               "usage: make_fixture --add DIR usb|sata NAME MINOR SIZE_MB NODE_MIB [SERIAL]\n");
    return 2;
  }
  const std::string kind = argv[3], name = argv[4];
  const auto minor = static_cast<unsigned>(std::stoul(argv[5]));
  const std::uint64_t size = std::stoull(argv[6]) * 1000 * 1000;
  const std::string serial = argc == 9 ? argv[8] : "ST" + std::to_string(minor);
  sw::test::FixtureDisk d;
  if (kind == "usb") {
    d = sw::test::fixture_usb_disk(name, minor, 20 + static_cast<int>(minor / 16), size, "Station",
                                   "Test Stick", serial, true);
  } else if (kind == "sata") {
    d = sw::test::fixture_sata_disk(name, minor, size);
  } else {
    fmt::print(stderr, "make_fixture: unknown disk kind '{}' (usb or sata)\n", kind);
    return 2;
  }
  if (std::string(argv[7]) == "keep") {
    d.keep_node = true;
  } else {
    d.node_bytes = std::stoull(argv[7]) * 1024 * 1024;
  }
  sw::test::FixtureBuilder b(argv[2]);
  b.add_disk(d);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::string(argv[1]) == "--add") return add_disk(argc, argv);
    if (argc < 2 || argc > 4) {
      fmt::print(stderr, "usage: make_fixture DIR [IMAGE_DIR [STICK_NODE_MIB]]\n");
      return 2;
    }
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
