// libFuzzer harness for the parsers that read untrusted text: checksum lists (downloaded next
// to the image), --hash values, /proc mountinfo and swaps lines, and the XML of Windows
// installer ISOs (answer files, a WIM's XML data, read with pugixml); and for the two writers
// that put untrusted text on the terminal or into --json: the display escaper and the JSON
// writer. Built and run by scripts/fuzz; findings are kept as regression inputs in
// tests/fuzz/corpus-parsers/.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "platform/display_text.h"
#include "platform/mountinfo.h"
#include "tui/json.h"
#include "writer/checksum_file.h"
#include "writer/expected_hash.h"
#include "writer/inspect/unattend.h"
#include "writer/inspect/wim_xml.h"

namespace {

using sw::platform::decode_utf8;
using sw::platform::is_control;

/// True when `s` is valid UTF-8 with no control character (a newline only if `newline_ok`).
bool terminal_safe(std::string_view s, bool newline_ok) {
  while (!s.empty()) {
    const auto step = decode_utf8(s);
    if (!step.valid) return false;
    if (is_control(step.code_point) && !(newline_ok && step.code_point == '\n')) return false;
    s.remove_prefix(step.length);
  }
  return true;
}

/// A strict JSON checker (RFC 8259) for what JsonObject and json_array produce: objects,
/// arrays, strings, numbers, true, false, null. `at` advances past the value.
class JsonCheck {
 public:
  explicit JsonCheck(std::string_view text) : m_s(text) {}
  bool document() { return value(0) && m_at == m_s.size(); }

 private:
  bool value(int depth) {
    if (depth > 64 || m_at >= m_s.size()) return false;
    switch (m_s[m_at]) {
      case '{':
        return members(depth);
      case '[':
        return elements(depth);
      case '"':
        return string();
      default:
        return literal("true") || literal("false") || literal("null") || number();
    }
  }
  bool members(int depth) {
    ++m_at;
    if (eat('}')) return true;
    do {
      if (m_at >= m_s.size() || m_s[m_at] != '"' || !string() || !eat(':') || !value(depth + 1))
        return false;
    } while (eat(','));
    return eat('}');
  }
  bool elements(int depth) {
    ++m_at;
    if (eat(']')) return true;
    do {
      if (!value(depth + 1)) return false;
    } while (eat(','));
    return eat(']');
  }
  bool string() {
    ++m_at;  // the opening quote
    while (m_at < m_s.size()) {
      const auto step = decode_utf8(m_s.substr(m_at));
      // Raw control characters (and DEL and C1, which our writer escapes too) are refused.
      if (!step.valid || is_control(step.code_point)) return false;
      m_at += step.length;
      if (step.code_point == '"') return true;
      if (step.code_point != '\\') continue;
      if (m_at >= m_s.size()) return false;
      const char e = m_s[m_at++];
      if (e == 'u') {
        for (int i = 0; i < 4; ++i, ++m_at) {
          if (m_at >= m_s.size() ||
              std::string_view("0123456789abcdefABCDEF").find(m_s[m_at]) == std::string_view::npos)
            return false;
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }
  bool number() {
    const std::size_t start = m_at;
    while (m_at < m_s.size() &&
           std::string_view("-+.eE0123456789").find(m_s[m_at]) != std::string_view::npos)
      ++m_at;
    return m_at > start;
  }
  bool literal(std::string_view word) {
    if (m_s.substr(m_at, word.size()) != word) return false;
    m_at += word.size();
    return true;
  }
  bool eat(char c) {
    if (m_at >= m_s.size() || m_s[m_at] != c) return false;
    ++m_at;
    return true;
  }
  std::string_view m_s;
  std::size_t m_at = 0;
};

void check_output_writers(std::string_view text) {
  const std::string shown = sw::platform::display_safe(text);
  if (!terminal_safe(shown, false)) __builtin_trap();
  if (sw::platform::display_safe(shown) != shown) __builtin_trap();  // escaping is stable
  const std::string message = sw::platform::display_safe(text, sw::platform::LineBreaks::kKeep);
  if (!terminal_safe(message, true)) __builtin_trap();
  sw::tui::JsonObject inner;
  inner.add(text, text).add("n", std::uint64_t{7}).add("x", 0.5).add("b", true);
  const std::string quoted = "\"" + sw::tui::json_escape(text) + "\"";
  sw::tui::JsonObject outer;
  outer.add(text.substr(0, 16), text)
      .add_raw("inner", inner.str())
      .add_raw("list", sw::tui::json_array({quoted, inner.str(), "null"}));
  const std::string json = outer.str();
  if (!JsonCheck(json).document() || !terminal_safe(json, false)) __builtin_trap();
}

}  // namespace

namespace {

/// The answer-file reader and the WIM XML reader (UTF-8, or UTF-16 by its byte order mark).
void check_windows_xml(std::span<const std::byte> bytes) {
  if (auto u = sw::writer::read_unattend(bytes)) {
    if (bytes.size() > sw::writer::kMaxUnattendBytes) __builtin_trap();
    for (const auto& d : u->disabled) {
      if (d.evidence.empty()) __builtin_trap();
    }
  }
  if (auto images = sw::writer::wim::parse_xml(bytes)) {
    for (std::size_t i = 1; i < images->size(); ++i) {
      if ((*images)[i - 1].index > (*images)[i].index) __builtin_trap();
    }
  }
  // The header's XML resource, checked against a file as long as the input.
  if (auto r = sw::writer::wim::xml_resource(bytes, bytes.size())) {
    if (r->offset + r->size > bytes.size() || r->size > sw::writer::wim::kMaxXmlBytes)
      __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_output_writers(text);
  const auto list = sw::writer::parse_checksum_text(text);
  for (const auto& e : list.entries) {
    // Every accepted entry must be well-formed.
    if (e.hex.size() != sw::writer::hex_length(e.algorithm) || !sw::writer::is_hex(e.hex))
      __builtin_trap();
  }
  (void)sw::writer::select_entry(list, "image.iso", "FUZZ", sw::writer::ListRole::kShared);
  (void)sw::writer::select_entry(list, "image.iso", "FUZZ", sw::writer::ListRole::kSidecar);
  (void)sw::writer::parse_hash_spec(text.substr(0, 200));
  (void)sw::platform::parse_mountinfo(text);
  (void)sw::platform::parse_swaps(text);
  (void)sw::platform::decode_octal_escapes(text);
  if (const auto* m = sw::platform::mount_containing(sw::platform::parse_mountinfo(text), "/a/b")) {
    (void)m->mountpoint.size();
  }
  check_windows_xml(std::span(reinterpret_cast<const std::byte*>(data), size));
  return 0;
}
