#include "writer/station/station_tracker.h"

#include <doctest/doctest.h>

using namespace sw;
using namespace sw::writer;
using platform::BlockEntry;

namespace {

BlockEntry entry(std::string name, std::string dev, std::uint64_t size,
                 std::optional<std::uint64_t> seq = std::nullopt) {
  return BlockEntry{std::move(name), std::move(dev), size, seq};
}

std::string changes(const std::vector<Insertion>& v) {
  std::string s;
  for (const auto& i : v) {
    if (!s.empty()) s += ' ';
    s += i.kind == InsertionKind::kArrived ? '+' : '-';
    s += i.name;
  }
  return s;
}

}  // namespace

TEST_CASE("station tracker: a drive there at the start is never reported as plugged in") {
  const std::vector<BlockEntry> start{entry("sda", "8:0", 1000), entry("sdb", "8:16", 64)};
  InsertionTracker t(start);
  CHECK(changes(t.update(start)) == "");
  CHECK(changes(t.update(start)) == "");
}

TEST_CASE("station tracker: a new drive arrives once it is seen the same twice, and only once") {
  InsertionTracker t({entry("sda", "8:0", 1000)});
  const std::vector<BlockEntry> with_stick{entry("sda", "8:0", 1000), entry("sdc", "8:32", 64, 7)};
  CHECK(changes(t.update(with_stick)) == "");  // first seen: still settling
  CHECK(changes(t.update(with_stick)) == "+sdc");
  CHECK(changes(t.update(with_stick)) == "");
  CHECK(changes(t.update(with_stick)) == "");
}

TEST_CASE("station tracker: a drive still changing does not arrive until it settles") {
  InsertionTracker t({});
  CHECK(changes(t.update({entry("sdc", "8:32", 0)})) == "");  // no medium yet
  CHECK(changes(t.update({entry("sdc", "8:32", 32)})) == "");
  CHECK(changes(t.update({entry("sdc", "8:32", 64)})) == "");  // size still moving
  CHECK(changes(t.update({entry("sdc", "8:32", 64)})) == "+sdc");
}

TEST_CASE("station tracker: pulled out and plugged in again is a new insertion") {
  const std::vector<BlockEntry> start{entry("sdb", "8:16", 64, 3)};
  InsertionTracker t(start);
  CHECK(changes(t.update({})) == "-sdb");
  CHECK(changes(t.update({entry("sdb", "8:16", 64, 4)})) == "");
  CHECK(changes(t.update({entry("sdb", "8:16", 64, 4)})) == "+sdb");
  CHECK(changes(t.update({})) == "-sdb");
}

TEST_CASE("station tracker: another stick under the same name between two looks is both") {
  InsertionTracker t({entry("sdb", "8:16", 64, 3)});
  // Pulled and another plugged in between looks: new disk sequence number.
  CHECK(changes(t.update({entry("sdb", "8:16", 64, 9)})) == "-sdb");
  CHECK(changes(t.update({entry("sdb", "8:16", 64, 9)})) == "+sdb");
}

TEST_CASE("station tracker: a card taken out of a reader there at the start, then one put in") {
  InsertionTracker t({entry("sde", "8:64", 32)});
  CHECK(changes(t.update({entry("sde", "8:64", 0)})) == "-sde");
  CHECK(changes(t.update({entry("sde", "8:64", 0)})) == "");
  CHECK(changes(t.update({entry("sde", "8:64", 16)})) == "");
  CHECK(changes(t.update({entry("sde", "8:64", 16)})) == "+sde");
}

TEST_CASE("station tracker: a drive seen once and gone again never arrives") {
  InsertionTracker t({});
  CHECK(changes(t.update({entry("sdc", "8:32", 64)})) == "");
  CHECK(changes(t.update({})) == "");
  CHECK(changes(t.update({entry("sdc", "8:32", 64)})) == "");
  CHECK(changes(t.update({entry("sdc", "8:32", 64)})) == "+sdc");
}
