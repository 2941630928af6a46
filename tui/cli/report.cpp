#include "tui/cli/report.h"

#include <fmt/format.h>

#include "tui/authenticity_view.h"
#include "tui/cli/progress_printer.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/readback_digest.h"

namespace sw::tui {

std::string report_json(const writer::JobReport& r, const ReportContext& ctx) {
  JsonObject o;
  o.add("event", "result")
      .add("command", command_name(ctx.command))
      .add("status", r.error ? status_word(r.error->kind) : std::string_view("ok"))
      .add("exit_code", static_cast<std::uint64_t>(r.error ? exit_code_for(r.error->kind) : 0))
      .add("image", ctx.image)
      .add("target", ctx.target)
      .add("image_bytes", r.image_bytes)
      .add("mode", writer::write_mode_id(r.mode))
      .add("sha256", r.sha256);
  if (!ctx.windows_json.empty()) o.add_raw("windows", ctx.windows_json);
  if (r.compression == writer::Compression::kNone) {
    o.add_raw("compression", "null");
  } else {
    o.add_raw("compression", JsonObject()
                                 .add("format", writer::compression_name(r.compression))
                                 .add("file_sha256", r.file_sha256)
                                 .str());
  }
  if (r.expected) {
    JsonObject e;
    e.add("algorithm", writer::algorithm_name(r.expected->algorithm))
        .add("hex", r.expected->hex)
        .add("source", cli::hash_source_words(*r.expected))
        .add("matched", r.hash_matched)
        .add("matched_on", r.hash_matched ? writer::match_text(r.matched_on) : "");
    o.add_raw("expected", e.str());
    o.add("hash_strength",
          writer::hash_strength_name(writer::hash_strength(r.expected->algorithm)));
  } else {
    o.add_raw("expected", "null");
    o.add_raw("hash_strength", "null");
  }
  o.add_raw("authenticity", authenticity_json(r.authenticity));
  o.add_raw("catalog", catalog_json(r.catalog));
  o.add("bytes_written", r.bytes_written).add("verified", r.verified);
  if (!r.readback_digest.empty()) {
    o.add("readback_digest", fmt::format("{}:{}", writer::kReadbackDigestName, r.readback_digest));
  }
  if (!r.verify_method.empty()) o.add("verify_method", r.verify_method);
  if (r.first_difference) {
    o.add("first_difference", *r.first_difference);
  } else {
    o.add_raw("first_difference", "null");
  }
  JsonObject t;
  t.add("hash", r.hash_seconds)
      .add("prepare", r.prepare_seconds)
      .add("write", r.write_seconds)
      .add("sync", r.sync_seconds)
      .add("verify", r.verify_seconds);
  o.add_raw("seconds", t.str());
  if (r.error) o.add("message", cli::error_text(*r.error));
  return o.str();
}

std::string error_json(const Error& error, const JsonFields& extra) {
  JsonObject o;
  o.add("event", "result");
  for (const auto& [name, value] : extra) o.add(name, value);
  o.add("status", status_word(error.kind))
      .add("exit_code", static_cast<std::uint64_t>(exit_code_for(error.kind)))
      .add("verified", false)
      .add("message", cli::error_text(error));
  return o.str();
}

void print_success(std::FILE* out, const writer::JobReport& r, const ReportContext& ctx) {
  const auto rate = [](std::uint64_t bytes, double s) {
    return s > 0 ? fmt::format("{:.1f} MB/s", static_cast<double>(bytes) / s / 1e6)
                 : std::string("-");
  };
  if (r.expected) {
    print_line(out, "Hash OK: {} {} from {} matches {}",
               writer::algorithm_name(r.expected->algorithm), r.expected->hex,
               cli::hash_source_words(*r.expected), writer::match_text(r.matched_on));
  }
  for (const auto& line : authenticity_lines(r.authenticity, r.catalog, r.hash_matched)) {
    print_line(out, "{}", line);
  }
  if (r.authenticity.status == writer::AuthStatus::kUnknownKey) {
    print_line(out, "  {}", cli::remedy_words(Remedy::kAddPublisherKey));
  }
  if (ctx.command == Command::kWrite) {
    print_line(out, "Wrote {} to {} in {} ({})", format_bytes(r.bytes_written), ctx.target,
               format_duration(r.write_seconds + r.sync_seconds),
               rate(r.bytes_written, r.write_seconds + r.sync_seconds));
  }
  if (r.verified && r.mode == writer::WriteMode::kWindows) {
    print_line(out,
               "Verified: {} holds exactly the generated Windows stick ({} bytes, {} {}); read "
               "back with {} in {} ({}); built from the ISO with sha256 {}",
               ctx.target, r.image_bytes, writer::kReadbackDigestName, r.readback_digest,
               r.verify_method, format_duration(r.verify_seconds),
               rate(r.image_bytes, r.verify_seconds), r.sha256);
  } else if (r.verified) {
    print_line(out,
               "Verified: {} holds exactly the image (sha256 {}); read back with {} in {} ({}), "
               "{} {}",
               ctx.target, r.sha256, r.verify_method, format_duration(r.verify_seconds),
               rate(r.image_bytes, r.verify_seconds), writer::kReadbackDigestName,
               r.readback_digest);
  } else {
    print_line(out, "Not verified: the target was not read back (sha256 of the image {})",
               r.sha256);
  }
  if (ctx.command == Command::kWrite) {
    print_line(out, "All data is flushed; the drive is safe to remove.");
  }
}

}  // namespace sw::tui
