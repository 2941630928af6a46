#pragma once
/// The command line's one way to put text on stdout and stderr. Human text is escaped here, at
/// the output edge, because values from drives, images and file names reach the text from every
/// layer (error messages are built in platform/ and writer/); escaping where text leaves the
/// program covers them all, while escaping where each value is formatted would miss one sooner
/// or later. Writes never throw and never kill the process: a closed pipe stops the job instead.

#include <fmt/format.h>

#include <cstdio>
#include <string_view>
#include <utility>

#include "platform/display_text.h"
#include "platform/session.h"

namespace sw::tui {

/// Where the command line's own messages and progress go: the process's standard error, on a
/// descriptor that a library's silenced stderr (platform::QuietStderr) does not reach.
inline std::FILE* err_out() { return platform::own_stderr(); }

/// Writes `text` unchanged (JSON, or text already made safe) and flushes it. False when it
/// could not be written; a closed pipe (EPIPE: `stickwright write --json | head -1`) also asks
/// the running job to stop, as SIGTERM would, and says so once on stderr.
bool write_text(std::FILE* out, std::string_view text);

/// Prints one line for a person: every control character in it escaped (platform::display_safe),
/// then a newline.
template <class... Args>
void print_line(std::FILE* out, fmt::format_string<Args...> format, Args&&... args) {
  write_text(out, platform::display_safe(fmt::format(format, std::forward<Args>(args)...)) + "\n");
}

/// Prints a message that may hold line breaks on purpose (an error or a note built in
/// platform/ or writer/): the breaks are kept, every other control character is escaped.
template <class... Args>
void print_message(std::FILE* out, fmt::format_string<Args...> format, Args&&... args) {
  write_text(out, platform::display_safe(fmt::format(format, std::forward<Args>(args)...),
                                         platform::LineBreaks::kKeep) +
                      "\n");
}

}  // namespace sw::tui
