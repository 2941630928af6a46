#include "tui/cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/config_dirs.h"
#include "platform/session.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"
#include "tui/words.h"

namespace sw::tui {

Result<std::shared_ptr<const writer::Trust>> load_trust(const CliOptions& o) {
  writer::TrustRequest request;
  request.keyrings = o.keyrings;
  request.catalogs = o.catalogs;
  request.keyring_dirs = platform::config_dirs("keyrings");
  request.catalog_dirs = platform::config_dirs("catalogs");
  auto trust = writer::load_trust(request);
  if (!trust) return trust.failure();
  return std::shared_ptr<const writer::Trust>(std::make_shared<writer::Trust>(std::move(*trust)));
}

writer::Provenance provenance_of(const writer::HashResolution& hash,
                                 std::shared_ptr<const writer::Trust> trust,
                                 bool require_signature) {
  return writer::Provenance{hash.authenticity, hash.image_signature, std::move(trust),
                            require_signature};
}

Result<writer::HashResolution> resolve_hash(const CliOptions& o, const writer::Trust& trust) {
  if (o.hash_spec && o.checksums) {
    print_line(err_out(), "stickwright: note: --hash takes precedence; --checksums {} is not read",
               *o.checksums);
  }
  auto hash = writer::resolve_expected_hash(
      writer::HashRequest{o.hash_spec, o.checksums, o.signature}, o.image, trust.keys);
  if (hash && hash->expected) {
    const std::string weak = weak_hash_note(hash->expected->algorithm);
    if (!weak.empty()) fmt::print(err_out(), "stickwright: note: {}\n", weak);
  }
  return hash;
}

std::optional<std::string> ask_on_terminal(const std::string& prompt) {
  if (!platform::is_terminal(STDIN_FILENO)) return std::nullopt;
  write_text(err_out(), platform::display_safe(prompt, platform::LineBreaks::kKeep));
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
