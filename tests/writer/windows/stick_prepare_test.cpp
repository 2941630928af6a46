#include "platform/fd.h"
#include "platform/files.h"
#include "writer/windows/stick_prepare.h"

#include <doctest/doctest.h>

#include <functional>

#include "support/stick_tree.h"

using namespace sw;
using namespace sw::writer;
using sw::test::dir;
using sw::test::file;
using sw::test::with_paths;

namespace {

constexpr std::uint64_t kGiB = 1024ull * 1024 * 1024;

const StickNode* at(const StickNode& root, std::vector<std::string> names) {
  const StickNode* n = &root;
  for (const auto& name : names) {
    const StickNode* next = nullptr;
    for (const auto& c : n->children) {
      if (c.name == name) next = &c;
    }
    if (next == nullptr) return nullptr;
    n = next;
  }
  return n;
}

/// Windows 7 x64: UEFI files under EFI/Microsoft/Boot, but no EFI/Boot/bootx64.efi.
StickNode win7_x64() {
  return with_paths(dir("", {file("bootmgr", 383786),
                             dir("EFI", {dir("Microsoft", {dir("Boot", {file("BCD", 16384)})})}),
                             dir("sources", {file("install.wim", 2 * kGiB)})}));
}

}  // namespace

TEST_CASE("stick prepare: Windows 7 x64 takes its boot manager out of install.wim") {
  const auto tree = win7_x64();
  const auto work = find_stick_work(tree, true);
  CHECK_FALSE(work.split);
  REQUIRE(work.boot_manager);
  CHECK(work.install == "/sources/install.wim");

  // The estimate puts bootx64.efi into the ISO's own EFI folder, spelled as the ISO spells it.
  const auto est = estimated_tree(tree, work);
  const auto* efi = at(est, {"EFI", "boot", "bootx64.efi"});
  REQUIRE(efi != nullptr);
  CHECK(efi->size > 0);
  CHECK(efi->path.empty());  // a placeholder: not in the ISO, not yet on this machine
  CHECK(efi->host_path.empty());
  CHECK(at(est, {"efi"}) == nullptr);  // no second efi folder
}

TEST_CASE("stick prepare: nothing to do for an ISO with bootx64.efi, or with no UEFI files") {
  auto with_efi = win7_x64();
  auto& efi_dir = with_efi.children[0].name == "EFI" ? with_efi.children[0] : with_efi.children[1];
  REQUIRE(efi_dir.name == "EFI");
  efi_dir.children.push_back(dir("Boot", {file("bootx64.efi", 1000)}));
  with_efi = with_paths(with_efi);
  CHECK(find_stick_work(with_efi, true).empty());

  // Windows 7 32-bit: no EFI folder at all; it cannot boot on UEFI and none is invented.
  const auto x86 = with_paths(
      dir("", {file("bootmgr", 383786), dir("sources", {file("install.wim", 2 * kGiB)})}));
  CHECK(find_stick_work(x86, false).empty());

  // A 32-bit Windows 10 ISO: efi/microsoft/boot and its own loader, bootia32.efi. Its
  // install.wim holds a 32-bit boot manager; nothing is taken out, nothing is copied.
  const auto ia32 =
      with_paths(dir("", {file("bootmgr", 400000),
                          dir("efi", {dir("boot", {file("bootia32.efi", 1000)}),
                                      dir("microsoft", {dir("boot", {file("bcd", 16384)})})}),
                          dir("sources", {file("install.wim", 2 * kGiB)})}));
  CHECK(find_stick_work(ia32, false).empty());
  CHECK(find_stick_work(ia32, true).empty());  // even if setup.exe said x64
  // The Windows 7 x64 layout with a setup.exe that is not x64: no UEFI boot manager either.
  CHECK(find_stick_work(win7_x64(), false).empty());
}

TEST_CASE(
    "stick prepare: install.wim over 4 GiB - 1 is split; other files are left to the layout") {
  const auto tree = with_paths(
      dir("", {file("bootmgr", 400000), dir("efi", {dir("boot", {file("bootx64.efi", 1000)})}),
               dir("sources", {file("INSTALL.WIM", 5 * kGiB), file("boot.wim", 4 * kGiB - 1),
                               file("huge.bin", 5 * kGiB)})}));
  const auto work = find_stick_work(tree, true);
  REQUIRE(work.split);
  CHECK(work.install == "/sources/INSTALL.WIM");
  CHECK_FALSE(work.boot_manager);

  const auto est = estimated_tree(tree, work);
  CHECK(at(est, {"sources", "INSTALL.WIM"}) == nullptr);
  const auto* one = at(est, {"sources", "INSTALL.swm"});
  const auto* two = at(est, {"sources", "INSTALL2.swm"});
  REQUIRE(one != nullptr);
  REQUIRE(two != nullptr);
  CHECK(at(est, {"sources", "INSTALL3.swm"}) == nullptr);  // 5 GiB in parts of 3800 MiB: two
  CHECK(one->size >= kSwmPartBytes);
  CHECK(one->size + two->size >= 5 * kGiB);
  CHECK(one->size <= fat32::kMaxFileBytes);
  // The layout still refuses the file that is not a WIM, with FAT32's limit in the message.
  auto l = plan_stick(est, "ESD-ISO", fat32::dos_time(2020, 1, 1, 0, 0, 0), 0);
  REQUIRE_FALSE(l);
  CHECK(l.error().message.find("huge.bin") != std::string::npos);
  CHECK(l.error().message.find("4 GiB - 1") != std::string::npos);
}

TEST_CASE("stick prepare: only the install image is split, and only one") {
  // Windows Setup reads sources/install.swm; a boot.wim or a second install image over the
  // limit could not be used split, so they stay whole and the layout refuses them.
  const auto tree =
      with_paths(dir("", {file("bootmgr", 400000),
                          dir("sources", {file("boot.wim", 5 * kGiB), file("install.esd", 5 * kGiB),
                                          file("install.wim", 5 * kGiB)})}));
  const auto work = find_stick_work(tree, true);
  REQUIRE(work.split);
  CHECK(work.install == "/sources/install.wim");
  auto l = plan_stick(estimated_tree(tree, work), "X", fat32::dos_time(2020, 1, 1, 0, 0, 0), 0);
  REQUIRE_FALSE(l);
  CHECK(l.error().message.find("/sources/boot.wim") != std::string::npos);
}

TEST_CASE("stick prepare: temporary files go with their owner, whoever wrote them") {
  std::string dir_path, file_path;
  {
    auto t = TempFiles::create("stickwright-test-temp");
    REQUIRE(t);
    dir_path = (*t)->dir();
    auto sub = (*t)->subdir("parts");
    REQUIRE(sub);
    file_path = *sub + "/install.swm";  // as wimlib leaves a part of a split stopped half-way
    REQUIRE(platform::write_file(file_path, {}, 4096));
    CHECK(platform::stat_path(file_path, ErrorKind::kInput));
  }
  CHECK_FALSE(platform::stat_path(file_path, ErrorKind::kInput));
  CHECK_FALSE(platform::stat_path(dir_path, ErrorKind::kInput));
}
