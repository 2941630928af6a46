#include "writer/inspect/release_layout.h"

#include <doctest/doctest.h>

using namespace sw::writer;

TEST_CASE("release layout: a release's own files pass, in any case") {
  for (const char* name : {"bootmgr", "BOOTMGR.EFI", "setup.exe", "autorun.inf", "README.TXT",
                           "Prüfung ñ 中文.txt", "boot.catalog"}) {
    CHECK_FALSE(unexpected_file(LayoutDir::kRoot, name));
  }
  for (const char* name : {"setup.exe", "SetupHost.exe", "install.wim", "boot.wim", "ei.cfg",
                           "winsetup.dll", "Setup Information File One.inf", "lang.ini"}) {
    CHECK_FALSE(unexpected_file(LayoutDir::kSources, name));
  }
}

TEST_CASE("release layout: executables, scripts and drivers a release does not have") {
  CHECK(unexpected_file(LayoutDir::kRoot, "activate.CMD") == "a script (.cmd)");
  CHECK(unexpected_file(LayoutDir::kRoot, "tweaker.exe") == "an executable (.exe)");
  CHECK(unexpected_file(LayoutDir::kRoot, "run.ps1") == "a script (.ps1)");
  CHECK(unexpected_file(LayoutDir::kRoot, "driver.inf") == "a driver file (.inf)");
  CHECK(unexpected_file(LayoutDir::kRoot, "hook.dll") == "a library (.dll)");
  CHECK(unexpected_file(LayoutDir::kSources, "loader.sys") == "a driver file (.sys)");
  CHECK_FALSE(unexpected_file(LayoutDir::kSources, "WinSetupBoot.sys"));
  CHECK(unexpected_file(LayoutDir::kSources, "kms.exe") == "an executable (.exe)");
  CHECK(unexpected_file(LayoutDir::kSources, "fix.reg") == "a script (.reg)");
}

TEST_CASE("release layout: answer files at the root and in sources/") {
  CHECK(is_answer_file(LayoutDir::kRoot, "AutoUnattend.xml"));
  CHECK(is_answer_file(LayoutDir::kSources, "unattend.xml"));
  CHECK_FALSE(is_answer_file(LayoutDir::kSources, "upgrade_frmwrk.xml"));
}
