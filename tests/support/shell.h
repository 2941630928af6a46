#pragma once
// A command-line tool run from a unit test (fsck.fat, mtools): its exit status and its output.

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

namespace sw::test {

/// What a command did.
struct ShellRun {
  int status = -1;     ///< the exit status; -1 when it could not run or was killed
  std::string output;  ///< standard output and standard error, together
};

/// Runs `command` with sh, with the sbin directories on PATH (fsck.fat lives there), a UTF-8 C
/// locale (the tools' messages in English, long names as UTF-8) and mtools' geometry check off
/// (a bare volume has no drive geometry to check).
inline ShellRun run_shell(const std::string& command) {
  const std::string full = fmt::format(
      "PATH=\"$PATH:/usr/sbin:/sbin\" LC_ALL=C.UTF-8 MTOOLS_SKIP_CHECK=1 {} 2>&1", command);
  ShellRun r;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.output.append(buf, n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

/// True when `tool` is on the PATH run_shell uses.
inline bool have_tool(const std::string& tool) {
  return run_shell(fmt::format("command -v {}", tool)).status == 0;
}

/// The words in fsck.fat's output that say it found something to fix (a wrong free count, lost
/// clusters, a dirty bit, ...); none when it found the volume clean. Its exit status alone says
/// less: with -n, some of what it would fix still exits 0.
inline std::vector<std::string> fsck_fat_complaints(const std::string& output) {
  std::vector<std::string> found;
  for (const char* complaint : {"Fix", "fix", "wrong", "differ", "Dirty", "dirty", "invalid",
                                "Invalid", "lost", "Free cluster", "Reclaim", "Perform"}) {
    if (output.find(complaint) != std::string::npos) found.emplace_back(complaint);
  }
  return found;
}

}  // namespace sw::test
