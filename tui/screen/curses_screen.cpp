#include "tui/screen/curses_screen.h"

#include <curses.h>

#include <atomic>
#include <clocale>
#include <csignal>
#include <cstdlib>
#include <iterator>

#include "platform/display_text.h"
#include "tui/screen/app_logic.h"

namespace sw::tui {
namespace {

constexpr int kKeyTimeoutMs = 100;  // keys answer within 100 ms, and the screen refreshes as often

std::atomic<bool> g_terminate{false};
std::atomic<bool> g_curses_active{false};

/// Signals that end the loop so the session restores the terminal. SIGINT is here too: raw mode
/// turns the Ctrl-C key into a key, but kill -INT still sends the signal, whose default action
/// would leave the terminal raw and without echo.
constexpr int kTerminateSignals[] = {SIGTERM, SIGHUP, SIGINT};
struct sigaction g_previous[std::size(kTerminateSignals)];

extern "C" void on_terminate(int) { g_terminate.store(true); }

extern "C" void on_crash(int signo) {
  // Not async-signal-safe, but the process is dying anyway and a usable terminal matters more
  // (htop's CRT_handleSIGSEGV makes the same trade).
  if (g_curses_active.exchange(false)) endwin();
  std::signal(signo, SIG_DFL);
  std::raise(signo);
}

enum Pair : short { kPairGood = 1, kPairBad, kPairWarn, kPairTitle };

attr_t attr_for(Style st, bool colors) {
  switch (st) {
    case Style::kNormal:
      return A_NORMAL;
    case Style::kBold:
      return A_BOLD;
    case Style::kReverse:
      return A_REVERSE;
    case Style::kDim:
      return colors ? A_DIM : A_NORMAL;
    case Style::kGood:
      return colors ? (COLOR_PAIR(kPairGood) | A_BOLD) : A_BOLD;
    case Style::kBad:
      return colors ? (COLOR_PAIR(kPairBad) | A_BOLD) : (A_BOLD | A_UNDERLINE);
    case Style::kWarn:
      return colors ? (COLOR_PAIR(kPairWarn) | A_BOLD) : A_BOLD;
    case Style::kTitle:
      return colors ? (COLOR_PAIR(kPairTitle) | A_BOLD) : A_REVERSE;
  }
  return A_NORMAL;
}

}  // namespace

CursesSession::CursesSession() {
  std::setlocale(LC_ALL, "");
  struct sigaction term {};
  term.sa_handler = on_terminate;
  sigemptyset(&term.sa_mask);
  for (std::size_t i = 0; i < std::size(kTerminateSignals); ++i)
    sigaction(kTerminateSignals[i], &term, &g_previous[i]);
  for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE}) std::signal(s, on_crash);
  initscr();
  g_curses_active = true;
  raw();  // Ctrl-C arrives as a key, so the write screen can ask before stopping
  noecho();
  keypad(stdscr, TRUE);
  timeout(kKeyTimeoutMs);
  curs_set(0);
  set_escdelay(25);
  m_colors = has_colors() && std::getenv("NO_COLOR") == nullptr;
  if (m_colors) {
    start_color();
    use_default_colors();
    init_pair(kPairGood, COLOR_GREEN, -1);
    init_pair(kPairBad, COLOR_RED, -1);
    init_pair(kPairWarn, COLOR_YELLOW, -1);
    init_pair(kPairTitle, COLOR_WHITE, COLOR_BLUE);
  }
}

CursesSession::~CursesSession() {
  if (g_curses_active.exchange(false)) endwin();
  for (std::size_t i = 0; i < std::size(kTerminateSignals); ++i)
    sigaction(kTerminateSignals[i], &g_previous[i], nullptr);
}

int CursesSession::width() const { return COLS; }
int CursesSession::height() const { return LINES; }

void CursesSession::draw(const Frame& frame) {
  erase();
  int row = 0;
  for (const auto& line : frame.lines) {
    if (row >= LINES) break;
    int col = 0;
    for (const auto& span : line) {
      if (col >= COLS) break;
      attrset(attr_for(span.style, m_colors));
      // Escaped here, where text reaches the terminal: names and labels from drives and images
      // may hold control characters that would move the cursor or rewrite the screen.
      const std::string text = platform::display_safe(span.text);
      mvaddnstr(row, col, text.c_str(), COLS - col);
      col += static_cast<int>(text.size());
    }
    ++row;
  }
  attrset(A_NORMAL);
  if (frame.cursor_row >= 0) {
    curs_set(1);
    move(frame.cursor_row, frame.cursor_col);
  } else {
    curs_set(0);
  }
  refresh();
}

int CursesSession::read_key() {
  const int ch = getch();
  switch (ch) {
    case ERR:
      return -1;
    case KEY_RESIZE:
      return kKeyResize;
    case KEY_UP:
      return kKeyUp;
    case KEY_DOWN:
      return kKeyDown;
    case KEY_LEFT:
      return kKeyLeft;
    case KEY_RIGHT:
      return kKeyRight;
    case KEY_PPAGE:
      return kKeyPageUp;
    case KEY_NPAGE:
      return kKeyPageDown;
    case KEY_BACKSPACE:
    case 127:
    case 8:
      return kKeyBackspace;
    case KEY_ENTER:
    case '\r':
    case '\n':
      return kKeyEnter;
    default:
      return ch;
  }
}

bool CursesSession::terminate_requested() const { return g_terminate.load(); }

}  // namespace sw::tui
