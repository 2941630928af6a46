#include "writer/checksum_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "platform/ascii.h"
#include "platform/files.h"

namespace sw::writer {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Undoes GNU coreutils' escaping of names with a backslash or newline (line starts with '\').
std::string unescape_gnu(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 1 < name.size()) {
      const char next = name[++i];
      out.push_back(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      continue;
    }
    out.push_back(name[i]);
  }
  return out;
}

/// `ALG (name) = HEX`, also OpenSSL's `SHA2-256(name)= HEX`.
std::optional<ChecksumEntry> parse_bsd(std::string_view line) {
  const auto open = line.find('(');
  const auto eq = line.rfind('=');
  if (open == std::string_view::npos || eq == std::string_view::npos || eq < open) return {};
  const auto close = line.rfind(')', eq);
  if (close == std::string_view::npos || close < open) return {};
  if (!trim(line.substr(close + 1, eq - close - 1)).empty()) return {};
  auto alg = algorithm_from_name(trim(line.substr(0, open)));
  const std::string_view hex = trim(line.substr(eq + 1));
  if (!alg || !is_hex(hex) || hex.size() != hex_length(*alg)) return {};
  return ChecksumEntry{*alg, platform::to_lower(hex),
                       std::string(line.substr(open + 1, close - open - 1))};
}

/// `HEX  name`, `HEX *name`, or a bare `HEX`.
std::optional<ChecksumEntry> parse_gnu(std::string_view line) {
  const bool escaped = !line.empty() && line.front() == '\\';
  if (escaped) line.remove_prefix(1);
  const auto end_hex = line.find_first_of(" \t");
  const std::string_view hex = line.substr(0, end_hex);
  auto alg = algorithm_from_hex_length(hex.size());
  if (!alg || !is_hex(hex)) return {};
  std::string_view rest = end_hex == std::string_view::npos ? "" : line.substr(end_hex);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (!rest.empty() && rest.front() == '*') rest.remove_prefix(1);  // binary-mode marker
  std::string name = escaped ? unescape_gnu(rest) : std::string(rest);
  return ChecksumEntry{*alg, platform::to_lower(hex), std::move(name)};
}

constexpr std::string_view kSignedMessage = "-----BEGIN PGP SIGNED MESSAGE-----";
constexpr std::string_view kSignatureBegin = "-----BEGIN PGP SIGNATURE-----";
constexpr std::string_view kSignatureEnd = "-----END PGP SIGNATURE-----";

/// The lines of `text` without their line ends (LF or CRLF).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
  }
  return lines;
}

/// The lines whose entries count. In PGP clear-signed text (RFC 4880 section 7) that is the
/// signed body only: after the armor header line, its "Hash:" headers and the blank line that
/// ends them, up to the signature. Lines before the armor or after the signature look like part
/// of a signed list but nobody signed them, so they are dropped. Body lines that start with "- "
/// are dash-escaped (section 7.1) and lose that prefix. Other text: every line but a signature
/// block.
std::vector<std::string_view> counted_lines(std::string_view text) {
  auto lines = split_lines(text);
  const bool clear_signed = std::any_of(
      lines.begin(), lines.end(), [](std::string_view l) { return trim(l) == kSignedMessage; });
  enum class Part { kOutside, kHeaders, kBody, kSignature } part = Part::kOutside;
  std::vector<std::string_view> counted;
  bool body_done = false;
  for (std::string_view line : lines) {
    const std::string_view t = trim(line);
    if (part == Part::kOutside && t == kSignedMessage && !body_done) {
      part = Part::kHeaders;
    } else if (part == Part::kHeaders) {
      if (t.empty()) part = Part::kBody;
    } else if (t == kSignatureBegin && part != Part::kSignature) {
      body_done = body_done || part == Part::kBody;
      part = Part::kSignature;
    } else if (part == Part::kSignature) {
      if (t == kSignatureEnd) part = Part::kOutside;
    } else if (part == Part::kBody) {
      if (line.starts_with("- ")) line.remove_prefix(2);
      counted.push_back(line);
    } else if (!clear_signed) {
      counted.push_back(line);
    }
  }
  return counted;
}

}  // namespace

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

ChecksumList parse_checksum_text(std::string_view text) {
  ChecksumList list;
  for (const std::string_view raw : counted_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    auto entry = parse_gnu(line);
    if (!entry) entry = parse_bsd(line);
    if (entry) {
      list.entries.push_back(std::move(*entry));
    } else {
      ++list.skipped_lines;
    }
  }
  return list;
}

Result<ExpectedHash> select_entry(const ChecksumList& list, std::string_view image_path,
                                  std::string_view list_path, ListRole role) {
  const std::string_view image = base_name(image_path);
  std::vector<const ChecksumEntry*> matches;
  for (const auto& e : list.entries) {
    if (base_name(e.name) == image) matches.push_back(&e);
  }
  if (matches.empty() && role == ListRole::kSidecar && list.entries.size() == 1) {
    matches.push_back(&list.entries.front());
  }
  if (matches.empty()) {
    return fail(ErrorKind::kNoExpectedHash,
                fmt::format("{} has no checksum for {} ({} entries read, {} lines not understood); "
                            "check that it belongs to this image.",
                            list_path, image, list.entries.size(), list.skipped_lines),
                Remedy::kGiveHashInstead);
  }
  const ChecksumEntry* best = matches.front();
  for (const auto* m : matches) {
    if (algorithm_strength(m->algorithm) > algorithm_strength(best->algorithm)) best = m;
  }
  for (const auto* m : matches) {
    if (m->algorithm == best->algorithm && m->hex != best->hex) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} lists two different {} digests for {} ({} and {}); it cannot be "
                              "trusted: get the list again.",
                              list_path, algorithm_name(best->algorithm), image, best->hex, m->hex),
                  Remedy::kGiveHashInstead);
    }
  }
  return ExpectedHash{best->algorithm, best->hex, std::string(list_path)};
}

Result<ExpectedHash> read_checksum_file(const std::string& list_path, std::string_view image_path,
                                        ListRole role) {
  auto text = platform::read_small_file(list_path, kMaxListBytes, ErrorKind::kInput);
  if (!text) return text.failure();
  return select_entry(parse_checksum_text(*text), image_path, list_path, role);
}

}  // namespace sw::writer
