#include <fmt/format.h>

#include "tui/cli_common.h"
#include "tui/exit_codes.h"
#include "tui/inspect_report.h"
#include "tui/text_out.h"
#include "writer/inspect_file.h"

namespace sw::tui {

int run_inspect(const CliOptions& o) {
  auto r = writer::inspect_image(o.image);
  if (!r) return report_error(r.error(), o.json);
  if (r->truncated) {
    return report_error(
        Error{ErrorKind::kInput,
              fmt::format("{} is truncated: {}; download it again", o.image, *r->truncated), 0},
        o.json);
  }
  if (o.json) {
    write_text(stdout, inspection_json(*r) + "\n");
    return kExitOk;
  }
  print_line(stdout, "{}", o.image);
  for (const auto& line : inspection_details(*r)) print_line(stdout, "{}", line);
  return kExitOk;
}

}  // namespace sw::tui
