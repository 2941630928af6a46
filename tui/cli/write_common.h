#pragma once
/// What the write command does the same for one target or several: the confirmation, the
/// request, the words before the job, and the audit log's record.

#include <cstdint>
#include <memory>

#include "platform/result.h"
#include "tui/cli/args.h"
#include "writer/expected_hash.h"
#include "writer/inspect/inspect.h"
#include "writer/job.h"
#include "writer/plan/write_plan.h"
#include "writer/trust.h"

namespace sw::tui {

class Output;

/// The image inspected and the write planned: what every write does before the confirmation.
struct PreparedWrite {
  writer::Inspection inspection;
  writer::WritePlan plan;
};

/// Inspects the image (printing a Windows installer's tells), loads the keys and catalogs,
/// resolves the expected hash and plans the write to every target; says the mode on stderr.
Result<PreparedWrite> prepare_write(const CliOptions& o);

/// `write` with several targets (cmd_write_many.cpp).
int run_write_many(const CliOptions& o, Output& out, PreparedWrite& prepared);

/// Typed confirmation of one target: what it holds and loses, then its name; a drive that looks
/// like a hard disk needs a second answer (or --allow-hard-disk with --yes).
Result<void> confirm(const CliOptions& o, const writer::PlannedTarget& t,
                     std::uint64_t image_bytes);

/// The same confirmation for a command that erases without an image (check, restore): `what`
/// is the prompt's last line, what will be done ("and write test blocks ...").
Result<void> confirm_erase(const CliOptions& o, const writer::PlannedTarget& t,
                           const std::string& what);

/// write --check: checks the stick (non-destructive, so it still matches what was confirmed)
/// and refuses a counterfeit or failing one (ErrorKind::kBadStick) before the image is written.
Result<void> check_before_write(Output& out, const writer::PlannedTarget& t);

/// Says how the plan writes the image (its mode decision), with the warnings, on stderr.
void announce_mode(const CliOptions& o, const writer::Inspection& inspection,
                   const writer::ModeDecision& d);

/// Warnings before a write: no read-back (--no-verify), no expected hash.
void print_warnings(const CliOptions& o, bool has_expected);

/// What the user asked for on the command line, as the engine's write request (every target).
writer::WriteRequest write_request(const CliOptions& o, writer::HashResolution hash,
                                   std::shared_ptr<const writer::Trust> trust);

/// Appends the write's record to the audit log when the target was opened (a refusal before
/// that touched no stick); a log that cannot be written is a warning, not a failed write.
void log_write(const CliOptions& o, const writer::JobReport& report,
               const writer::PlannedTarget& target, std::int64_t time_start);

}  // namespace sw::tui
