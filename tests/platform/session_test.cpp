#include "platform/session.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "platform/config_dirs.h"
#include "support/temp_dir.h"

using namespace sw;

namespace {

/// The device and inode descriptor `fd` refers to.
std::pair<dev_t, ino_t> identity(int fd) {
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  return {st.st_rdev != 0 ? st.st_rdev : st.st_dev, st.st_ino};
}

}  // namespace

TEST_CASE("session: QuietStderr points descriptor 2 at /dev/null and back; own_stderr stays") {
  std::FILE* own = platform::own_stderr();
  REQUIRE(own != nullptr);
  const auto before = identity(STDERR_FILENO);
  struct stat null_st {};
  REQUIRE(::stat("/dev/null", &null_st) == 0);
  {
    const platform::QuietStderr quiet;
    const auto during = identity(STDERR_FILENO);
    CHECK(during.first == null_st.st_rdev);
    // The program's own descriptor still reaches where stderr went before.
    CHECK(identity(::fileno(own)) == before);
  }
  CHECK(identity(STDERR_FILENO) == before);
}

TEST_CASE("config dirs: XDG_CONFIG_HOME when absolute, else ~/.config; files sorted, no dotfiles") {
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old_xdg ? old_xdg : "";
  ::setenv("XDG_CONFIG_HOME", "/somewhere", 1);
  auto dirs = platform::config_dirs("keyrings");
  REQUIRE_FALSE(dirs.empty());
  CHECK(dirs[0] == "/somewhere/stickwright/keyrings");
  ::setenv("XDG_CONFIG_HOME", "relative/path", 1);  // not absolute: ignored, as the spec says
  dirs = platform::config_dirs("catalogs");
  REQUIRE_FALSE(dirs.empty());
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    CHECK(dirs[0] == std::string(home) + "/.config/stickwright/catalogs");
  }
  CHECK((platform::running_as_root() ? dirs.back() == "/etc/stickwright/catalogs" : true));
  if (old_xdg) {
    ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CONFIG_HOME");
  }

  test::TempDir dir;
  dir.write("b.gpg", "x");
  dir.write("a.asc", "x");
  dir.write(".hidden", "x");
  std::filesystem::create_directories(dir.path() / "sub");
  const auto files = platform::files_in({dir.path().string(), "/no/such/dir"});
  REQUIRE(files.size() == 2);
  CHECK(files[0] == (dir.path() / "a.asc").string());
  CHECK(files[1] == (dir.path() / "b.gpg").string());
}
