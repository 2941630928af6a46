#pragma once
// The project's own C++ sources, for tests that read them (wording, include spelling).

#include <filesystem>
#include <initializer_list>
#include <vector>

namespace sw::test {

/// Whether source_files descends into subdirectories.
enum class Descend { kYes, kNo };

/// The .cpp and .h files under the repository-relative `dirs`.
inline std::vector<std::filesystem::path> source_files(std::initializer_list<const char*> dirs,
                                                       Descend descend) {
  const std::filesystem::path root = STICKWRIGHT_SOURCE_DIR;
  std::vector<std::filesystem::path> out;
  const auto take = [&out](const std::filesystem::path& p) {
    if (p.extension() == ".cpp" || p.extension() == ".h") out.push_back(p);
  };
  for (const char* dir : dirs) {
    if (descend == Descend::kYes) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir))
        take(e.path());
    } else {
      for (const auto& e : std::filesystem::directory_iterator(root / dir)) take(e.path());
    }
  }
  return out;
}

}  // namespace sw::test
