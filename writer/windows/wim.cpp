#include "writer/windows/wim.h"

#include <fmt/format.h>
#include <wimlib.h>

#include <memory>
#include <mutex>

#include "platform/files.h"

namespace sw::writer::wim {
namespace {

/// wimlib's own start-up, once per process: UTF-8 names, and paths in an image matched without
/// case as Windows does (install.wim images spell "Windows/Boot/EFI" in several ways).
Result<void> init_once() {
  static std::once_flag once;
  static int rc = 0;
  std::call_once(once, [] {
    rc = wimlib_global_init(WIMLIB_INIT_FLAG_ASSUME_UTF8 |
                            WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE);
  });
  if (rc != 0) {
    return fail(ErrorKind::kInput,
                fmt::format("wimlib could not start: {}",
                            wimlib_get_error_string(static_cast<wimlib_error_code>(rc))));
  }
  return ok();
}

std::string error_text(int rc) {
  return wimlib_get_error_string(static_cast<wimlib_error_code>(rc));
}

struct WimFree {
  void operator()(WIMStruct* w) const { wimlib_free(w); }
};
using WimPtr = std::unique_ptr<WIMStruct, WimFree>;

Result<WimPtr> open_wim(const std::string& path) {
  if (auto r = init_once(); !r) return r.failure();
  WIMStruct* raw = nullptr;
  const int rc = wimlib_open_wim(path.c_str(), WIMLIB_OPEN_FLAG_ERROR_IF_SPLIT, &raw);
  WimPtr wim(raw);
  if (rc != 0) {
    return fail(ErrorKind::kInput,
                fmt::format("{} cannot be read as a WIM file: {}", path, error_text(rc)));
  }
  return wim;
}

/// What the progress callback needs and collects: the caller's function, the parts written.
struct SplitContext {
  const Progress* progress = nullptr;
  std::uint64_t done_before_part = 0;  ///< bytes of the parts already finished
  std::vector<std::string> parts;      ///< each part's path, as wimlib finished it
  bool stopped = false;
};

wimlib_progress_status on_progress(wimlib_progress_msg msg, wimlib_progress_info* info,
                                   void* ctx_ptr) {
  auto& ctx = *static_cast<SplitContext*>(ctx_ptr);
  std::uint64_t done = 0;
  if (msg == WIMLIB_PROGRESS_MSG_SPLIT_BEGIN_PART || msg == WIMLIB_PROGRESS_MSG_SPLIT_END_PART) {
    if (msg == WIMLIB_PROGRESS_MSG_SPLIT_END_PART) ctx.parts.emplace_back(info->split.part_name);
    ctx.done_before_part = info->split.completed_bytes;
    done = info->split.completed_bytes;
  } else if (msg == WIMLIB_PROGRESS_MSG_WRITE_STREAMS) {
    // Since wimlib 1.13.4 these count the current part only.
    done = ctx.done_before_part + info->write_streams.completed_compressed_bytes;
  } else {
    return WIMLIB_PROGRESS_STATUS_CONTINUE;
  }
  if (ctx.progress != nullptr && *ctx.progress && !(*ctx.progress)(done)) {
    ctx.stopped = true;
    return WIMLIB_PROGRESS_STATUS_ABORT;
  }
  return WIMLIB_PROGRESS_STATUS_CONTINUE;
}

}  // namespace

Result<std::vector<std::string>> split(const std::string& wim_path, const std::string& dir,
                                       const std::string& stem, std::uint64_t part_bytes,
                                       const Progress& progress) {
  auto wim = open_wim(wim_path);
  if (!wim) return wim.failure();
  WIMStruct* w = wim->get();
  SplitContext ctx{&progress, 0, {}, false};
  wimlib_register_progress_function(w, on_progress, &ctx);
  const std::string first = fmt::format("{}/{}.swm", dir, stem);
  // The parts keep the WIM's GUID: wimlib would otherwise draw a new one on every split, and
  // the same ISO must always give the same stick.
  const int rc = wimlib_split(w, first.c_str(), part_bytes, WIMLIB_WRITE_FLAG_RETAIN_GUID);
  if (ctx.stopped || rc == WIMLIB_ERR_ABORTED_BY_PROGRESS) {
    return fail(ErrorKind::kInterrupted, "stopped by the user while splitting the WIM");
  }
  if (rc == WIMLIB_ERR_UNSUPPORTED) {
    return fail(ErrorKind::kInput,
                fmt::format("{} uses solid compression (an .esd), which cannot be split into "
                            ".swm parts; FAT32 cannot hold it whole",
                            wim_path));
  }
  if (rc != 0) {
    return fail(ErrorKind::kInput,
                fmt::format("splitting {} into .swm parts failed: {}", wim_path, error_text(rc)));
  }
  // wimlib names the parts STEM.swm, STEM2.swm, ... and reports each as it finishes it.
  return std::move(ctx.parts);
}

Result<std::string> extract_file(const std::string& wim_path, int image,
                                 const std::string& path_in_image, const std::string& dir) {
  auto wim = open_wim(wim_path);
  if (!wim) return wim.failure();
  const char* paths[] = {path_in_image.c_str()};
  // The file alone, as plain data: no directories above it, no Windows metadata to apply.
  const int flags = WIMLIB_EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE | WIMLIB_EXTRACT_FLAG_NO_ACLS |
                    WIMLIB_EXTRACT_FLAG_NO_ATTRIBUTES;
  const int rc = wimlib_extract_paths(wim->get(), image, dir.c_str(), paths, 1, flags);
  if (rc != 0) {
    return fail(ErrorKind::kInput, fmt::format("{} of image {} of {} could not be extracted: {}",
                                               path_in_image, image, wim_path, error_text(rc)));
  }
  // Matched without case, the file keeps the image's spelling of its name: the only entry.
  auto names = platform::list_directory(dir, ErrorKind::kInput);
  if (!names) return names.failure();
  if (names->size() != 1) {
    return fail(ErrorKind::kInput, fmt::format("{} of image {} of {} was not extracted",
                                               path_in_image, image, wim_path));
  }
  return fmt::format("{}/{}", dir, names->front());
}

}  // namespace sw::writer::wim
