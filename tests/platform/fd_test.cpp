#include "platform/fd.h"
#include "platform/files.h"

#include <doctest/doctest.h>
#include <fcntl.h>

#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

TEST_CASE("fd: open failure names the path and the reason, not an errno number") {
  auto fd = open_fd("/nonexistent/dir/image.iso", O_RDONLY, ErrorKind::kInput);
  REQUIRE_FALSE(fd.ok());
  CHECK(fd.error().kind == ErrorKind::kInput);
  CHECK(fd.error().sys_errno == ENOENT);
  CHECK(fd.error().message == "cannot open /nonexistent/dir/image.iso: No such file or directory");
}

TEST_CASE("fd: pread_full reads across the end of a file") {
  test::TempDir dir;
  const auto path = dir.write("f", "hello world");
  auto fd = open_fd(path, O_RDONLY, ErrorKind::kInput);
  REQUIRE(fd.ok());
  std::string buf(64, '\0');
  auto n = pread_full(*fd, std::as_writable_bytes(std::span(buf)), 6, ErrorKind::kInput);
  REQUIRE(n.ok());
  CHECK(*n == 5);
  CHECK(buf.substr(0, 5) == "world");
}

TEST_CASE("fd: read_small_file refuses big files and directories") {
  test::TempDir dir;
  const auto path = dir.write("big", std::string(2000, 'x'));
  auto small = read_small_file(path, 4096, ErrorKind::kInput);
  REQUIRE(small.ok());
  CHECK(small->size() == 2000);
  auto too_big = read_small_file(path, 1000, ErrorKind::kInput);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().message.find("larger than") != std::string::npos);
  CHECK_FALSE(read_small_file(dir.path().string(), 1000, ErrorKind::kInput).ok());
}

TEST_CASE("fd: moving an Fd transfers ownership and closes once") {
  test::TempDir dir;
  const auto path = dir.write("f", "x");
  auto a = open_fd(path, O_RDONLY, ErrorKind::kInput);
  REQUIRE(a.ok());
  const int raw = a->get();
  Fd b = std::move(*a);
  CHECK(b.get() == raw);
  CHECK_FALSE(a->valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  CHECK(::fcntl(raw, F_GETFD) != -1);
  { Fd c = std::move(b); }
  CHECK(::fcntl(raw, F_GETFD) == -1);  // closed when c went out of scope
}
