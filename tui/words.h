#pragma once
/// Words both front ends use: sizes and durations for people, the note on weak digests, and how
/// a refusal's message meets a front end's words for getting past it.

#include <cstdint>
#include <string>
#include <string_view>

#include "writer/digest.h"

namespace sw::tui {

/// "1.07 GB" (decimal units, as drives are sold).
std::string format_bytes(std::uint64_t bytes);
/// "0:18", "12:05", "1:02:03".
std::string format_duration(double seconds);

/// For a weak expected digest (md5, sha1), what a match does not prove, in words; empty for a
/// strong one.
std::string weak_hash_note(writer::Algorithm alg);

/// A refusal's message followed by a front end's words for getting past it (none: the message):
/// on the same line after a one-line message, on a line of its own after a longer one.
std::string with_remedy(const std::string& message, std::string_view remedy_words);

}  // namespace sw::tui
