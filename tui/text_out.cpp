#include "tui/text_out.h"

#include <atomic>
#include <cerrno>

#include "platform/signals.h"

namespace sw::tui {
namespace {

/// Stops the job once the reader of our output is gone: nobody would see its result.
void on_output_closed(std::FILE* out) {
  static std::atomic<bool> said{false};
  platform::request_interrupt();
  if (out == err_out() || said.exchange(true)) return;
  constexpr std::string_view kNote = "stickwright: the output was closed (broken pipe); stopping\n";
  (void)std::fwrite(kNote.data(), 1, kNote.size(), err_out());
}

}  // namespace

bool write_text(std::FILE* out, std::string_view text) {
  errno = 0;
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (written && std::fflush(out) == 0) return true;
  if (errno == EPIPE) on_output_closed(out);
  std::clearerr(out);
  return false;
}

}  // namespace sw::tui
