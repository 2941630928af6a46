#include "platform/process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace sw::platform {
namespace {

/// Output kept: the end of it, at most this much (a runaway program cannot fill memory).
constexpr std::size_t kMaxKeptOutput = 1024 * 1024;

/// The last `n` lines of `text` without its trailing newlines, for an error message; empty
/// when `text` holds nothing but white space.
std::string tail_lines(std::string_view text, int n) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  std::size_t start = text.size();
  for (int i = 0; i < n && start > 0; ++i) {
    const auto nl = text.rfind('\n', start - 1);
    start = nl == std::string_view::npos ? 0 : nl;
  }
  if (start > 0) ++start;  // past the newline that ends the line before
  return std::string(text.substr(start));
}

struct FileActions {
  posix_spawn_file_actions_t actions{};
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

struct SpawnAttr {
  posix_spawnattr_t attr{};
  SpawnAttr() {
    posix_spawnattr_init(&attr);
    // We ignore SIGPIPE (platform/signals.cpp); an ignored signal stays ignored across exec.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
  SpawnAttr(const SpawnAttr&) = delete;
  SpawnAttr& operator=(const SpawnAttr&) = delete;
};

/// Reads `fd` to its end, keeping the last kMaxKeptOutput bytes at most.
std::string read_all_output(int fd) {
  std::string output;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      output.append(buf, static_cast<std::size_t>(n));
      if (output.size() > 2 * kMaxKeptOutput) output.erase(0, output.size() - kMaxKeptOutput);
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  return output;
}

/// Why a program that ran did not succeed, and what to do about it.
std::string failure_text(const std::string& program, const std::string& path, int status,
                         const std::string& output) {
  const std::string how = WIFEXITED(status)
                              ? fmt::format("exited with status {}", WEXITSTATUS(status))
                              : fmt::format("was killed by signal {} ({})", WTERMSIG(status),
                                            strsignal(WTERMSIG(status)));
  const std::string tail = tail_lines(output, 5);
  if (tail.empty()) {
    return fmt::format(
        "{} ({}) {} without printing any message; check that it runs when started by hand, "
        "or reinstall the package that provides it",
        program, path, how);
  }
  return fmt::format("{} ({}) {}: {}", program, path, how, tail);
}

}  // namespace

std::optional<std::string> find_system_program(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) return name;
  std::string_view dirs = kSystemPath;
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const std::string path = fmt::format("{}/{}", dirs.substr(0, colon), name);
    if (::access(path.c_str(), X_OK) == 0) return path;
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
  }
  return std::nullopt;
}

Result<std::string> run_program(const std::vector<std::string>& argv, ErrorKind kind) {
  if (argv.empty()) return fail(kind, "no program to run");
  const auto path = find_system_program(argv[0]);
  if (!path) {
    return fail(kind, fmt::format("{} is not installed (looked in {}); install the package that "
                                  "provides it",
                                  argv[0], kSystemPath));
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return fail(Error::from_errno(kind, "cannot create a pipe for", argv[0], errno));
  }
  FileActions fa;
  posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa.actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa.actions, pipe_fds[1], 2);
  const SpawnAttr sa;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string path_var = fmt::format("PATH={}", kSystemPath);
  std::string locale_var = "LC_ALL=C";
  std::array<char*, 3> env{path_var.data(), locale_var.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, path->c_str(), &fa.actions, &sa.attr, args.data(), env.data());
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return fail(Error::from_errno(kind, "cannot run", *path, rc));
  }
  const std::string output = read_all_output(pipe_fds[0]);
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return output;
  return fail(kind, failure_text(argv[0], *path, status, output));
}

}  // namespace sw::platform
