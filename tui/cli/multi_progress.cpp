#include "tui/cli/multi_progress.h"

#include <fmt/format.h>

#include "platform/display_text.h"
#include "tui/json.h"
#include "tui/text_out.h"

namespace sw::tui {

MultiProgress::MultiProgress(ProgressStyle style, std::vector<std::string> names,
                             std::vector<std::string> models, const writer::Clock& clock)
    : m_out(style == ProgressStyle::kJsonLines ? stdout : err_out()),
      m_style(style),
      m_names(std::move(names)),
      m_models(std::move(models)),
      m_last_event(m_names.size()),
      m_state(m_names.size()),
      m_shown(m_names.size(), true),
      m_clock(clock) {}

std::size_t MultiProgress::add_row(std::string name, std::string model) {
  std::lock_guard lock(m_mutex);
  m_names.push_back(std::move(name));
  m_models.push_back(std::move(model));
  m_last_event.emplace_back();
  m_state.emplace_back();
  m_shown.push_back(true);
  return m_names.size() - 1;
}

void MultiProgress::set_state(std::size_t i, std::string state) {
  std::lock_guard lock(m_mutex);
  m_state[i] = std::move(state);
  if (m_style == ProgressStyle::kTerminalLine) draw_rows();
}

void MultiProgress::remove_row(std::size_t i) {
  std::lock_guard lock(m_mutex);
  m_shown[i] = false;
  if (m_style == ProgressStyle::kTerminalLine) draw_rows();
}

void MultiProgress::print(std::string_view line) {
  std::lock_guard lock(m_mutex);
  if (m_style == ProgressStyle::kTerminalLine) {
    m_pending_lines.emplace_back(line);
    return draw_rows();
  }
  write_text(m_out, std::string(line) + "\n");
}

writer::ProgressSink MultiProgress::sink_for(std::size_t i) {
  return [this, i](const writer::ProgressEvent& ev) { on_event(i, ev); };
}

writer::ProgressSink MultiProgress::shared_sink() {
  return [this](const writer::ProgressEvent& ev) { on_event(std::nullopt, ev); };
}

std::string MultiProgress::row(std::size_t i) const {
  const std::string who = m_models[i].empty()
                              ? m_names[i]
                              : fmt::format("{} ({})", m_names[i], m_models[i].substr(0, 20));
  if (m_state[i]) return fmt::format("{:<32} {}", who, *m_state[i]);
  if (!m_last_event[i]) return fmt::format("{:<32} waiting", who);
  return fmt::format("{:<32} {}", who, progress_line(*m_last_event[i]));
}

void MultiProgress::draw_rows() {
  if (m_style == ProgressStyle::kTerminalLine) {
    // Back to the first row; the lines to print above the rows, then every row, in place.
    std::string text = m_drawn_rows != 0 ? fmt::format("\x1b[{}A", m_drawn_rows) : std::string();
    std::size_t lines = 0;
    for (const auto& l : m_pending_lines) {
      text += fmt::format("\r{}\x1b[K\n", platform::display_safe(l));
      ++lines;
    }
    m_pending_lines.clear();
    std::size_t rows = 0;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
      if (!m_shown[i]) continue;
      text += fmt::format("\r{}\x1b[K\n", platform::display_safe(row(i)));
      ++rows;
    }
    // Fewer lines than last time: blank the rest, and come back up.
    if (lines + rows < m_drawn_rows) {
      const std::size_t extra = m_drawn_rows - lines - rows;
      for (std::size_t k = 0; k < extra; ++k) text += "\r\x1b[K\n";
      text += fmt::format("\x1b[{}A", extra);
    }
    write_text(m_out, text);
    m_drawn_rows = rows;
    return;
  }
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (m_shown[i] && !m_state[i]) print_line(m_out, "{}", row(i));
  }
}

void MultiProgress::on_event(std::optional<std::size_t> i, const writer::ProgressEvent& ev) {
  std::lock_guard lock(m_mutex);
  if (i) {
    m_last_event[*i] = ev;
  } else {
    for (auto& e : m_last_event) e = ev;
  }
  if (m_style == ProgressStyle::kJsonLines) {
    // Every phase's start and end, and the rest paced, each with its target.
    const auto now = m_clock.now();
    if (!ev.done && ev.bytes != 0 && m_last_draw && now - *m_last_draw < std::chrono::seconds(1))
      return;
    m_last_draw = now;
    std::string json = progress_json(ev);
    if (i)
      json.insert(json.find(',') + 1, fmt::format("\"target\":\"{}\",", json_escape(m_names[*i])));
    write_text(m_out, json + "\n");
    return;
  }
  const auto now = m_clock.now();
  const auto every = m_style == ProgressStyle::kTerminalLine ? std::chrono::milliseconds(200)
                                                             : std::chrono::milliseconds(5000);
  if (m_last_draw && now - *m_last_draw < every) return;
  m_last_draw = now;
  draw_rows();
}

void MultiProgress::finish() {
  std::lock_guard lock(m_mutex);
  if (m_style != ProgressStyle::kJsonLines) draw_rows();
}

}  // namespace sw::tui
