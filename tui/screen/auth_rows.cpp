#include "tui/screen/auth_rows.h"

#include "tui/authenticity_view.h"
#include "tui/screen/app_logic.h"

namespace sw::tui::screen {
namespace {

Style verdict_style(writer::AuthStatus status) {
  if (status == writer::AuthStatus::kAuthentic) return Style::kGood;
  if (writer::auth_refuses(status)) return Style::kBad;
  return Style::kWarn;
}

std::vector<Row> verdict_rows(const writer::Authenticity& a,
                              const std::optional<writer::CatalogMatch>& catalog, bool matched) {
  std::vector<Row> rows;
  const auto lines = authenticity_lines(a, catalog, matched);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    rows.push_back(Row{lines[i], i == 0 ? verdict_style(a.status) : Style::kDim});
  }
  if (catalog && catalog->authenticity.status == writer::AuthStatus::kAuthentic &&
      a.status == writer::AuthStatus::kAuthentic) {
    rows.back().style = Style::kGood;
  }
  return rows;
}

}  // namespace

std::vector<Row> hash_auth_rows(const AppState& s) {
  std::vector<Row> rows;
  const auto& h = s.hash;
  if (h.judged) rows = verdict_rows(h.authenticity, h.catalog, h.status == HashStatus::kMatch);
  if (h.judged && h.authenticity.status == writer::AuthStatus::kUnknownKey) {
    rows.push_back(
        Row{"To trust it, put the publisher's key (from a source you trust) in "
            "~/.config/stickwright/keyrings/ and start again.",
            Style::kDim});
  }
  if (s.require_signature) {
    const bool blocked = h.judged && !signature_satisfied(s);
    rows.push_back(Row{blocked ? "A trusted signature is required and this image has none: "
                                 "writing is blocked (S: do not require it)"
                               : "A trusted signature is required (S: do not require it)",
                       blocked ? Style::kBad : Style::kDim});
  }
  return rows;
}

std::vector<Row> result_auth_rows(const writer::JobReport& r) {
  return verdict_rows(r.authenticity, r.catalog, r.hash_matched);
}

}  // namespace sw::tui::screen
