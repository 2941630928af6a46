#include "writer/progress.h"

#include <doctest/doctest.h>

#include <vector>

#include "support/fake_clock.h"

using namespace sw::writer;

TEST_CASE("progress: rate, ETA and elapsed come from the injected clock") {
  sw::test::FakeClock clock(std::chrono::seconds(1));  // each reading advances one second
  std::vector<ProgressEvent> events;
  const ProgressSink sink = [&](const ProgressEvent& ev) { events.push_back(ev); };
  ProgressMeter meter(Phase::kWrite, 1000, clock, sink);
  meter.update(250);
  const double seconds = meter.finish();
  REQUIRE(events.size() == 3);
  CHECK(events[0].bytes == 0);
  CHECK_FALSE(events[0].eta_seconds.has_value());
  // start reads t=1, the first event t=2, the update t=3: 250 bytes in 2 s, 750 left -> 6 s
  CHECK(events[1].bytes_per_second == doctest::Approx(125.0));
  REQUIRE(events[1].eta_seconds.has_value());
  CHECK(*events[1].eta_seconds == doctest::Approx(6.0));
  CHECK(events[1].elapsed_seconds == doctest::Approx(2.0));
  CHECK(events[2].done);
  CHECK(events[2].phase == Phase::kWrite);
  CHECK(seconds > 1.0);
}

TEST_CASE("progress: phase names are the JSON words") {
  CHECK(phase_name(Phase::kHash) == "hash");
  CHECK(phase_name(Phase::kWrite) == "write");
  CHECK(phase_name(Phase::kSync) == "sync");
  CHECK(phase_name(Phase::kVerify) == "verify");
}
