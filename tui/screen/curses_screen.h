#pragma once
/// The only place that talks to curses: a session that restores the terminal on every path,
/// drawing a frame, and reading keys.

#include "tui/screen/frame.h"

namespace sw::tui {

/// Key code for "the terminal was resized"; -1 means no key within the timeout.
inline constexpr int kKeyResize = -2;

/// initscr..endwin as an owned resource. Also installs handlers so that SIGTERM, SIGHUP and
/// SIGINT (from kill: the Ctrl-C key is a key in raw mode) end the loop and a crash (SIGSEGV,
/// SIGABRT, SIGBUS, SIGFPE) restores the terminal before dying.
class CursesSession {
 public:
  CursesSession();
  ~CursesSession();
  CursesSession(const CursesSession&) = delete;
  CursesSession& operator=(const CursesSession&) = delete;

  int width() const;
  int height() const;
  /// Draws a whole frame.
  void draw(const Frame& frame);
  /// Waits up to 100 ms for a key; returns a Key code, a printable character, kKeyResize or -1.
  int read_key();
  /// True once SIGTERM, SIGHUP or SIGINT arrived.
  bool terminate_requested() const;

 private:
  bool m_colors = false;
};

}  // namespace sw::tui
