#include "tui/cli/args.h"

#include <doctest/doctest.h>

#include <vector>

using namespace sw;
using namespace sw::tui;

namespace {
Result<CliOptions> parse(std::vector<std::string> args) { return parse_cli(args); }
}  // namespace

TEST_CASE("cli: write with every flag, in both --flag value and --flag=value forms") {
  auto o = parse({"write", "a.iso", "/dev/sdx", "--hash", "sha256:ab", "--checksums=S", "--yes",
                  "--json", "--no-verify", "--allow-non-removable", "--unverified"});
  REQUIRE(o.ok());
  CHECK(o->command == Command::kWrite);
  CHECK(o->image == "a.iso");
  CHECK(o->target == "/dev/sdx");
  CHECK(o->hash_spec == "sha256:ab");
  CHECK(o->checksums == "S");
  CHECK(o->yes);
  CHECK(o->json);
  CHECK(o->no_verify);
  CHECK(o->allow_non_removable);
  CHECK(o->unverified);
}

TEST_CASE("cli: defaults are the safe ones") {
  auto o = parse({"write", "a.iso", "t.img"});
  REQUIRE(o.ok());
  CHECK_FALSE(o->yes);
  CHECK_FALSE(o->unverified);
  CHECK_FALSE(o->no_verify);
  CHECK_FALSE(o->allow_non_removable);
}

TEST_CASE("cli: hash and verify") {
  auto h = parse({"hash", "a.iso", "--algo", "md5"});
  REQUIRE(h.ok());
  CHECK(h->command == Command::kHash);
  CHECK(h->algo == "md5");
  auto v = parse({"verify", "a.iso", "t.img", "--hash", "ff"});
  REQUIRE(v.ok());
  CHECK(v->command == Command::kVerify);
}

TEST_CASE("cli: write takes one or more targets, in order; the first is also `target`") {
  auto w = parse({"write", "img.iso", "/dev/sdb", "/dev/sdc", "/dev/sdd", "--yes"});
  REQUIRE(w.ok());
  CHECK(w->image == "img.iso");
  CHECK(w->target == "/dev/sdb");
  CHECK(w->targets == std::vector<std::string>{"/dev/sdb", "/dev/sdc", "/dev/sdd"});
  auto one = parse({"write", "img.iso", "/dev/sdb"});
  REQUIRE(one.ok());
  CHECK(one->targets == std::vector<std::string>{"/dev/sdb"});
  auto log = parse({"log", "--csv", "--since", "2026-12-01", "--log", "/x.jsonl"});
  REQUIRE(log.ok());
  CHECK(log->command == Command::kLog);
  CHECK(log->csv);
  CHECK(log->since == "2026-12-01");
  CHECK(log->log == "/x.jsonl");
  CHECK_FALSE(parse({"log", "extra"}).ok());
  CHECK_FALSE(parse({"hash", "a", "--signature", "a.sig"}).ok());
}

TEST_CASE("cli: usage errors say what is wrong") {
  auto unknown = parse({"write", "a", "b", "--force"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == ErrorKind::kUsage);
  CHECK(unknown.error().message.find("--force") != std::string::npos);
  CHECK(parse({"frobnicate", "x"}).error().message.find("frobnicate") != std::string::npos);
  CHECK(parse({"write", "a"}).error().message.find("IMAGE and one or more TARGETs") !=
        std::string::npos);
  CHECK(parse({"verify", "a"}).error().message.find("IMAGE and TARGET") != std::string::npos);
  CHECK(parse({"verify", "a", "b", "c"}).error().message.find("(3 given)") != std::string::npos);
  CHECK(parse({"write", "a", "b", "b"}).error().message.find("b is given twice") !=
        std::string::npos);
  CHECK(parse({"write", "a", "b", "--hash"}).error().message.find("needs a value") !=
        std::string::npos);
  CHECK(parse({"hash", "a", "--yes"}).error().message.find("does not apply") != std::string::npos);
  CHECK(parse({"verify", "a", "b", "--unverified"}).error().message.find("does not apply") !=
        std::string::npos);
  CHECK_FALSE(parse({"write", "a", "b", "--yes=1"}).ok());
}

TEST_CASE("cli: no command starts the terminal UI, with an optional image") {
  CHECK(parse({}).value().command == Command::kTui);
  auto img = parse({"debian.iso", "--sysroot", "/fx"});
  REQUIRE(img.ok());
  CHECK(img->command == Command::kTui);
  CHECK(img->image == "debian.iso");
  CHECK(img->sysroot == "/fx");
  CHECK(parse({"--demo"}).value().demo);
  CHECK_FALSE(parse({"--demo", "--yes"}).ok());  // --yes belongs to write only
}

TEST_CASE("cli: help, version") {
  CHECK(parse({"--help"}).value().command == Command::kHelp);
  CHECK(parse({"write", "--help"}).value().command == Command::kHelp);
  CHECK(parse({"--version"}).value().command == Command::kVersion);
  const auto text = usage_text();
  for (const char* code : {"0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "130"}) {
    CHECK(text.find(std::string("  ") + code) != std::string::npos);
  }
}

TEST_CASE("cli: command_name gives the word of each subcommand with operands") {
  CHECK(command_name(Command::kWrite) == "write");
  CHECK(command_name(Command::kHash) == "hash");
  CHECK(command_name(Command::kVerify) == "verify");
  CHECK(command_name(Command::kInspect) == "inspect");
  CHECK(command_name(Command::kList) == "");
  CHECK(command_name(Command::kTui) == "");
}

TEST_CASE("cli: station takes one IMAGE, its sizes, a count, and the write's hash flags") {
  auto s = parse({"station", "win7.iso", "--min-size", "4G", "--max-size", "64GB", "--count", "3",
                  "--checksums", "SHA256SUMS", "--yes", "--json", "--log", "shop.jsonl"});
  REQUIRE(s.ok());
  CHECK(s->command == Command::kStation);
  CHECK(command_name(Command::kStation) == "station");
  CHECK(s->image == "win7.iso");
  CHECK(*s->min_size == 4'000'000'000ull);
  CHECK(*s->max_size == 64'000'000'000ull);
  CHECK(*s->count == 3);
  CHECK(s->yes);
  CHECK_FALSE(parse({"station"}).ok());                           // no image
  CHECK_FALSE(parse({"station", "a.iso", "/dev/sdb"}).ok());      // no targets
  CHECK_FALSE(parse({"station", "a.iso", "--count", "0"}).ok());  // at least one stick
  CHECK_FALSE(parse({"station", "a.iso", "--count", "two"}).ok());
  CHECK_FALSE(parse({"station", "a.iso", "--no-verify"}).ok());  // every stick is read back
  CHECK_FALSE(parse({"station", "a.iso", "--allow-non-removable"}).ok());
  CHECK_FALSE(parse({"write", "a.iso", "/dev/sdb", "--count", "2"}).ok());  // station only
}

TEST_CASE("cli: sizes are decimal with k/M/G/T (as sticks are sold), binary with KiB/MiB/GiB/TiB") {
  CHECK(parse_size("123").value() == 123);
  CHECK(parse_size("128GB").value() == 128'000'000'000ull);
  CHECK(parse_size("128g").value() == 128'000'000'000ull);
  CHECK(parse_size("512MiB").value() == 512ull << 20);
  CHECK(parse_size("2TiB").value() == 2ull << 40);
  CHECK(parse_size("1k").value() == 1000);
  CHECK_FALSE(parse_size("").ok());
  CHECK_FALSE(parse_size("GB").ok());
  CHECK_FALSE(parse_size("12XB").ok());
  CHECK_FALSE(parse_size("-5G").ok());
  CHECK_FALSE(parse_size("99999999999999999G").ok());
  CHECK_FALSE(parse_size("999999999999999T").ok());  // over 2^64 bytes
}

TEST_CASE("cli: restore takes one TARGET with a label and a file system and the safety flags") {
  auto o = parse({"restore", "/dev/sdx", "--label", "shop", "--fs=exfat", "--yes", "--json",
                  "--allow-non-removable", "--allow-hard-disk", "--sysroot", "/fx", "--log", "L"});
  REQUIRE(o.ok());
  CHECK(o->command == Command::kRestore);
  CHECK(command_name(Command::kRestore) == "restore");
  CHECK(o->target == "/dev/sdx");
  CHECK(o->image.empty());
  CHECK(o->label == "shop");
  CHECK(o->exfat);
  CHECK(o->yes);
  CHECK(o->json);
  CHECK(o->allow_non_removable);
  CHECK(o->allow_hard_disk);
  CHECK(o->sysroot == "/fx");
  CHECK(o->log == "L");
  const auto plain = parse({"restore", "/dev/sdx"});
  REQUIRE(plain.ok());
  CHECK(plain->label == "STICK");
  CHECK(!plain->exfat);
  CHECK(!plain->yes);
  CHECK(!parse({"restore"}).ok());
  CHECK(!parse({"restore", "/dev/sdx", "/dev/sdy"}).ok());
  CHECK(!parse({"restore", "/dev/sdx", "--fs", "ntfs"}).ok());
  CHECK(!parse({"restore", "/dev/sdx", "--hash", "ab"}).ok());
  CHECK(!parse({"write", "a.iso", "/dev/sdx", "--label", "X"}).ok());
  CHECK(usage_text().find("stickwright restore TARGET") != std::string::npos);
}

TEST_CASE("cli: read takes TARGET then IMAGE, and --size or --used") {
  auto o = parse({"read", "/dev/sdx", "stick.img.zst", "--size", "512MiB", "--json", "--yes",
                  "--allow-non-removable", "--sysroot", "fx"});
  REQUIRE(o.ok());
  CHECK(o->command == Command::kRead);
  CHECK(command_name(o->command) == "read");
  CHECK(o->target == "/dev/sdx");
  CHECK(o->image == "stick.img.zst");
  CHECK(o->size == (std::uint64_t{512} << 20));
  CHECK_FALSE(o->used);
  CHECK(o->json);
  CHECK(o->yes);
  CHECK(o->allow_non_removable);
  CHECK(o->sysroot == "fx");
  auto used = parse({"read", "/dev/sdx", "s.img", "--used"});
  REQUIRE(used.ok());
  CHECK(used->used);
  CHECK_FALSE(used->size);

  auto both = parse({"read", "/dev/sdx", "s.img", "--used", "--size", "1G"});
  REQUIRE_FALSE(both.ok());
  CHECK(both.error().message.find("not both") != std::string::npos);
  auto one = parse({"read", "/dev/sdx"});
  REQUIRE_FALSE(one.ok());
  CHECK(one.error().message.find("'read' needs TARGET and IMAGE") != std::string::npos);
  auto bad = parse({"read", "/dev/sdx", "s.img", "--size", "lots"});
  REQUIRE_FALSE(bad.ok());
  auto foreign = parse({"write", "a.iso", "/dev/sdx", "--size", "1G"});
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().message.find("does not apply to 'write'") != std::string::npos);
  CHECK(usage_text().find("stickwright read TARGET IMAGE") != std::string::npos);
}
