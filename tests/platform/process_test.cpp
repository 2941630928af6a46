#include "platform/process.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

namespace {

/// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

}  // namespace

TEST_CASE("process: a program that fails silently is named, with its status and what to do") {
  auto r = run_program({"false"}, ErrorKind::kInput);
  REQUIRE_FALSE(r.ok());
  const auto& m = r.error().message;
  CHECK(r.error().kind == ErrorKind::kInput);
  CHECK(m.find("false (/usr/bin/false)") != std::string::npos);
  CHECK(m.find("exited with status 1") != std::string::npos);
  CHECK(m.find("without printing any message") != std::string::npos);
  CHECK(m.find("reinstall") != std::string::npos);
  CHECK(m.find("basic_string") == std::string::npos);
}

TEST_CASE("process: the last lines a failing program printed are in the message") {
  auto r =
      run_program({"sh", "-c", "echo one; echo two; echo three >&2; exit 3"}, ErrorKind::kTargetIo);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kTargetIo);
  CHECK(r.error().message.find("exited with status 3: one\ntwo\nthree") != std::string::npos);
  CHECK(r.error().message.back() == 'e');  // no trailing newline
  auto killed = run_program({"sh", "-c", "kill -9 $$"}, ErrorKind::kInput);
  REQUIRE_FALSE(killed.ok());
  CHECK(killed.error().message.find("killed by signal 9") != std::string::npos);
}

TEST_CASE("process: programs come from the system directories, never from the caller's PATH") {
  const test::TempDir dir;
  // A fake "env" first in PATH, as an attacker with a writable directory in root's PATH would
  // place it.
  const auto fake = dir.write("env", "#!/bin/sh\necho FAKE-ENV-RAN\n");
  REQUIRE(::chmod(fake.c_str(), 0755) == 0);
  const ScopedEnv path("PATH", dir.path().string() + ":/usr/bin:/bin");
  const ScopedEnv secret("STICKWRIGHT_TEST_SECRET", "leaked");
  const ScopedEnv locale("LC_ALL", "de_DE.UTF-8");
  REQUIRE(find_system_program("env").has_value());
  CHECK(find_system_program("env")->starts_with("/usr/"));
  auto r = run_program({"env"}, ErrorKind::kInput);
  REQUIRE(r.ok());
  CHECK(r->find("FAKE-ENV-RAN") == std::string::npos);
  // The child's whole environment: the fixed PATH and the C locale, nothing of ours.
  CHECK(*r == "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLC_ALL=C\n");
  CHECK_FALSE(find_system_program("stickwright-no-such-program").has_value());
  auto missing = run_program({"stickwright-no-such-program"}, ErrorKind::kInput);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("is not installed") != std::string::npos);
}
