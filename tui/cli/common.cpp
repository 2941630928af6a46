#include "tui/cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/session.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"
#include "tui/words.h"

namespace sw::tui {

Result<writer::HashResolution> resolve_hash(const CliOptions& o) {
  if (o.hash_spec && o.checksums) {
    print_line(stderr, "stickwright: note: --hash takes precedence; --checksums {} is not read",
               *o.checksums);
  }
  auto hash = writer::resolve_expected_hash(writer::HashRequest{o.hash_spec, o.checksums}, o.image);
  if (hash && hash->expected) {
    const std::string weak = weak_hash_note(hash->expected->algorithm);
    if (!weak.empty()) fmt::print(stderr, "stickwright: note: {}\n", weak);
  }
  return hash;
}

std::optional<std::string> ask_on_terminal(const std::string& prompt) {
  if (!platform::is_terminal(STDIN_FILENO)) return std::nullopt;
  write_text(stderr, platform::display_safe(prompt, platform::LineBreaks::kKeep));
  char line[512] = {};
  if (std::fgets(line, sizeof line, stdin) == nullptr) return std::nullopt;
  std::string answer(line);
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  return answer;
}

std::string node_path_for(const platform::Sysroot& root, const std::string& target) {
  if (!root.is_real() && target.starts_with("/dev/")) return root.path(target);
  return target;
}

}  // namespace sw::tui
