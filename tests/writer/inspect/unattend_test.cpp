#include "writer/inspect/unattend.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/utf16.h"

using namespace sw::writer;

namespace {

std::vector<std::byte> bytes(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

using sw::test::utf16le;

bool disables(const Unattend& u, Protection p) {
  return std::any_of(u.disabled.begin(), u.disabled.end(),
                     [p](const Disabled& d) { return d.what == p; });
}

constexpr std::string_view kAnswerFile = R"(<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="x">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-Setup">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add"><Order>1</Order><Path>cmd /c echo one</Path></RunSynchronousCommand>
      </RunSynchronous>
    </component>
  </settings>
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment">
      <RunAsynchronous>
        <RunAsynchronousCommand><Path>sc config wuauserv start= disabled</Path></RunAsynchronousCommand>
      </RunAsynchronous>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup">
      <UserAccounts>
        <LocalAccounts><LocalAccount><Name>owner</Name><Group>Administrators</Group></LocalAccount></LocalAccounts>
      </UserAccounts>
      <AutoLogon><Username>owner</Username></AutoLogon>
      <FirstLogonCommands>
        <SynchronousCommand><CommandLine>netsh advfirewall set allprofiles state off</CommandLine></SynchronousCommand>
      </FirstLogonCommands>
      <LogonCommands>
        <AsynchronousCommand><CommandLine>reg add HKLM\x /v EnableLUA /d 0</CommandLine></AsynchronousCommand>
      </LogonCommands>
    </component>
  </settings>
</unattend>
)";

}  // namespace

TEST_CASE("unattend: commands of every kind, with their pass and element") {
  auto u = read_unattend(bytes(kAnswerFile));
  REQUIRE(u);
  REQUIRE(u->commands.size() == 4);
  CHECK(u->commands[0].pass == "windowsPE");
  CHECK(u->commands[0].element == "RunSynchronous");
  CHECK(u->commands[0].command == "cmd /c echo one");
  CHECK(u->commands[1].element == "RunAsynchronous");
  CHECK(u->commands[2].pass == "oobeSystem");
  CHECK(u->commands[2].element == "FirstLogonCommands");
  CHECK(u->commands[3].element == "LogonCommands");
  REQUIRE(u->accounts.size() == 2);
  CHECK(u->accounts[0].name == "owner");
  CHECK(u->accounts[0].how == "local account in Administrators");
  CHECK(u->accounts[1].how == "automatic logon");
  // Judged from the commands: updates (wuauserv disabled), the firewall, UAC.
  CHECK(disables(*u, Protection::kUpdates));
  CHECK(disables(*u, Protection::kFirewall));
  CHECK(disables(*u, Protection::kUac));
  CHECK_FALSE(disables(*u, Protection::kDefender));
}

TEST_CASE("unattend: settings that turn protections off, under any namespace prefix") {
  constexpr std::string_view xml = R"(<u:unattend xmlns:u="urn:schemas-microsoft-com:unattend">
    <u:settings pass="specialize">
      <u:component name="Security-Malware-Windows-Defender"><u:DisableAntiSpyware>true</u:DisableAntiSpyware></u:component>
      <u:component name="Networking-MPSSVC-Svc"><u:DomainProfile_EnableFirewall>false</u:DomainProfile_EnableFirewall></u:component>
      <u:component name="Microsoft-Windows-LUA-Settings"><u:EnableLUA>false</u:EnableLUA></u:component>
      <u:component name="Microsoft-Windows-Shell-Setup"><u:OOBE><u:ProtectYourPC>3</u:ProtectYourPC></u:OOBE>
        <u:UserAccounts><u:AdministratorPassword><u:Value>x</u:Value></u:AdministratorPassword></u:UserAccounts>
      </u:component>
    </u:settings></u:unattend>)";
  auto u = read_unattend(bytes(xml));
  REQUIRE(u);
  CHECK(u->commands.empty());
  CHECK(disables(*u, Protection::kDefender));
  CHECK(disables(*u, Protection::kFirewall));
  CHECK(disables(*u, Protection::kUac));
  CHECK(disables(*u, Protection::kUpdates));
  REQUIRE(u->accounts.size() == 1);
  CHECK(u->accounts[0].how == "administrator password set");
}

TEST_CASE("unattend: protections left on are not reported") {
  constexpr std::string_view xml = R"(<unattend><settings pass="oobeSystem"><component>
    <EnableLUA>true</EnableLUA><ProtectYourPC>1</ProtectYourPC>
    <DisableAntiSpyware>false</DisableAntiSpyware><PublicProfile_EnableFirewall>true</PublicProfile_EnableFirewall>
    </component></settings></unattend>)";
  auto u = read_unattend(bytes(xml));
  REQUIRE(u);
  CHECK(u->disabled.empty());
}

TEST_CASE("unattend: UTF-16LE with a byte order mark reads like UTF-8") {
  auto u = read_unattend(utf16le(kAnswerFile));
  REQUIRE(u);
  CHECK(u->commands.size() == 4);
  CHECK(u->accounts.size() == 2);
}

TEST_CASE("unattend: malformed, empty, foreign and oversized files are errors, not crashes") {
  auto cut = read_unattend(bytes(kAnswerFile.substr(0, 300)));
  REQUIRE_FALSE(cut);
  CHECK(cut.error().message.find("not well-formed") != std::string::npos);
  CHECK_FALSE(read_unattend({}));
  auto foreign = read_unattend(bytes("<html><body/></html>"));
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().message.find("'html'") != std::string::npos);
  std::string huge(kMaxUnattendBytes + 1, ' ');
  huge.replace(0, 10, "<unattend>");
  auto big = read_unattend(bytes(huge));
  REQUIRE_FALSE(big);
  CHECK(big.error().message.find("over the 1024 KiB read") != std::string::npos);
}

TEST_CASE("unattend: a deeply nested file does not exhaust the stack") {
  std::string xml = "<unattend>";
  for (int i = 0; i < 100000; ++i) xml += "<a>";
  xml += "<RunSynchronousCommand><Path>deep</Path></RunSynchronousCommand>";
  for (int i = 0; i < 100000; ++i) xml += "</a>";
  xml += "</unattend>";
  auto u = read_unattend(bytes(xml));
  REQUIRE(u);
  REQUIRE(u->commands.size() == 1);
  CHECK(u->commands[0].command == "deep");
}

TEST_CASE("unattend: entities are not expanded beyond the predefined ones") {
  constexpr std::string_view xml = R"(<!DOCTYPE unattend [<!ENTITY x "EXPANDED">]>
    <unattend><settings pass="windowsPE"><RunSynchronous><RunSynchronousCommand>
    <Path>a &amp; &x; b</Path></RunSynchronousCommand></RunSynchronous></settings></unattend>)";
  auto u = read_unattend(bytes(xml));
  REQUIRE(u);
  REQUIRE(u->commands.size() == 1);
  CHECK(u->commands[0].command.find("EXPANDED") == std::string::npos);
}
