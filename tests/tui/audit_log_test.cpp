#include "tui/audit_log.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "platform/config_dirs.h"
#include "platform/session.h"
#include "support/temp_dir.h"

using namespace sw;

namespace {

writer::JobReport verified_report() {
  writer::JobReport r;
  r.image_bytes = 3000000;
  r.sha256 = std::string(64, 'a');
  r.expected = writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "/x/SUMS"};
  r.hash_matched = true;
  r.matched_on = writer::HashMatch::kImage;
  r.authenticity.status = writer::AuthStatus::kAuthentic;
  r.target_opened = true;
  r.bytes_written = 3000000;
  r.write_seconds = 1.5;
  r.verify_seconds = 1.0;
  r.verified = true;
  r.readback_digest = std::string(32, 'b');
  return r;
}

}  // namespace

TEST_CASE("audit log: a record has every field, the drive's and the verdict") {
  platform::Drive d;
  d.vendor = "SanDisk";
  d.model = "Cruzer Blade";
  d.serial = "4C530001";
  d.size_bytes = 16008609792;
  d.transport = platform::Transport::kUsb;
  const tui::AuditContext ctx{"/img/debian.iso", "/dev/sdb", &d, 1796666400, 1796666460, "0.1.0"};
  const auto j = nlohmann::json::parse(tui::audit_record(verified_report(), ctx));
  for (auto field : tui::audit_fields()) {
    CAPTURE(field);
    CHECK(j.contains(std::string(field)));
  }
  CHECK(j.size() == tui::audit_fields().size());
  CHECK(j["time_start"] == "2026-12-07T18:00:00Z");
  CHECK(j["time_end"] == "2026-12-07T18:01:00Z");
  CHECK(j["host"] == platform::host_name());
  CHECK(j["expected_source"] == "sha256 from /x/SUMS, matched the image");
  CHECK(j["authenticity"] == "authentic");
  CHECK(j["serial"] == "4C530001");
  CHECK(j["size_bytes"] == 16008609792ull);
  CHECK(j["transport"] == "usb");
  CHECK(j["result"] == "verified");
  CHECK(j["exit_code"] == 0);
  CHECK(j["write_mb_s"] == doctest::Approx(2.0));
  CHECK(j["readback_digest"] == "xxh3-128:" + std::string(32, 'b'));
  CHECK(j["first_difference"].is_null());
  CHECK(j["message"].is_null());
}

TEST_CASE("audit log: failed and interrupted writes, a file target") {
  auto r = verified_report();
  r.verified = false;
  r.first_difference = 4096;
  r.error = Error{ErrorKind::kVerifyFailed, "the drive differs at byte 4096"};
  const tui::AuditContext ctx{"/img/a.iso", "/tmp/d.img", nullptr, 0, 1, "0.1.0"};
  auto j = nlohmann::json::parse(tui::audit_record(r, ctx));
  CHECK(j["result"] == "failed");
  CHECK(j["exit_code"] == 5);
  CHECK(j["first_difference"] == 4096);
  CHECK(j["message"] == "the drive differs at byte 4096");
  CHECK(j["serial"].is_null());
  CHECK(j["size_bytes"].is_null());
  r.error = Error{ErrorKind::kInterrupted, "stopped"};
  j = nlohmann::json::parse(tui::audit_record(r, ctx));
  CHECK(j["result"] == "interrupted");
  CHECK(j["exit_code"] == 130);
}

TEST_CASE("audit log: appended lines read back; a damaged last line is skipped with a warning") {
  test::TempDir dir;
  const auto path = (dir.path() / "deep/er/writes.jsonl").string();
  const tui::AuditContext ctx{"/img/a.iso", "/dev/sdb", nullptr, 1796666400, 1796666460, "0.1"};
  const auto rec = tui::audit_record(verified_report(), ctx);
  REQUIRE(tui::append_audit_record(path, rec));
  REQUIRE(tui::append_audit_record(path, rec));
  {
    std::ofstream(path, std::ios::app) << R"({"time_start":"2026-12-07T1)";  // cut short
  }
  auto log = tui::read_audit_log(path);
  REQUIRE(log);
  CHECK(log->entries.size() == 2);
  REQUIRE(log->warnings.size() == 1);
  CHECK(log->warnings[0].find("line 3 of") != std::string::npos);
  CHECK(log->entries[0].at("result") == "verified");
  CHECK(log->entries[0].at("first_difference") == "");
  auto missing = tui::read_audit_log((dir.path() / "none.jsonl").string());
  REQUIRE(missing);
  CHECK(missing->entries.empty());
  // verified_today counts by the local date of time_end.
  CHECK(tui::verified_today(*log, 1796666460) == 2);
  CHECK(tui::verified_today(*log, 1796666460 + 3 * 86400) == 0);
}

TEST_CASE("audit log: --log, then STICKWRIGHT_LOG, then the state directory") {
  const char* old = std::getenv("STICKWRIGHT_LOG");
  const std::string saved = old ? old : "";
  ::setenv("STICKWRIGHT_LOG", "/env/log.jsonl", 1);
  CHECK(tui::audit_log_path(std::string("/given.jsonl")) == "/given.jsonl");
  CHECK(tui::audit_log_path(std::nullopt) == "/env/log.jsonl");
  ::unsetenv("STICKWRIGHT_LOG");
  CHECK(tui::audit_log_path(std::nullopt) == platform::state_dir() + "/writes.jsonl");
  if (platform::running_as_root()) CHECK(platform::state_dir() == "/var/log/stickwright");
  if (old) ::setenv("STICKWRIGHT_LOG", saved.c_str(), 1);
}
