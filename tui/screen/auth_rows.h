#pragma once
/// The authenticity verdict as rows of the hash and result screens (tui/authenticity_view.h
/// words it; this adds the styles and the screen's own hints).

#include <string>
#include <vector>

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"

namespace sw::tui::screen {

/// One row of text and its style.
struct Row {
  std::string text;
  Style style = Style::kNormal;
};

/// The hash screen's rows: the verdict once the hash pass has judged it, and whether a trusted
/// signature is required (the S key).
std::vector<Row> hash_auth_rows(const AppState& s);

/// The result screen's rows for a finished write.
std::vector<Row> result_auth_rows(const writer::JobReport& r);

}  // namespace sw::tui::screen
