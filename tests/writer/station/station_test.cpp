#include "writer/station/station.h"

#include <doctest/doctest.h>

#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "support/fixture_sysroot.h"
#include "support/temp_dir.h"
#include "writer/station/station_loop.h"

using namespace sw;
using namespace sw::writer;

namespace {

constexpr std::uint64_t kGB = 1000ull * 1000 * 1000;

Inspection bootable_disk_image(const std::string& path) {
  Inspection r;
  r.image = path;
  r.kind = ImageKind::kDiskImage;
  r.boot.bios = true;
  return r;
}

std::string read_file(const std::string& path, std::size_t bytes) {
  std::string s(bytes, '\0');
  std::ifstream(path, std::ios::binary).read(s.data(), static_cast<std::streamsize>(bytes));
  return s;
}

/// The standard fixture machine, an image, and a station plan (no targets) over them.
struct StationFixture {
  StationFixture() : root(dir.path().string()) {
    test::build_standard_fixture(dir.path().string());
    content.assign(kBytes, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 13 + 5);
    image = dir.write("image.img", content);
    request.image = image;
    request.checks.hash_policy = HashPolicy::kAllowUnverified;
    request.root = root;
  }
  /// Plugs a stick (or a SATA disk) into the fixture machine.
  void plug(const std::string& kind, const std::string& name, unsigned minor, std::uint64_t size) {
    auto d = kind == "usb" ? test::fixture_usb_disk(name, minor, 30 + static_cast<int>(minor / 16),
                                                    size, "Test", "Stick", name + "-serial", true)
                           : test::fixture_sata_disk(name, minor, size);
    d.node_bytes = std::min<std::uint64_t>(size, 4 * kBytes);  // what a write fills
    test::FixtureBuilder(dir.path().string()).add_disk(d);
  }
  std::string node(const std::string& name) const { return (dir.path() / "dev" / name).string(); }

  static constexpr std::size_t kBytes = 1 << 20;
  test::TempDir dir;
  platform::Sysroot root;
  std::string content, image;
  WriteRequest request;
};

/// Events as "kind:name" words, collected from every thread.
struct Recorder {
  void add(const StationEvent& ev) {
    static const char* const kWords[] = {"present", "refused", "started", "finished", "removed"};
    std::lock_guard lock(mutex);
    std::string w = std::string(kWords[static_cast<int>(ev.kind)]) + ":" + ev.name;
    if (ev.report) w += ev.report->error ? "=failed" : (ev.report->verified ? "=verified" : "=?");
    words.push_back(w);
    if (ev.kind == StationEvent::Kind::kRefused) reasons.push_back(ev.reason);
  }
  bool has(const std::string& w) const {
    return std::find(words.begin(), words.end(), w) != words.end();
  }
  std::mutex mutex;
  std::vector<std::string> words, reasons;
};

}  // namespace

TEST_CASE("station rules: only USB drives and SD cards, no hard disk, sizes within the rules") {
  platform::Drive d;
  d.transport = platform::Transport::kUsb;
  d.size_bytes = 16 * kGB;
  const platform::Eligibility offered;
  StationRules rules;
  CHECK_FALSE(station_refusal(d, offered, rules));
  d.size_bytes = 256 * kGB;
  REQUIRE(station_refusal(d, offered, rules));
  CHECK(station_refusal(d, offered, rules)->find("looks like a hard disk") != std::string::npos);
  d.size_bytes = 2 * kGB;
  rules.min_bytes = 4 * kGB;
  CHECK(station_refusal(d, offered, rules)->find("smaller") != std::string::npos);
  rules.min_bytes = 0;
  d.transport = platform::Transport::kSata;
  CHECK(station_refusal(d, offered, rules)->find("not a USB drive or SD card") !=
        std::string::npos);
  d.transport = platform::Transport::kMmc;
  d.mmc_type = platform::MmcType::kMmc;  // an eMMC soldered to the board
  CHECK(station_refusal(d, offered, rules));
  d.mmc_type = platform::MmcType::kSd;
  CHECK_FALSE(station_refusal(d, offered, rules));
  platform::Eligibility never;
  never.verdict = platform::Verdict::kNever;
  never.reasons = {"holds the running system"};
  CHECK(*station_refusal(d, never, rules) == "holds the running system");
  platform::Eligibility rotational;
  rotational.looks_like_hard_disk = true;
  CHECK(station_refusal(d, rotational, rules));
}

TEST_CASE("station: sticks plugged in after the start are written once each; others never") {
  StationFixture f;
  auto plan = plan_write(f.request, bootable_disk_image(f.image));
  REQUIRE(plan);
  const auto image = hash_station_image(*plan, steady_clock(), {}, {});
  REQUIRE_FALSE(image.report.error);
  const std::string sdb_before = read_file(f.node("sdb"), StationFixture::kBytes);

  Recorder rec;
  StationSetup setup;
  setup.plan = &*plan;
  setup.request = f.request;
  setup.count = 2;
  int looks = 0;
  // Each look is one step of a script: the sticks come as the station looks, no time passes.
  setup.look = [&] {
    if (looks == 1) f.plug("usb", "sdm", 192, 64 * 1000 * 1000);
    if (looks == 2) f.plug("sata", "sdn", 208, 64 * 1000 * 1000);
    if (looks == 4) f.plug("usb", "sdo", 224, 64 * 1000 * 1000);
    ++looks;
    return platform::list_block_entries(f.root);
  };
  setup.wait = [](std::chrono::milliseconds) {};
  StationHooks hooks;
  hooks.on_event = [&](const StationEvent& ev) { rec.add(ev); };
  const auto summary = run_station(image, setup, hooks);

  CHECK(summary.sticks == 2);
  CHECK(summary.verified == 2);
  CHECK(summary.failed == 0);
  CHECK(rec.has("present:sdb"));
  CHECK_FALSE(rec.has("present:sda"));  // not a stick: not even listed
  CHECK(rec.has("finished:sdm=verified"));
  CHECK(rec.has("finished:sdo=verified"));
  CHECK(rec.has("refused:sdn"));
  CHECK_FALSE(rec.has("started:sdb"));
  CHECK(std::count(rec.words.begin(), rec.words.end(), "started:sdm") == 1);
  CHECK(read_file(f.node("sdm"), StationFixture::kBytes) == f.content);
  CHECK(read_file(f.node("sdo"), StationFixture::kBytes) == f.content);
  CHECK(read_file(f.node("sdn"), StationFixture::kBytes) != f.content);
  CHECK(read_file(f.node("sdb"), StationFixture::kBytes) == sdb_before);
}

TEST_CASE("station: a stick too small for the image, or over the largest size, is refused") {
  StationFixture f;
  auto plan = plan_write(f.request, bootable_disk_image(f.image));
  REQUIRE(plan);
  const auto image = hash_station_image(*plan, steady_clock(), {}, {});
  REQUIRE_FALSE(image.report.error);
  Recorder rec;
  StationSetup setup;
  setup.plan = &*plan;
  setup.request = f.request;
  setup.rules.max_bytes = 100 * 1000 * 1000;
  int looks = 0;
  setup.look = [&] {
    if (looks == 1) f.plug("usb", "sdm", 192, 500 * 1000);         // 0.5 MB: the image is 1 MiB
    if (looks == 1) f.plug("usb", "sdo", 224, 200 * 1000 * 1000);  // over the largest size
    ++looks;
    return platform::list_block_entries(f.root);
  };
  setup.wait = [](std::chrono::milliseconds) {};
  StationHooks hooks;
  hooks.on_event = [&](const StationEvent& ev) { rec.add(ev); };
  hooks.stop_watching = [&] { return looks >= 5; };
  const auto summary = run_station(image, setup, hooks);
  CHECK(summary.sticks == 0);
  CHECK(rec.has("refused:sdm"));
  CHECK(rec.has("refused:sdo"));
  REQUIRE(rec.reasons.size() == 2);
  CHECK(rec.reasons[1].find("looks like a hard disk") != std::string::npos);
  CHECK(read_file(f.node("sdm"), StationFixture::kBytes) != f.content);
}

TEST_CASE("station: an image that does not match its expected digest starts no station") {
  StationFixture f;
  f.request.checks.expected = ExpectedHash{Algorithm::kSha256, std::string(64, 'a'), "test"};
  f.request.checks.hash_policy = HashPolicy::kRequireExpected;
  auto plan = plan_write(f.request, bootable_disk_image(f.image));
  REQUIRE(plan);
  const auto image = hash_station_image(*plan, steady_clock(), {}, {});
  REQUIRE(image.report.error);
  CHECK(image.report.error->kind == ErrorKind::kHashMismatch);
  // A stick written anyway (a front end's bug) is refused by the stick's own job.
  PlannedTarget t;
  auto job = make_job(*plan, t, {}, {});
  CHECK(write_stick(job, image).error->kind == ErrorKind::kHashMismatch);
}
