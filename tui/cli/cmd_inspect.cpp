#include <fmt/format.h>

#include "tui/cli/common.h"
#include "tui/exit_codes.h"
#include "tui/inspect_report.h"
#include "tui/text_out.h"
#include "writer/inspect_file.h"

namespace sw::tui {

int run_inspect(const CliOptions& o, Output& out) {
  auto r = writer::inspect_image(o.image);
  if (!r) return out.error(r.error());
  if (r->truncated) {
    return out.error(
        Error{ErrorKind::kInput,
              fmt::format("{} is truncated: {}; download it again", o.image, *r->truncated), 0});
  }
  auto lines = inspection_details(*r);
  lines.insert(lines.begin(), o.image);
  out.result(inspection_json(*r), lines);
  return kExitOk;
}

}  // namespace sw::tui
