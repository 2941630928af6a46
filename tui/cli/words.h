#pragma once
/// The command line's words for the engine's typed values: how to get past a refusal names a
/// flag (--allow-non-removable, --mode raw, --hash ...), never a key of the terminal UI.

#include <string>
#include <string_view>

#include "platform/result.h"
#include "writer/checksum_file.h"
#include "writer/raw_plan.h"

namespace sw::tui::cli {

/// How to get past a refusal with the command line's flags; empty for Remedy::kNone.
std::string_view remedy_words(Remedy r);

/// An error as the command line shows it: the engine's message, then the remedy in flags.
std::string error_text(const Error& e);

/// Where an expected digest came from: its checksum list, or --hash.
std::string hash_source_words(const writer::ExpectedHash& e);

/// Why an image the inspection advises against is written anyway (--mode raw).
std::string_view overridden_words(writer::RawRisk risk);

}  // namespace sw::tui::cli
