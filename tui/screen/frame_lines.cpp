#include "tui/screen/frame_lines.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/words.h"

namespace sw::tui::view {

void add(Frame& f, Line line) { f.lines.push_back(std::move(line)); }
void text(Frame& f, const std::string& t, Style st) { add(f, Line{Span{t, st}}); }
void blank(Frame& f) { add(f, Line{}); }

std::string clip(const std::string& s, int width) {
  if (static_cast<int>(s.size()) <= width) return s;
  return width > 3 ? s.substr(0, static_cast<std::size_t>(width - 3)) + "..."
                   : s.substr(0, static_cast<std::size_t>(width));
}

std::string cell(const std::string& s, std::size_t width) {
  return fmt::format("{:<{}}", clip(s, static_cast<int>(width)), width);
}

std::string bytes_line(const writer::ProgressEvent& ev) {
  const double pct =
      ev.total ? 100.0 * static_cast<double>(ev.bytes) / static_cast<double>(ev.total) : 0.0;
  std::string t =
      fmt::format("{:5.1f}%  {} / {}", pct, format_bytes(ev.bytes), format_bytes(ev.total));
  if (ev.bytes_per_second > 0) t += fmt::format("  {:.1f} MB/s", ev.bytes_per_second / 1e6);
  if (ev.eta_seconds && !ev.done) t += fmt::format("  ETA {}", format_duration(*ev.eta_seconds));
  t += fmt::format("  elapsed {}", format_duration(ev.elapsed_seconds));
  return t;
}

double fraction(const writer::ProgressEvent& ev) {
  if (ev.total == 0) return ev.done ? 1.0 : 0.0;
  return static_cast<double>(ev.bytes) / static_cast<double>(ev.total);
}

void wrapped(Frame& f, const std::string& m, Style st, int width, int max_lines) {
  std::size_t pos = 0;
  for (int n = 0; n < max_lines && pos < m.size(); ++n) {
    const auto nl = m.find('\n', pos);
    std::size_t len = std::min<std::size_t>(nl == std::string::npos ? m.size() - pos : nl - pos,
                                            static_cast<std::size_t>(width));
    if (pos + len < m.size() && m[pos + len] != '\n' && m[pos + len] != ' ') {
      const auto space = m.rfind(' ', pos + len);
      if (space != std::string::npos && space > pos) len = space - pos;
    }
    text(f, m.substr(pos, len), st);
    pos += len;
    while (pos < m.size() && (m[pos] == ' ' || m[pos] == '\n')) ++pos;
  }
}

}  // namespace sw::tui::view
