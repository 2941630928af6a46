#pragma once
/// The terminal UI's words for the engine's typed values: how to get past a refusal names a key
/// of this screen (n, R, t, u), never a command-line flag.

#include <string>
#include <string_view>

#include "platform/result.h"
#include "writer/checksum_file.h"
#include "writer/raw_plan.h"

namespace sw::tui::screen {

/// How to get past a refusal with the terminal UI's keys; empty for Remedy::kNone.
std::string_view remedy_words(Remedy r);

/// An error as the terminal UI shows it: the engine's message, then the remedy in keys.
std::string error_text(const Error& e);

/// Where an expected digest came from: its checksum list, or the user's typing.
std::string hash_source_words(const writer::ExpectedHash& e);

/// Why an image the inspection advises against is written anyway (the key R).
std::string_view overridden_words(writer::RawRisk risk);

}  // namespace sw::tui::screen
