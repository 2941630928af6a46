#pragma once
/// Pieces every command of the command line shares: the hash resolution, terminal questions,
/// target paths; and the commands themselves (their output goes through tui/cli/output.h).

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "platform/result.h"
#include "platform/sysroot.h"
#include "tui/cli/args.h"
#include "tui/cli/output.h"
#include "writer/expected_hash.h"
#include "writer/job.h"
#include "writer/trust.h"

namespace sw::tui {

/// The keys and catalogs: --keyring and --catalog, then the user's (and root's) configuration
/// directories and the distribution keyrings.
Result<std::shared_ptr<const writer::Trust>> load_trust(const CliOptions& o);

/// The expected hash by the documented precedence, the list's signature checked with `trust`'s
/// keys; notes when --checksums is overridden.
Result<writer::HashResolution> resolve_hash(const CliOptions& o, const writer::Trust& trust);

/// The provenance a job judges: the resolution's list verdict and image signature, and `trust`.
writer::Provenance provenance_of(const writer::HashResolution& hash,
                                 std::shared_ptr<const writer::Trust> trust,
                                 bool require_signature);

/// Prints `prompt` on stderr and reads one line from the terminal (stdin); none when stdin is
/// not a terminal or is closed.
std::optional<std::string> ask_on_terminal(const std::string& prompt);

/// Where a target path is opened: under --sysroot, /dev paths live inside the fixture.
std::string node_path_for(const platform::Sysroot& root, const std::string& target);

/// The commands: each returns the exit code, its words going to `out`.
int run_write(const CliOptions& o, Output& out);
int run_verify(const CliOptions& o, Output& out);
int run_hash(const CliOptions& o, Output& out);
int run_list(const CliOptions& o, Output& out);
int run_inspect(const CliOptions& o, Output& out);
int run_log(const CliOptions& o, Output& out);
int run_station(const CliOptions& o, Output& out);
int run_check(const CliOptions& o, Output& out);
int run_restore(const CliOptions& o, Output& out);
/// read: capture a drive as an image file (tui/cli/cmd_capture.cpp).
int run_read(const CliOptions& o, Output& out);

}  // namespace sw::tui
