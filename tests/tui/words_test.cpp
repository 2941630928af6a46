// Every typed reason of the engine, worded by both front ends: the command line names its flags
// and no key, the terminal UI its keys and no flag; and the engine's own text names neither.

#include "tui/cli/words.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "support/source_files.h"
#include "support/temp_dir.h"
#include "tui/screen/words.h"

using namespace sw;
using namespace sw::tui;

namespace {

/// A command-line flag ("--mode") anywhere in the text.
bool names_a_flag(std::string_view text) {
  static const std::regex flag("--[a-z]");
  return std::regex_search(std::string(text), flag);
}

/// A key of the terminal UI ("Press n", "press R").
bool names_a_key(std::string_view text) {
  static const std::regex key("[Pp]ress [A-Za-z]\\b");
  return std::regex_search(std::string(text), key);
}

/// The string literals of a C++ source file, comments left out.
std::vector<std::string> string_literals(const std::string& src) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i);
      if (i == std::string::npos) break;
    } else if (src[i] == '\'') {
      const auto end = src.find('\'', i + (src[i + 1] == '\\' ? 3 : 2));
      if (end == std::string::npos) break;
      i = end;
    } else if (src[i] == '"') {
      std::string lit;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\') lit += src[i++];
        lit += src[i];
      }
      out.push_back(lit);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("words: every remedy has words in both front ends, flags in one and keys in the other") {
  for (const Remedy r : kAllRemedies) {
    CAPTURE(static_cast<int>(r));
    const auto line = cli::remedy_words(r);
    const auto screen = screen::remedy_words(r);
    CHECK(line.empty() == (r == Remedy::kNone));
    CHECK(screen.empty() == (r == Remedy::kNone));
    CHECK_FALSE(names_a_flag(screen));
    CHECK_FALSE(names_a_key(line));
    if (r != Remedy::kNone && r != Remedy::kAllowHardDisk && r != Remedy::kSeeDrives) {
      CHECK(names_a_flag(line));  // each way past a refusal is a flag on the command line
      CHECK(names_a_key(screen));
    }
    const Error e{ErrorKind::kTargetRefused, "refusing to write /dev/sdx.", 0, r};
    CHECK(cli::error_text(e).starts_with(e.message));
    CHECK(screen::error_text(e).find(screen) != std::string::npos);
    CHECK_FALSE(names_a_flag(screen::error_text(e)));
  }
}

TEST_CASE("words: a raw write forced anyway says why in each front end's terms") {
  for (const auto risk :
       {writer::RawRisk::kWindowsInstaller, writer::RawRisk::kCannotBootFromUsb}) {
    CHECK(names_a_flag(cli::overridden_words(risk)));
    CHECK_FALSE(names_a_flag(screen::overridden_words(risk)));
    CHECK(screen::overridden_words(risk).find("you pressed R") != std::string_view::npos);
  }
  const writer::ExpectedHash given{writer::Algorithm::kSha256, "ab", ""};
  CHECK(cli::hash_source_words(given) == "--hash");
  CHECK_FALSE(names_a_flag(screen::hash_source_words(given)));
  const writer::ExpectedHash listed{writer::Algorithm::kSha256, "ab", "/isos/SHA256SUMS"};
  CHECK(cli::hash_source_words(listed) == "/isos/SHA256SUMS");
  CHECK(screen::hash_source_words(listed) == "/isos/SHA256SUMS");
}

namespace {

/// The string literals of every .cpp and .h under `dirs`, with the file each came from.
std::vector<std::pair<std::string, std::string>> literals_under(
    std::initializer_list<const char*> dirs, test::Descend descend) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& file : test::source_files(dirs, descend)) {
    for (auto& lit : string_literals(test::read_file(file.string()))) {
      out.emplace_back(file.string(), std::move(lit));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("words: the engine's text names no command-line flag and no key (platform/, writer/)") {
  const auto literals = literals_under({"platform", "writer"}, test::Descend::kYes);
  CHECK(literals.size() > 500);
  for (const auto& [file, lit] : literals) {
    CAPTURE(file);
    CAPTURE(lit);
    // Another program's options (wimlib-imagex's --compress) are quoted as commands to run.
    const bool other_tool = lit.find("wimlib-imagex") != std::string::npos ||
                            lit.find("--compress=") != std::string::npos;
    if (!other_tool) CHECK_FALSE(names_a_flag(lit));
    CHECK_FALSE(names_a_key(lit));
  }
}

TEST_CASE("words: the full-screen UI names no flag, the command line no key") {
  const auto screen = literals_under({"tui", "tui/screen"}, test::Descend::kNo);
  CHECK(screen.size() > 100);
  for (const auto& [file, lit] : screen) {
    // main() speaks for the command line before any screen exists (no terminal: see --help).
    if (std::filesystem::path(file).filename() == "main.cpp") continue;
    CAPTURE(file);
    CAPTURE(lit);
    CHECK_FALSE(names_a_flag(lit));
  }
  const auto cli = literals_under({"tui/cli"}, test::Descend::kNo);
  CHECK(cli.size() > 100);
  for (const auto& [file, lit] : cli) {
    CAPTURE(file);
    CAPTURE(lit);
    CHECK_FALSE(names_a_key(lit));
  }
}
