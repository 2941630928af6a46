#pragma once
/// The OpenPGP keys and signatures of tests/support/make_pgp_fixture.sh, made once per test
/// process in a temporary directory (gpg in batch mode, in a private home under it).

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/skip.h"
#include "support/temp_dir.h"

namespace sw::test {

class PgpFixture {
 public:
  /// The fixture, made on first use; null when it could not be made (gpg missing).
  static const PgpFixture* get() {
    static PgpFixture fixture;
    return fixture.m_ok ? &fixture : nullptr;
  }
  /// The path of a file the script made ("trusted.gpg", "data.good.sig", ...).
  std::string path(const std::string& name) const { return (m_dir.path() / name).string(); }
  /// A file's contents ("data", "fpr-good" without its newline).
  std::string read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

 private:
  PgpFixture() {
    const std::string cmd = std::string(STICKWRIGHT_SOURCE_DIR) +
                            "/tests/support/make_pgp_fixture.sh '" + m_dir.path().string() +
                            "' >/dev/null 2>&1";
    m_ok = std::system(cmd.c_str()) == 0;
  }
  TempDir m_dir;
  bool m_ok = false;
};

}  // namespace sw::test

/// Declares `f`, the fixture, in a test case; skips the case (and returns) when gpg could not
/// make it.
#define SW_WITH_PGP_FIXTURE(f)                                         \
  const auto* f = ::sw::test::PgpFixture::get();                       \
  if (f == nullptr) {                                                  \
    SW_SKIP("gpg could not make the test keys (is gnupg installed?)"); \
    return;                                                            \
  }
