#include "tui/authenticity_view.h"

#include <fmt/format.h>

#include "platform/calendar.h"
#include "tui/json.h"

namespace sw::tui {

std::string grouped_fingerprint(std::string_view fingerprint) {
  std::string out;
  for (std::size_t i = 0; i < fingerprint.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += fingerprint[i];
  }
  return out;
}

namespace {

std::string signed_on(const writer::Authenticity& a) {
  if (!a.signed_at) return "";
  return fmt::format(" on {}", platform::utc_date(*a.signed_at));
}

std::string catalog_line(const writer::CatalogMatch& c) {
  const bool signed_catalog = c.authenticity.status == writer::AuthStatus::kAuthentic;
  return fmt::format(
      "Known image: {} ({} in {}{})", c.name, writer::algorithm_name(c.algorithm), c.file,
      signed_catalog ? ", a catalog signed by a trusted key" : ", an unsigned catalog");
}

}  // namespace

std::vector<std::string> authenticity_lines(const writer::Authenticity& a,
                                            const std::optional<writer::CatalogMatch>& catalog,
                                            bool digest_matched) {
  using writer::AuthStatus;
  std::vector<std::string> lines;
  switch (a.status) {
    case AuthStatus::kAuthentic:
      lines.push_back(fmt::format("Authentic: {} is signed by {}{}", a.signed_file,
                                  a.signer_uid.empty() ? "a trusted key" : a.signer_uid,
                                  signed_on(a)));
      lines.push_back(fmt::format("  key {}", grouped_fingerprint(a.signer_fingerprint)));
      break;
    case AuthStatus::kUnknownKey:
      lines.push_back(
          fmt::format("Intact only - unknown key: {} is signed{} by a key in no keyring",
                      a.signed_file, signed_on(a)));
      lines.push_back(fmt::format("  key {}", grouped_fingerprint(a.signer_fingerprint)));
      break;
    case AuthStatus::kUnsigned:
      lines.push_back(catalog || !digest_matched
                          ? "Unsigned: no signature was found"
                          : "Intact only: no signature was found; the digest proves the "
                            "download intact, not who made it");
      break;
    default:
      lines.push_back(
          fmt::format("Not authentic ({}): {}", writer::auth_status_id(a.status), a.reason));
      break;
  }
  if (catalog) lines.push_back(catalog_line(*catalog));
  return lines;
}

std::string authenticity_json(const writer::Authenticity& a) {
  JsonObject o;
  o.add("status", writer::auth_status_id(a.status));
  o.add_or_null("signature_file", a.signature_file);
  o.add_or_null("signed_file", a.signed_file);
  o.add_or_null("signer_fingerprint", a.signer_fingerprint);
  o.add_or_null("signer_uid", a.signer_uid);
  o.add_or_null("signed_at", a.signed_at ? platform::utc_iso(*a.signed_at) : std::string());
  o.add_or_null("reason", a.reason);
  o.add_or_null("note", a.note);
  return o.str();
}

std::string catalog_json(const std::optional<writer::CatalogMatch>& catalog) {
  if (!catalog) return "null";
  return JsonObject()
      .add("name", catalog->name)
      .add("file", catalog->file)
      .add("algorithm", writer::algorithm_name(catalog->algorithm))
      .add("signed", catalog->authenticity.status == writer::AuthStatus::kAuthentic)
      .str();
}

}  // namespace sw::tui
