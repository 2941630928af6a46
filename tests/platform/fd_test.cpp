#include "platform/fd.h"

#include <doctest/doctest.h>
#include <fcntl.h>

#include "platform/files.h"
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

TEST_CASE("fd: pwrite_all and pread_full at 5 GiB reach past 2^32, and fstat sees the size") {
  // On a 32-bit build this holds only with a 64-bit off_t (_FILE_OFFSET_BITS=64, CMakeLists).
  constexpr std::uint64_t kAt = std::uint64_t{5} << 30;
  test::TempDir dir;
  const auto path = dir.write("sparse", "");
  auto fd = open_fd(path, O_RDWR, ErrorKind::kInput);
  REQUIRE(fd.ok());
  const std::string text = "past four gibibytes";
  REQUIRE(pwrite_all(*fd, std::as_bytes(std::span(text)), kAt, ErrorKind::kInput).ok());
  auto st = stat_fd(*fd, ErrorKind::kInput);
  REQUIRE(st.ok());
  CHECK(static_cast<std::uint64_t>(st->st_size) == kAt + text.size());
  std::string back(text.size(), '\0');
  auto n = pread_full(*fd, std::as_writable_bytes(std::span(back)), kAt, ErrorKind::kInput);
  REQUIRE(n.ok());
  CHECK(*n == text.size());
  CHECK(back == text);
  // 5 GiB modulo 2^32 is 1 GiB: a truncated offset would have put the text there.
  n = pread_full(*fd, std::as_writable_bytes(std::span(back)), kAt - (std::uint64_t{4} << 30),
                 ErrorKind::kInput);
  REQUIRE(n.ok());
  CHECK(back == std::string(text.size(), '\0'));
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
