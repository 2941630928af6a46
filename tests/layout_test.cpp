// The layout's rule that keeps the include fences honest (cmake/sw_module.cmake): every include
// of a project header is spelled from the repository root ("writer/job.h"), never relative to
// the including file ("plan/write_plan.h" from writer/ would find writer/plan/ through the
// compiler's own-directory lookup, past the fence).

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/source_files.h"

TEST_CASE("layout: project includes are spelled from the repository root") {
  const std::filesystem::path root = STICKWRIGHT_SOURCE_DIR;
  const std::regex quoted(R"re(^\s*#\s*include\s*"([^"]+)")re");
  const std::regex rooted(R"re(^(platform|writer|tui)/[a-z0-9_/]+\.h$|^sw_version\.h$)re");
  std::size_t includes = 0;
  for (const auto& file :
       sw::test::source_files({"platform", "writer", "tui"}, sw::test::Descend::kYes)) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, quoted)) continue;
      ++includes;
      CAPTURE(file.string());
      CAPTURE(line);
      CHECK(std::regex_match(m[1].str(), rooted));
      const bool exists =
          std::filesystem::exists(root / m[1].str()) || m[1].str() == "sw_version.h";
      CHECK(exists);
    }
  }
  CHECK(includes > 300);
}
