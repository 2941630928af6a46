#include "tui/cli/progress_printer.h"

#include <fmt/format.h>

#include <cmath>

#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"

namespace sw::tui {
namespace {

std::chrono::milliseconds interval_of(ProgressStyle style) {
  switch (style) {
    case ProgressStyle::kTerminalLine:
      return std::chrono::milliseconds(100);
    case ProgressStyle::kPeriodicLines:
      return std::chrono::milliseconds(5000);
    case ProgressStyle::kJsonLines:
      return std::chrono::milliseconds(500);
  }
  return std::chrono::milliseconds(1000);
}

}  // namespace

std::string progress_line(const writer::ProgressEvent& ev) {
  const double pct =
      ev.total > 0 ? 100.0 * static_cast<double>(ev.bytes) / static_cast<double>(ev.total) : 100.0;
  // A stick's check counts steps (places tested, chunks timed), not bytes.
  const bool steps = ev.phase == writer::Phase::kCheck;
  std::string line = steps ? fmt::format("{:<6} {:5.1f}%  step {} of {}",
                                         writer::phase_name(ev.phase), pct, ev.bytes, ev.total)
                           : fmt::format("{:<6} {:5.1f}%  {} / {}", writer::phase_name(ev.phase),
                                         pct, format_bytes(ev.bytes), format_bytes(ev.total));
  if (ev.bytes_per_second > 0 && !steps) {
    line += fmt::format("  {:.1f} MB/s", ev.bytes_per_second / 1e6);
  }
  if (ev.done) {
    line += fmt::format("  done in {}", format_duration(ev.elapsed_seconds));
  } else if (ev.eta_seconds) {
    line += fmt::format("  ETA {}  elapsed {}", format_duration(*ev.eta_seconds),
                        format_duration(ev.elapsed_seconds));
  }
  return line;
}

std::string progress_json(const writer::ProgressEvent& ev) {
  JsonObject o;
  o.add("event", "progress")
      .add("phase", writer::phase_name(ev.phase))
      .add("bytes", ev.bytes)
      .add("total", ev.total)
      .add("bytes_per_second", ev.bytes_per_second)
      .add("elapsed_seconds", ev.elapsed_seconds)
      .add("done", ev.done);
  if (ev.eta_seconds) o.add("eta_seconds", *ev.eta_seconds);
  return o.str();
}

ProgressPrinter::ProgressPrinter(std::FILE* out, ProgressStyle style, const writer::Clock& clock)
    : m_out(out), m_style(style), m_clock(clock) {}

void ProgressPrinter::on_event(const writer::ProgressEvent& ev) {
  const auto now = m_clock.now();
  const bool first = ev.bytes == 0 && !ev.done;
  if (!first && !ev.done && m_last && now - *m_last < interval_of(m_style)) return;
  m_last = now;
  switch (m_style) {
    case ProgressStyle::kJsonLines:
      write_text(m_out, progress_json(ev) + "\n");
      break;
    case ProgressStyle::kPeriodicLines:
      if (first) return;
      print_line(m_out, "{}", progress_line(ev));
      break;
    case ProgressStyle::kTerminalLine:
      // \r and clear-to-end-of-line keep one line updating in place.
      write_text(m_out, fmt::format("\r{}\x1b[K", platform::display_safe(progress_line(ev))));
      m_line_open = true;
      if (ev.done) finish_line();
      break;
  }
}

void ProgressPrinter::finish_line() {
  if (!m_line_open) return;
  write_text(m_out, "\n");
  m_line_open = false;
}

}  // namespace sw::tui
