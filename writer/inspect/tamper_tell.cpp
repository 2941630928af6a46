#include "writer/inspect/tamper_tell.h"

namespace sw::writer {

std::string_view tell_kind_id(TellKind k) {
  switch (k) {
    case TellKind::kUnattend:
      return "unattend";
    case TellKind::kUnattendCommand:
      return "unattend_command";
    case TellKind::kUnattendAccount:
      return "unattend_account";
    case TellKind::kUnattendDisables:
      return "unattend_disables";
    case TellKind::kOemFolder:
      return "oem_folder";
    case TellKind::kUnexpectedFile:
      return "unexpected_file";
    case TellKind::kWimImageName:
      return "wim_image_name";
    case TellKind::kWimModifiedAfterIso:
      return "wim_modified_after_iso";
    case TellKind::kWimEditionMismatch:
      return "wim_edition_mismatch";
    case TellKind::kWimDuplicateName:
      return "wim_duplicate_name";
    case TellKind::kEditionSelector:
      return "edition_selector";
    case TellKind::kWimUnread:
      break;
  }
  return "wim_unread";
}

std::string_view tell_kind_text(TellKind k) {
  switch (k) {
    case TellKind::kUnattend:
      return "answer file";
    case TellKind::kUnattendCommand:
      return "answer file runs";
    case TellKind::kUnattendAccount:
      return "answer file account";
    case TellKind::kUnattendDisables:
      return "answer file turns off";
    case TellKind::kOemFolder:
      return "copied into Windows";
    case TellKind::kUnexpectedFile:
      return "not in a release";
    case TellKind::kWimImageName:
      return "image name";
    case TellKind::kWimModifiedAfterIso:
      return "image modified later";
    case TellKind::kWimEditionMismatch:
      return "edition mismatch";
    case TellKind::kWimDuplicateName:
      return "image added";
    case TellKind::kEditionSelector:
      return "edition selector";
    case TellKind::kWimUnread:
      break;
  }
  return "image metadata unread";
}

}  // namespace sw::writer
