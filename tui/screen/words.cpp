#include "tui/screen/words.h"

#include "tui/words.h"

namespace sw::tui::screen {

std::string_view remedy_words(Remedy r) {
  switch (r) {
    case Remedy::kNone:
      return "";
    case Remedy::kAllowNonRemovable:
      return "Press n to offer drives that are not USB sticks or SD cards.";
    case Remedy::kWriteRawAnyway:
      return "Press R (capital) to write it raw anyway.";
    case Remedy::kGiveExpectedHash:
      return "Press t to type the expected hash, or u to accept the image unverified.";
    case Remedy::kGiveHashInstead:
      return "Press t to type the publisher's digest instead.";
    case Remedy::kSeeDrives:
      return "Choose a drive from the list on the drive screen.";
    case Remedy::kAllowHardDisk:
      return "Answer the second question to erase it anyway.";
    case Remedy::kAddPublisherKey:
      return "Put the publisher's signing key in ~/.config/stickwright/keyrings/ and start "
             "again, or press S on the hash screen not to require a signature.";
    case Remedy::kCheckStick:
      return "Press q, then run 'stickwright check' on the stick: it tells a counterfeit stick "
             "in seconds.";
  }
  return "";
}

std::string error_text(const Error& e) { return with_remedy(e.message, remedy_words(e.remedy)); }

std::string hash_source_words(const writer::ExpectedHash& e) {
  return e.given() ? std::string("typed by you") : e.source;
}

std::string_view overridden_words(writer::RawRisk risk) {
  switch (risk) {
    case writer::RawRisk::kWindowsInstaller:
      return "writing a Windows installer ISO raw because you pressed R; the stick will not boot";
    case writer::RawRisk::kCannotBootFromUsb:
      return "writing an ISO that cannot boot from USB raw because you pressed R; the stick will "
             "not boot";
    case writer::RawRisk::kNone:
      break;
  }
  return "";
}

}  // namespace sw::tui::screen
