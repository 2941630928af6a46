#include "tui/cli/progress_printer.h"

#include <doctest/doctest.h>

#include <cstdio>

#include "support/fake_clock.h"
#include "tui/json.h"
#include "tui/words.h"

using namespace sw::tui;
using sw::writer::Phase;
using sw::writer::ProgressEvent;

TEST_CASE("printer: sizes and durations as people read them") {
  CHECK(format_bytes(999) == "999 B");
  CHECK(format_bytes(1500) == "1.50 kB");
  CHECK(format_bytes(4000000000ull) == "4.00 GB");
  CHECK(format_duration(5) == "0:05");
  CHECK(format_duration(125) == "2:05");
  CHECK(format_duration(3723) == "1:02:03");
}

TEST_CASE("printer: a progress line has phase, percent, bytes, rate and ETA") {
  ProgressEvent ev;
  ev.phase = Phase::kWrite;
  ev.bytes = 500000000;
  ev.total = 1000000000;
  ev.bytes_per_second = 25e6;
  ev.eta_seconds = 20;
  ev.elapsed_seconds = 20;
  const auto line = progress_line(ev);
  CHECK(line.find("write") == 0);
  CHECK(line.find("50.0%") != std::string::npos);
  CHECK(line.find("500.00 MB / 1.00 GB") != std::string::npos);
  CHECK(line.find("25.0 MB/s") != std::string::npos);
  CHECK(line.find("ETA 0:20") != std::string::npos);
}

TEST_CASE("printer: JSON progress objects and escaping") {
  ProgressEvent ev;
  ev.phase = Phase::kVerify;
  ev.bytes = 10;
  ev.total = 20;
  const auto j = progress_json(ev);
  CHECK(j.find("\"event\":\"progress\"") != std::string::npos);
  CHECK(j.find("\"phase\":\"verify\"") != std::string::npos);
  CHECK(j.find("\"bytes\":10") != std::string::npos);
  CHECK(j.find("\"total\":20") != std::string::npos);
  CHECK(json_escape("a\"b\\c\nd\x01") == "a\\\"b\\\\c\\nd\\u0001");
}

TEST_CASE("printer: periodic lines are rate-limited by the clock; phase ends always print") {
  sw::test::FakeClock clock(std::chrono::seconds(1));
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  ProgressPrinter printer(out, ProgressStyle::kPeriodicLines, clock);
  ProgressEvent ev;
  ev.total = 100;
  for (int i = 1; i <= 20; ++i) {
    ev.bytes = static_cast<std::uint64_t>(i);
    printer.on_event(ev);  // one per second: a line every 5 s
  }
  ev.done = true;
  printer.on_event(ev);
  std::rewind(out);
  int lines = 0;
  for (int c = 0; (c = std::fgetc(out)) != EOF;) lines += c == '\n';
  std::fclose(out);
  CHECK(lines == 5);  // t=1 (first with bytes), then t=6, 11, 16, and the done line
}
