#pragma once
/// SIGINT, SIGTERM and SIGHUP turned into a flag that long jobs poll at block boundaries.

#include <atomic>

namespace sw::platform {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP (a closed SSH session) that set the
/// interrupt flag (SA_RESTART off, so a blocking read returns and the job notices promptly),
/// and ignores SIGPIPE: a closed output pipe then shows as EPIPE, which stops the job the same
/// way (request_interrupt) instead of killing the process mid-write.
void install_interrupt_handlers();

/// Asks the running job to stop at its next block boundary, as the signals do.
void request_interrupt();

/// The flag the handlers set; never cleared by them.
std::atomic<bool>& interrupt_flag();

/// How many times the signals (or request_interrupt) asked to stop: a front end may give a second
/// Ctrl-C a stronger meaning than the first (the station: stop watching, then stop the sticks).
int interrupt_count();

}  // namespace sw::platform
