#include "tui/cli/words.h"

#include "tui/words.h"

namespace sw::tui::cli {

std::string_view remedy_words(Remedy r) {
  switch (r) {
    case Remedy::kNone:
      return "";
    case Remedy::kAllowNonRemovable:
      return "If you are sure this is the drive you mean, add --allow-non-removable.";
    case Remedy::kWriteRawAnyway:
      return "--mode raw writes it anyway (for its files; the stick will not boot).";
    case Remedy::kGiveExpectedHash:
      return "Give --hash HEX, or --checksums FILE, or put the publisher's SHA256SUMS next to the "
             "image; --unverified writes it anyway.";
    case Remedy::kGiveHashInstead:
      return "Give the publisher's digest with --hash HEX instead.";
    case Remedy::kSeeDrives:
      return "Run 'stickwright list' to see the drives.";
    case Remedy::kAllowHardDisk:
      return "--yes alone is not enough. Add --allow-hard-disk if you are sure.";
    case Remedy::kAddPublisherKey:
      return "Get the publisher's signing key from a source you trust and add it with "
             "--keyring FILE (or put it in ~/.config/stickwright/keyrings/).";
    case Remedy::kCheckStick:
      return "Run 'stickwright check TARGET' to see how much the stick really holds (write --check "
             "does it before writing).";
  }
  return "";
}

std::string error_text(const Error& e) { return with_remedy(e.message, remedy_words(e.remedy)); }

std::string hash_source_words(const writer::ExpectedHash& e) {
  return e.given() ? std::string("--hash") : e.source;
}

std::string_view overridden_words(writer::RawRisk risk) {
  switch (risk) {
    case writer::RawRisk::kWindowsInstaller:
      return "writing a Windows installer ISO raw because --mode raw asks; the stick will not boot";
    case writer::RawRisk::kCannotBootFromUsb:
      return "writing an ISO that cannot boot from USB because --mode raw asks";
    case writer::RawRisk::kNone:
      break;
  }
  return "";
}

}  // namespace sw::tui::cli
