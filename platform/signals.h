#pragma once
/// SIGINT/SIGTERM turned into a flag that long jobs poll at block boundaries.

#include <atomic>

namespace sw::platform {

/// Installs handlers for SIGINT and SIGTERM that set the interrupt flag (SA_RESTART off, so a
/// blocking read returns and the job notices promptly).
void install_interrupt_handlers();

/// The flag the handlers set; never cleared by them.
std::atomic<bool>& interrupt_flag();

}  // namespace sw::platform
