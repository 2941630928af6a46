#include "writer/windows/stick_layout.h"

#include <doctest/doctest.h>

#include <cstring>

#include "support/stick_tree.h"

using namespace sw;
using namespace sw::writer;
using sw::test::dir;
using sw::test::file;
using sw::test::with_paths;

namespace {

/// A tree as read_udf_tree gives it: sorted children, paths filled in.
StickNode windows_tree() {
  return with_paths(
      dir("", {file("bootmgr", 400000), dir("boot", {file("bcd", 262144)}), dir("empty", {}),
               file("zero.txt", 0), dir("sources", {file("install.wim", 3 * 1024 * 1024 + 1)})}));
}

bool contains(const std::vector<std::byte>& hay, std::string_view needle) {
  const auto* begin = reinterpret_cast<const char*>(hay.data());
  return std::string_view(begin, hay.size()).find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("stick layout: clusters are given in order, each file contiguous, the root first") {
  auto l = plan_stick(windows_tree(), "GRMCULXFRER_EN_DVD", fat32::dos_time(2009, 7, 14, 0, 0, 0),
                      256ull * 1024 * 1024);
  REQUIRE_MESSAGE(l.ok(), (l.ok() ? "" : l.error().message));
  CHECK(std::string(l->volume.label.begin(), l->volume.label.end()) == "GRMCULXFRER");
  CHECK(l->volume.hidden_sectors == kPartitionLba);
  CHECK(l->partition_sectors() == 256 * 2048 - kPartitionLba);  // the partition spans the drive
  REQUIRE(!l->extents.empty());
  CHECK(l->extents.front().first_cluster == fat32::kRootCluster);
  CHECK(l->extents.front().node == l->root.get());
  std::uint32_t next = fat32::kRootCluster;
  for (const auto& e : l->extents) {
    CHECK(e.first_cluster == next);  // no gaps, no overlaps
    next += e.clusters;
  }
  CHECK(next - fat32::kRootCluster == l->used_clusters);
  CHECK(l->file_count == 4);
  CHECK(l->dir_count == 4);  // the root, boot, empty and sources
  const std::uint64_t cb = l->geometry.cluster_bytes();
  for (const auto& e : l->extents) {
    if (!e.node->is_dir) CHECK(e.clusters == (e.node->size + cb - 1) / cb);
  }
  CHECK(l->stream_bytes() ==
        (kPartitionLba + l->geometry.data_sector()) * 512 + std::uint64_t{l->used_clusters} * cb);
}

TEST_CASE("stick layout: directories hold long names, dot entries and the volume label") {
  auto l = plan_stick(windows_tree(), "win", fat32::dos_time(2009, 7, 14, 0, 0, 0),
                      128ull * 1024 * 1024);
  REQUIRE(l.ok());
  const auto& root = *l->root;
  CHECK(std::memcmp(root.dir_bytes.data(), "WIN        ", 11) == 0);  // the label comes first
  CHECK(root.dir_bytes[11] == std::byte{fat32::kAttrVolumeId});
  CHECK(contains(root.dir_bytes, "BOOTMGR    "));
  CHECK(contains(root.dir_bytes, "SOURCES    "));
  CHECK(root.dir_bytes.size() % l->geometry.cluster_bytes() == 0);
  const StickNode& sources = root.children.back();
  REQUIRE(sources.name == "sources");
  CHECK(std::memcmp(sources.dir_bytes.data(), ".          ", 11) == 0);
  CHECK(std::memcmp(sources.dir_bytes.data() + 32, "..         ", 11) == 0);
  CHECK(sources.dir_bytes[32 + 26] == std::byte{0});  // ".." of a child of the root is 0
  CHECK(contains(sources.dir_bytes, "INSTALL WIM"));
  const StickNode& zero = root.children[3];
  REQUIRE(zero.name == "zero.txt");
  CHECK(zero.first_cluster == 0);  // an empty file has no cluster
  CHECK(zero.clusters == 0);
}

TEST_CASE("stick layout: the same tree and drive give the same layout") {
  const auto t = fat32::dos_time(2009, 7, 14, 0, 0, 0);
  auto a = plan_stick(windows_tree(), "X", t, 200ull * 1024 * 1024);
  auto b = plan_stick(windows_tree(), "X", t, 200ull * 1024 * 1024);
  REQUIRE((a.ok() && b.ok()));
  CHECK(a->volume.volume_id == b->volume.volume_id);
  CHECK(a->root->dir_bytes == b->root->dir_bytes);
  CHECK(a->stream_bytes() == b->stream_bytes());
}

TEST_CASE("stick layout: a drive too small is refused with the size needed") {
  auto l = plan_stick(windows_tree(), "X", {}, 16ull * 1024 * 1024);
  REQUIRE_FALSE(l.ok());
  CHECK(l.error().kind == ErrorKind::kTargetRefused);
  CHECK(l.error().message.find("needs about") != std::string::npos);
  CHECK(l.error().message.find("Nothing was written") != std::string::npos);
}

TEST_CASE("stick layout: a file of 4 GiB cannot live on FAT32 and says so") {
  StickNode root = windows_tree();
  root.children.back().children.front().size = 4ull * 1024 * 1024 * 1024;
  auto l = plan_stick(root, "X", {}, 16ull * 1024 * 1024 * 1024);
  REQUIRE_FALSE(l.ok());
  CHECK(l.error().kind == ErrorKind::kInput);
  CHECK(l.error().message.find("/sources/install.wim") != std::string::npos);
  CHECK(l.error().message.find("4 GiB - 1") != std::string::npos);
}

TEST_CASE("stick layout: a growable file target gets the content plus free room") {
  auto l = plan_stick(windows_tree(), "X", {}, 0);
  REQUIRE(l.ok());
  CHECK(l->geometry.cluster_count >= fat32::kMinClusters);
  CHECK(l->used_clusters < l->geometry.cluster_count);
}

TEST_CASE("stick layout: two names apart only by case are refused, FAT would see one name twice") {
  auto root = windows_tree();
  root.children.push_back(file("BOOTMGR", 10));
  root.children.back().path = "/BOOTMGR";
  auto l = plan_stick(root, "X", fat32::dos_time(2020, 1, 1, 0, 0, 0), 0);
  REQUIRE_FALSE(l);
  CHECK(l.error().message.find("only by case") != std::string::npos);
  root.children.back().name = "bootmgr2";
  CHECK(plan_stick(root, "X", fat32::dos_time(2020, 1, 1, 0, 0, 0), 0));
}
