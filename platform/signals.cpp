#include "platform/signals.h"

#include <csignal>

namespace sw::platform {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_interrupts{0};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");
static_assert(std::atomic<int>::is_always_lock_free, "the count is kept in a signal handler");

extern "C" void on_interrupt(int /*signo*/) {
  g_interrupts.fetch_add(1);
  g_interrupted.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  for (const int signo : {SIGINT, SIGTERM, SIGHUP}) sigaction(signo, &action, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

void request_interrupt() {
  g_interrupts.fetch_add(1);
  g_interrupted.store(true);
}

int interrupt_count() { return g_interrupts.load(); }

std::atomic<bool>& interrupt_flag() { return g_interrupted; }

}  // namespace sw::platform
