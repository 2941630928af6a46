#include "platform/linux_device.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "platform/aligned_buffer.h"
#include "support/memory_device.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

TEST_CASE("linux device: a regular file target keeps its size and is written in place") {
  test::TempDir dir;
  const auto path = dir.write("drive.img", std::string(8192, 'z'));
  auto info = probe_target(path);
  REQUIRE(info.ok());
  CHECK(info->kind == TargetKind::kRegularFile);
  CHECK(info->capacity == 8192);
  auto dev = open_for_write(*info);
  REQUIRE(dev.ok());
  const auto data = test::pattern_bytes(1000);
  REQUIRE(write_full(**dev, data, 0).ok());
  REQUIRE((*dev)->sync().ok());
  REQUIRE((*dev)->drop_cache().ok());
  const auto bytes = test::read_file(path);
  CHECK(bytes.size() == 8192);  // not truncated
  CHECK(std::memcmp(bytes.data(), data.data(), data.size()) == 0);
  CHECK(bytes[1000] == 'z');
}

TEST_CASE("linux device: an empty regular file grows, and the verify reader reads it back") {
  test::TempDir dir;
  const auto path = dir.write("out.img", "");
  auto info = probe_target(path);
  REQUIRE(info.ok());
  CHECK(info->capacity == kGrowableCapacity);
  auto dev = open_for_write(*info);
  REQUIRE(dev.ok());
  const auto data = test::pattern_bytes(10000);
  REQUIRE(write_full(**dev, data, 0).ok());
  REQUIRE((*dev)->sync().ok());
  auto reader = (*dev)->open_verify_reader();
  REQUIRE(reader.ok());
  AlignedBuffer buf(16384);
  auto n = read_full(**reader, buf.span(), 0);
  REQUIRE(n.ok());
  CHECK(*n == 10000);
  CHECK(std::memcmp(buf.data(), data.data(), data.size()) == 0);
  CHECK_FALSE((*reader)->cache_bypass().empty());
}

// Offsets past 2^32 on a 32-bit build: without _FILE_OFFSET_BITS=64 off_t is 32 bits there, and
// an offset of 5 GiB would land at 1 GiB (or fail). The target is a sparse file of 6 GiB.
TEST_CASE("linux device: a sparse 6 GiB target is written and read back at 5 GiB, not at 1 GiB") {
  constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
  constexpr std::uint64_t kAt = 5 * kGiB;
  test::TempDir dir;
  const auto path = dir.write("big.img", "");
  REQUIRE(::truncate(path.c_str(), static_cast<off_t>(6 * kGiB)) == 0);
  auto info = probe_target(path);
  REQUIRE(info.ok());
  CHECK(info->capacity == 6 * kGiB);
  auto dev = open_for_write(*info);
  REQUIRE(dev.ok());
  CHECK((*dev)->capacity() == 6 * kGiB);
  AlignedBuffer data(4096);
  const auto pattern = test::pattern_bytes(data.size(), 5);
  std::memcpy(data.data(), pattern.data(), pattern.size());
  REQUIRE(write_full(**dev, data.span(), kAt).ok());
  REQUIRE((*dev)->sync().ok());
  auto reader = (*dev)->open_verify_reader();
  REQUIRE(reader.ok());
  AlignedBuffer back(4096);
  auto n = read_full(**reader, back.span(), kAt);
  REQUIRE(n.ok());
  CHECK(*n == 4096);
  CHECK(std::memcmp(back.data(), pattern.data(), pattern.size()) == 0);
  // Where a truncated offset would have written: still a hole.
  n = read_full(**reader, back.span(), kAt - 4 * kGiB);
  REQUIRE(n.ok());
  CHECK(std::all_of(back.data(), back.data() + back.size(),
                    [](std::byte b) { return b == std::byte{0}; }));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(static_cast<std::uint64_t>(st.st_size) == 6 * kGiB);
}

TEST_CASE("linux device: missing paths and non-files are refused with reasons") {
  auto missing = probe_target("/nonexistent/target");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::kUsage);
  CHECK(missing.error().message.find("/nonexistent/target") != std::string::npos);
  auto chardev = probe_target("/dev/null");
  REQUIRE_FALSE(chardev.ok());
  CHECK(chardev.error().kind == ErrorKind::kTargetRefused);
  auto directory = probe_target("/tmp");
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().kind == ErrorKind::kTargetRefused);
}

TEST_CASE("linux device: a target replaced after it was chosen is refused") {
  test::TempDir dir;
  const auto path = dir.write("drive.img", std::string(4096, 'a'));
  auto info = probe_target(path);
  REQUIRE(info.ok());
  // Same name, another file (the old one kept, so the inode number cannot be reused).
  std::filesystem::rename(path, dir.path() / "old.img");
  dir.write("drive.img", std::string(4096, 'b'));
  auto dev = open_for_write(*info);
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().kind == ErrorKind::kTargetRefused);
  CHECK(dev.error().message.find("changed since it was chosen") != std::string::npos);
  CHECK(test::read_file(path) == std::string(4096, 'b'));
}

TEST_CASE("linux device: a symbolic link put in a target file's place is refused, not followed") {
  test::TempDir dir;
  const auto path = dir.write("drive.img", std::string(4096, 'a'));
  auto info = probe_target(path);
  REQUIRE(info.ok());
  // The link leads to the very file that was probed (same device and inode): only the open
  // itself can tell that the name is now a link.
  std::filesystem::rename(path, dir.path() / "real.img");
  std::filesystem::create_symlink(dir.path() / "real.img", path);
  auto dev = open_for_write(*info);
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().kind == ErrorKind::kTargetRefused);
  CHECK(dev.error().message.find("symbolic link") != std::string::npos);
}

namespace {

/// A loop device over a file in a temporary directory, detached by its exact name.
class TestLoopDevice {
 public:
  explicit TestLoopDevice(const std::string& backing) {
    std::FILE* p = ::popen(("losetup -f --show '" + backing + "' 2>/dev/null").c_str(), "r");
    if (p == nullptr) return;
    char line[256] = {};
    if (std::fgets(line, sizeof line, p) != nullptr) m_name = line;
    if (::pclose(p) != 0) m_name.clear();
    while (!m_name.empty() && (m_name.back() == '\n' || m_name.back() == ' ')) m_name.pop_back();
  }
  TestLoopDevice(const TestLoopDevice&) = delete;
  TestLoopDevice& operator=(const TestLoopDevice&) = delete;
  ~TestLoopDevice() {
    if (m_name.empty()) return;
    // Best effort: a device left attached shows in losetup -a. Assigned, because a (void) cast
    // does not silence the warn_unused_result that _FORTIFY_SOURCE puts on system().
    [[maybe_unused]] const int rc = std::system(("losetup -d '" + m_name + "'").c_str());
  }
  const std::string& name() const { return m_name; }

 private:
  std::string m_name;
};

/// True when another process can take the lock now (flock(1) without waiting).
bool lock_free(const std::string& node) {
  return std::system(("flock -n '" + node + "' true").c_str()) == 0;
}

}  // namespace

TEST_CASE("linux device: a block device is flock'ed (LOCK_EX) for as long as it is open") {
  if (::geteuid() != 0 || std::system("command -v flock >/dev/null") != 0) {
    SW_SKIP("needs root (losetup) and flock(1)");
    return;
  }
  test::TempDir dir;
  const auto backing = dir.write("disk.img", std::string(1 << 20, '\0'));
  const TestLoopDevice loop(backing);
  if (loop.name().empty()) {
    SW_SKIP("losetup cannot attach a loop device here");
    return;
  }
  REQUIRE(lock_free(loop.name()));
  auto info = probe_target(loop.name());
  REQUIRE(info.ok());
  auto dev = open_for_write(*info);
  REQUIRE(dev.ok());
  CHECK_FALSE(lock_free(loop.name()));  // udev and automounters keep away
  auto reader = (*dev)->open_verify_reader();
  REQUIRE(reader.ok());
  reader->reset();
  CHECK_FALSE(lock_free(loop.name()));  // still held through the verify
  dev->reset();
  CHECK(lock_free(loop.name()));
}

TEST_CASE("linux device: a disk another program keeps locked (flock) is refused, not written") {
  if (::geteuid() != 0) {
    SW_SKIP("needs root (losetup)");
    return;
  }
  test::TempDir dir;
  const auto backing = dir.write("disk.img", std::string(1 << 20, '\0'));
  const TestLoopDevice loop(backing);
  if (loop.name().empty()) {
    SW_SKIP("losetup cannot attach a loop device here");
    return;
  }
  auto info = probe_target(loop.name());
  REQUIRE(info.ok());
  // A child holds the lock as a partitioning tool would (opened without O_EXCL).
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int fd = ::open(loop.name().c_str(), O_RDONLY | O_CLOEXEC);
    const char answer = fd >= 0 && ::flock(fd, LOCK_EX) == 0 ? 'l' : 'x';
    (void)!::write(ready[1], &answer, 1);
    for (;;) ::pause();
  }
  char answer = 0;
  const bool locked = ::read(ready[0], &answer, 1) == 1 && answer == 'l';
  auto dev = open_for_write(*info);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  REQUIRE(locked);
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().kind == ErrorKind::kTargetRefused);
  CHECK(dev.error().message.find("is locked by another program") != std::string::npos);
}
