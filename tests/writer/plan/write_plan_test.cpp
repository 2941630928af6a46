#include "writer/plan/write_plan.h"

#include <doctest/doctest.h>

#include <string>

#include "support/fixture_sysroot.h"
#include "support/temp_dir.h"
#include "writer/digest.h"

using namespace sw;
using namespace sw::writer;

namespace {

/// A disk image that boots a PC by BIOS: written raw without a warning.
Inspection bootable_disk_image(const std::string& path) {
  Inspection r;
  r.image = path;
  r.kind = ImageKind::kDiskImage;
  r.boot.bios = true;
  return r;
}

/// An image file of `bytes` bytes and an empty target file, in a temporary directory with the
/// standard fixture machine (tests/support/standard_fixture.cpp) behind it.
struct Fixture {
  Fixture() : root(dir.path().string()) {
    test::build_standard_fixture(dir.path().string());
    std::string content(bytes, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 + 3);
    image = dir.write("image.img", content);
    target = dir.write("target.img", std::string(bytes, '\0'));
  }
  WriteRequest request(std::string to) const {
    WriteRequest r;
    r.image = image;
    r.targets.push_back(TargetRequest{std::move(to), std::nullopt});
    r.checks.hash_policy = HashPolicy::kAllowUnverified;
    r.root = root;
    return r;
  }
  static constexpr std::size_t bytes = 1 << 20;
  test::TempDir dir;
  platform::Sysroot root;
  std::string image, target;
};

}  // namespace

TEST_CASE("write plan: a file target is planned raw, and its job writes and verifies the image") {
  Fixture f;
  auto plan = plan_write(f.request(f.target), bootable_disk_image(f.image));
  REQUIRE(plan.ok());
  CHECK(plan->mode.mode == WriteMode::kRaw);
  REQUIRE(plan->targets.size() == 1);
  auto& t = plan->targets.front();
  CHECK_FALSE(t.drive);
  CHECK(t.stream == nullptr);
  CHECK(t.spec.capacity == Fixture::bytes);
  CHECK(&written_source(make_job(*plan, t, {}, {})) == plan->source.get());
  REQUIRE(preflight(make_job(*plan, t, {}, {})).ok());
  const auto report = run_write_job(make_job(*plan, t, {}, {}));
  REQUIRE_FALSE(report.error);
  CHECK(report.mode == WriteMode::kRaw);
  CHECK(report.verified);
  CHECK(test::read_file(f.target) == test::read_file(f.image));
}

TEST_CASE("write plan: without an expected hash the plan's preflight refuses, naming the remedy") {
  Fixture f;
  auto request = f.request(f.target);
  request.checks.hash_policy = HashPolicy::kRequireExpected;
  auto plan = plan_write(request, bootable_disk_image(f.image));
  REQUIRE(plan.ok());
  const auto pre = preflight(make_job(*plan, plan->targets.front(), {}, {}));
  REQUIRE_FALSE(pre.ok());
  CHECK(pre.error().kind == ErrorKind::kNoExpectedHash);
  CHECK(pre.error().remedy == Remedy::kGiveExpectedHash);
}

TEST_CASE("write plan: a drive that is not removable is refused unless the request allows it") {
  Fixture f;
  auto refused = plan_write(f.request("/dev/loop0"), bootable_disk_image(f.image));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::kTargetRefused);
  CHECK(refused.error().remedy == Remedy::kAllowNonRemovable);
  CHECK(refused.error().message.find("/dev/loop0") != std::string::npos);
  CHECK(refused.error().message.find("--") == std::string::npos);
  auto never = plan_write(f.request("/dev/nvme0n1"), bootable_disk_image(f.image));
  REQUIRE_FALSE(never.ok());
  CHECK(never.error().remedy == Remedy::kNone);  // the system disk: nothing gets past that
}

TEST_CASE("write plan: a USB stick is planned as a drive, opened against the user's snapshot") {
  Fixture f;
  auto plain = plan_write(f.request("/dev/sdb"), bootable_disk_image(f.image));
  REQUIRE(plain.ok());
  REQUIRE(plain->targets.front().drive);
  CHECK(plain->targets.front().drive->target.drive.serial == "4C530001");
  CHECK(plain->targets.front().spec.path == "/dev/sdb");
  // The user chose a stick with another serial under that name: the open must refuse it.
  auto request = f.request("/dev/sdb");
  auto seen = plain->targets.front().drive->target.drive;
  seen.serial = "SOMETHING ELSE";
  request.targets.front().snapshot = seen;
  auto plan = plan_write(request, bootable_disk_image(f.image));
  REQUIRE(plan.ok());
  auto dev = plan->targets.front().spec.open_for_write();
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().kind == ErrorKind::kTargetRefused);
  CHECK(dev.error().message.find("changed since you chose it") != std::string::npos);
}

TEST_CASE("write plan: the mode decision refuses before any target is judged") {
  Fixture f;
  auto request = f.request("/dev/nvme0n1");
  request.mode = ModeRequest::kWindows;
  auto plan = plan_write(request, bootable_disk_image(f.image));
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.error().kind == ErrorKind::kInput);
  CHECK(plan.error().message.find("not a Windows installer ISO") != std::string::npos);
}

TEST_CASE("write plan: one list of hash algorithms, SHA-256 first and never twice") {
  CHECK(hash_algorithms(std::nullopt) == std::vector{Algorithm::kSha256});
  CHECK(hash_algorithms(ExpectedHash{Algorithm::kSha256, "ab", ""}) ==
        std::vector{Algorithm::kSha256});
  CHECK(hash_algorithms(ExpectedHash{Algorithm::kSha512, "ab", ""}) ==
        std::vector{Algorithm::kSha256, Algorithm::kSha512});
}
