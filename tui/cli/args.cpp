#include "tui/cli/args.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <string>
#include <utility>

namespace sw::tui {
namespace {

/// A flag: its name, whether it takes a value, the commands that accept it, and what it sets.
struct FlagSpec {
  std::string_view name;
  bool takes_value;
  std::array<Command, 8> allowed;  ///< commands accepting it (kHelp = unused slot)
  Result<void> (*set)(CliOptions& o, std::string value);
};

constexpr Command kNone = Command::kHelp;
constexpr std::array<Command, 8> kWriteOnly{Command::kWrite};
constexpr std::array<Command, 8> kWriteStation{Command::kWrite, Command::kStation};
constexpr std::array<Command, 8> kStationOnly{Command::kStation};
constexpr std::array<Command, 8> kReadOnly{Command::kRead};

Failure usage(std::string message) {
  return fail(ErrorKind::kUsage, message + "\nRun 'stickwright --help' for usage.");
}

Result<void> set_mode(CliOptions& o, std::string value) {
  if (value == "auto") {
    o.mode = writer::ModeRequest::kAuto;
  } else if (value == "raw") {
    o.mode = writer::ModeRequest::kRaw;
  } else if (value == "windows") {
    o.mode = writer::ModeRequest::kWindows;
  } else {
    return usage(fmt::format("unknown --mode '{}'; use auto, raw or windows", value));
  }
  return ok();
}

/// The setter of a flag without a value: turns `Member` on.
template <bool CliOptions::*Member>
Result<void> turn_on(CliOptions& o, std::string /*value*/) {
  o.*Member = true;
  return ok();
}

/// The setter of a flag whose value is kept as given in `Member`.
template <auto Member>
Result<void> store(CliOptions& o, std::string value) {
  o.*Member = std::move(value);
  return ok();
}

/// The setter of a repeatable flag: each value is added to `Member`.
template <auto Member>
Result<void> append(CliOptions& o, std::string value) {
  (o.*Member).push_back(std::move(value));
  return ok();
}

constexpr std::array<Command, 8> kHashingCommands{Command::kWrite, Command::kVerify, Command::kHash,
                                                  Command::kTui, Command::kStation};

constexpr std::array<Command, 8> kWriteVerify{Command::kWrite, Command::kVerify, Command::kStation};

/// The setter of a size flag (parse_size) kept in bytes in `Member`.
template <auto Member>
Result<void> store_size(CliOptions& o, std::string value) {
  auto bytes = parse_size(value);
  if (!bytes) return bytes.failure();
  o.*Member = *bytes;
  return ok();
}

Result<void> set_count(CliOptions& o, std::string value) {
  auto n = parse_size(value);
  if (!n || *n == 0 || value.find_first_not_of("0123456789") != std::string::npos) {
    return usage(fmt::format("--count needs a number of sticks (1 or more), not '{}'", value));
  }
  o.count = static_cast<std::size_t>(*n);
  return ok();
}

constexpr std::array kFlags{
    FlagSpec{"--hash", true, kWriteVerify, store<&CliOptions::hash_spec>},
    FlagSpec{"--checksums", true, kWriteVerify, store<&CliOptions::checksums>},
    FlagSpec{"--signature", true, kWriteVerify, store<&CliOptions::signature>},
    FlagSpec{"--keyring", true, kHashingCommands, append<&CliOptions::keyrings>},
    FlagSpec{"--catalog", true, kHashingCommands, append<&CliOptions::catalogs>},
    FlagSpec{"--require-signature",
             false,
             {Command::kWrite, Command::kTui, Command::kStation},
             turn_on<&CliOptions::require_signature>},
    FlagSpec{
        "--algo", true, {Command::kHash, kNone, kNone, kNone, kNone}, store<&CliOptions::algo>},
    FlagSpec{"--unverified", false, kWriteStation, turn_on<&CliOptions::unverified>},
    FlagSpec{"--yes",
             false,
             {Command::kWrite, Command::kStation, Command::kRead},
             turn_on<&CliOptions::yes>},
    FlagSpec{"--json",
             false,
             {Command::kWrite, Command::kHash, Command::kVerify, Command::kList, Command::kInspect,
              Command::kStation, Command::kRead},
             turn_on<&CliOptions::json>},
    FlagSpec{"--no-verify", false, kWriteOnly, turn_on<&CliOptions::no_verify>},
    FlagSpec{"--allow-non-removable",
             false,
             {Command::kWrite, Command::kVerify, Command::kTui, Command::kRead, kNone},
             turn_on<&CliOptions::allow_non_removable>},
    FlagSpec{"--allow-hard-disk", false, kWriteOnly, turn_on<&CliOptions::allow_hard_disk>},
    FlagSpec{
        "--all", false, {Command::kList, kNone, kNone, kNone, kNone}, turn_on<&CliOptions::all>},
    FlagSpec{"--sysroot",
             true,
             {Command::kWrite, Command::kVerify, Command::kList, Command::kTui, Command::kStation,
              Command::kRead},
             store<&CliOptions::sysroot>},
    FlagSpec{
        "--demo", false, {Command::kTui, kNone, kNone, kNone, kNone}, turn_on<&CliOptions::demo>},
    FlagSpec{"--mode", true, kWriteStation, set_mode},
    FlagSpec{"--log",
             true,
             {Command::kWrite, Command::kLog, Command::kTui, Command::kStation},
             store<&CliOptions::log>},
    FlagSpec{"--min-size", true, kStationOnly, store_size<&CliOptions::min_size>},
    FlagSpec{"--max-size", true, kStationOnly, store_size<&CliOptions::max_size>},
    FlagSpec{"--count", true, kStationOnly, set_count},
    FlagSpec{"--size", true, kReadOnly, store_size<&CliOptions::size>},
    FlagSpec{"--used", false, kReadOnly, turn_on<&CliOptions::used>},
    FlagSpec{
        "--csv", false, {Command::kLog, kNone, kNone, kNone, kNone}, turn_on<&CliOptions::csv>},
    FlagSpec{
        "--since", true, {Command::kLog, kNone, kNone, kNone, kNone}, store<&CliOptions::since>},
};

}  // namespace

std::string_view command_name(Command c) {
  switch (c) {
    case Command::kWrite:
      return "write";
    case Command::kHash:
      return "hash";
    case Command::kVerify:
      return "verify";
    case Command::kInspect:
      return "inspect";
    case Command::kLog:
      return "log";
    case Command::kStation:
      return "station";
    case Command::kRead:
      return "read";
    default:
      return "";
  }
}

namespace {

/// The command a first argument names; kTui when it names none (an image, a flag, nothing).
Command command_of(std::string_view first) {
  if (first == "-h" || first == "--help" || first == "help") return Command::kHelp;
  if (first == "--version") return Command::kVersion;
  if (first == "write") return Command::kWrite;
  if (first == "hash") return Command::kHash;
  if (first == "verify") return Command::kVerify;
  if (first == "list") return Command::kList;
  if (first == "inspect") return Command::kInspect;
  if (first == "log") return Command::kLog;
  if (first == "station") return Command::kStation;
  if (first == "read") return Command::kRead;
  return Command::kTui;
}

/// Applies the flag `args[i]` (`--name`, `--name=value` or `--name value`, advancing `i` past a
/// separate value) through its row of the flag table.
Result<void> apply_flag(CliOptions& o, std::span<const std::string> args, std::size_t& i) {
  std::string_view arg = args[i];
  std::optional<std::string> inline_value;
  if (const auto eq = arg.find('='); eq != std::string_view::npos) {
    inline_value = std::string(arg.substr(eq + 1));
    arg = arg.substr(0, eq);
  }
  const auto* spec =
      std::find_if(kFlags.begin(), kFlags.end(), [&](const FlagSpec& f) { return f.name == arg; });
  if (spec == kFlags.end()) return usage(fmt::format("unknown option '{}'", arg));
  if (std::find(spec->allowed.begin(), spec->allowed.end(), o.command) == spec->allowed.end()) {
    return usage(fmt::format("option {} does not apply to '{}'", arg, command_name(o.command)));
  }
  if (!spec->takes_value && inline_value) {
    return usage(fmt::format("option {} takes no value", arg));
  }
  std::string value;
  if (spec->takes_value) {
    if (!inline_value && i + 1 >= args.size()) {
      return usage(fmt::format("option {} needs a value", arg));
    }
    value = inline_value ? *inline_value : args[++i];
  }
  return spec->set(o, std::move(value));
}

/// read's operands: the drive, then the image file made from it.
Result<void> take_read_operands(CliOptions& o, const std::vector<std::string>& operands) {
  if (operands.size() != 2) {
    return usage(fmt::format("'read' needs TARGET and IMAGE ({} given)", operands.size()));
  }
  if (o.size && o.used) return usage("give --size or --used, not both");
  o.target = operands[0];
  o.targets = {operands[0]};
  o.image = operands[1];
  return ok();
}

/// Checks the operands against the command and stores them.
Result<void> take_operands(CliOptions& o, const std::vector<std::string>& operands) {
  if (o.command == Command::kTui) {
    if (operands.size() > 1) {
      return usage(fmt::format("unknown command '{}' (the terminal UI takes at most one IMAGE)",
                               operands.front()));
    }
    if (!operands.empty()) o.image = operands.front();
    return ok();
  }
  if (o.command == Command::kRead) return take_read_operands(o, operands);
  const bool one_operand = o.command == Command::kHash || o.command == Command::kInspect ||
                           o.command == Command::kStation;
  const std::size_t want = o.command == Command::kList || o.command == Command::kLog ? 0
                           : one_operand                                             ? 1
                                                                                     : 2;
  // write takes one or more targets; the other commands a fixed number of operands.
  const bool more_targets = o.command == Command::kWrite && operands.size() > want;
  if (operands.size() != want && !more_targets) {
    const char* needs = want == 0                      ? "no operands"
                        : want == 1                    ? "IMAGE"
                        : o.command == Command::kWrite ? "IMAGE and one or more TARGETs"
                                                       : "IMAGE and TARGET";
    return usage(
        fmt::format("'{}' needs {} ({} given)", command_name(o.command), needs, operands.size()));
  }
  if (want >= 1) o.image = operands[0];
  if (want == 2) {
    o.target = operands[1];
    o.targets.assign(operands.begin() + 1, operands.end());
  }
  for (std::size_t i = 0; i < o.targets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (o.targets[i] == o.targets[j]) {
        return usage(fmt::format("the target {} is given twice", o.targets[i]));
      }
    }
  }
  return ok();
}

}  // namespace

Result<std::uint64_t> parse_size(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) {
    return usage(fmt::format("'{}' is not a size (bytes, or a number with G, GB, GiB ...)", text));
  }
  const std::uint64_t n = std::stoull(std::string(text.substr(0, digits)));
  std::string unit(text.substr(digits));
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.size() > 1 && unit.back() == 'B' && unit[unit.size() - 2] != 'I') unit.pop_back();
  static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
      {"", 1},
      {"B", 1},
      {"K", 1000ull},
      {"M", 1000'000ull},
      {"G", 1000'000'000ull},
      {"T", 1000'000'000'000ull},
      {"KIB", 1ull << 10},
      {"MIB", 1ull << 20},
      {"GIB", 1ull << 30},
      {"TIB", 1ull << 40}};
  for (const auto& [name, factor] : kUnits) {
    if (unit != name) continue;
    if (n > std::numeric_limits<std::uint64_t>::max() / factor) break;  // too large to count
    return n * factor;
  }
  return usage(fmt::format("'{}' is not a size (bytes, or a number with G, GB, GiB ...)", text));
}

Result<CliOptions> parse_cli(std::span<const std::string> args) {
  CliOptions o;
  o.command = args.empty() ? Command::kTui : command_of(args[0]);
  if (o.command == Command::kHelp || o.command == Command::kVersion) return o;
  std::vector<std::string> operands;
  for (std::size_t i = o.command == Command::kTui ? 0 : 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      o.command = Command::kHelp;
      return o;
    }
    if (arg.size() < 2 || arg.substr(0, 2) != "--") {
      operands.emplace_back(arg);
      continue;
    }
    if (auto applied = apply_flag(o, args, i); !applied) return applied.failure();
  }
  if (auto taken = take_operands(o, operands); !taken) return taken.failure();
  return o;
}

std::string usage_text() {
  return R"(stickwright - write OS images to USB drives: hash first, write, read back to verify

Usage:
  stickwright [IMAGE] [--demo] [--sysroot DIR] [--allow-non-removable]
                    [--require-signature] [--keyring FILE] [--catalog FILE]
                    [--log FILE]
                    the terminal UI: choose, check, write and verify a stick
  stickwright list [--all] [--json] [--sysroot DIR]
  stickwright write IMAGE TARGET...
                    [--hash [ALG:]HEX | --checksums FILE | --unverified]
                    [--yes] [--json] [--no-verify] [--allow-non-removable]
                    [--allow-hard-disk] [--mode auto|raw|windows] [--sysroot DIR]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
                    [--require-signature] [--log FILE]
  stickwright inspect IMAGE [--json]
  stickwright hash IMAGE [--algo md5|sha1|sha256|sha512] [--json]
                    [--keyring FILE]... [--catalog FILE]...
  stickwright verify IMAGE TARGET [--hash [ALG:]HEX | --checksums FILE] [--json]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
  stickwright station IMAGE [--hash [ALG:]HEX | --checksums FILE | --unverified]
                    [--yes] [--json] [--count N] [--min-size SIZE]
                    [--max-size SIZE] [--mode auto|raw] [--sysroot DIR]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
                    [--require-signature] [--log FILE]
  stickwright read TARGET IMAGE [--size SIZE | --used] [--yes] [--json]
                    [--allow-non-removable] [--sysroot DIR]
  stickwright log [--log FILE] [--csv] [--since DATE]
  stickwright --help | --version

inspect tells what an image is and whether, written raw, it boots from USB on
BIOS and UEFI, and which CPU it needs (docs/inspect-schema.md for --json).
write inspects first: an ISO that cannot boot from USB, or a Windows installer
ISO, is refused (exit 3) unless --mode raw; an image with no PC boot path is
written with a warning.

list shows the USB drives and SD cards that may be written; --all adds every
other disk with the reasons it is not offered.

The expected hash comes from --hash (algorithm from the length: 32 md5, 40 sha1,
64 sha256, 128 sha512), else --checksums FILE, else a list next to the image
(IMAGE.sha256, .sha256sum, .sha1, .sha512, .md5, SHA256SUMS, SHA512SUMS,
SHA1SUMS, MD5SUMS, sha256sum.txt, *CHECKSUM). Without one, write refuses unless
--unverified is given. The image is hashed before the target is opened.

Authenticity: a list's OpenPGP signature (LIST.sign, .gpg, .asc, .sig, or a
clear-signed list; --signature FILE names one) is checked against keyring files
only: --keyring FILE, ~/.config/stickwright/keyrings/, for root also
/etc/stickwright/keyrings/, and /usr/share/keyrings/debian-role-keys.gpg
(Debian's CD signing keys). With no list, the image's signature (IMAGE.sig,
IMAGE.asc) is checked over the image. The verdict:
authentic (signer and fingerprint shown), unknown key, unsigned (intact only);
a signature that does not verify, made after its key expired, by a revoked key,
or with a weak algorithm, is refused (exit 6). --require-signature refuses
anything but authentic (exit 6). Catalogs of known images (--catalog FILE,
~/.config/stickwright/catalogs/) are matched by digest, whatever the file is
called; a signed catalog makes a match authentic.

write takes several TARGETs to write one image to several sticks at once: the
hash is checked once, the image read once for all, each stick written and read
back on its own; one failing stick does not stop the others (exit: the highest
of the failed sticks' codes). In Windows mode, targets of one size share one
generated stick, prepared and read once.

station hashes the image once, asks once (type 'station'; --yes accepts), then
writes and reads back every USB drive or SD card plugged in from then on, each
in its own row, and logs each; drives there at the start are never written, nor
any disk that is not a USB drive or SD card, whatever the flags. --max-size
(default 128GB) and --min-size bound the sticks (SIZE: 32G, 32GB, 512MiB,
bytes); --count N stops after N sticks. Ctrl-C stops watching and lets sticks
being written finish; a second Ctrl-C stops them (left unusable, exit 130).

read captures a stick as IMAGE: the whole drive, its first SIZE bytes (--size),
or up to the end of its last partition (--used, from the MBR or GPT). IMAGE
ending .zst or .xz is compressed, anything else raw; IMAGE.sha256 is written
next to it (the digest of the file, as write looks for it). The drive is read
twice (the second time past the cache) and the image kept only when both reads
agree (else exit 5). The drive is never written; it is chosen by the same rules
as a write's target. An existing IMAGE is replaced only with --yes.

TARGET is a whole disk (/dev/sdX) or an existing regular file (written in place;
an empty file grows to the image's size). The system disk, disks with swap,
LVM/RAID/encrypted disks, the disk holding the image, read-only disks and
partitions are never written. Disks that are not USB drives or SD cards (SATA,
NVMe, eMMC, loop) need --allow-non-removable; a disk that looks like a hard disk
(rotational or over 128 GB) needs a second confirmation, or --allow-hard-disk
with --yes. Mounted partitions of the target are unmounted once you confirm.

Every stick written (by write or the terminal UI) gets a line in the audit log:
--log FILE, else $STICKWRIGHT_LOG, else ~/.local/state/stickwright/writes.jsonl
(root: /var/log/stickwright/writes.jsonl). 'stickwright log' lists the records
(--csv for a spreadsheet; --since 2026-12-01 for those from that day on).

Without --yes, write asks you to type the drive's name (e.g. sdb) on the terminal.
--json prints one JSON object per line on stdout (progress, then the result).
--sysroot DIR reads /sys, /proc and /dev under DIR (for tests and fixtures).

Exit codes:
  0    success
  1    bad usage, unreadable image or checksum file, no expected hash
  2    hash mismatch (nothing was written)
  3    target refused (safety: system disk, not a USB drive without the flag,
       too small, in use, changed since chosen, not confirmed), or an image
       that cannot boot from USB written raw without --mode raw
  4    I/O error on the target
  5    verification failed (the target does not hold the image)
  6    not authentic: a signature does not verify or cannot be trusted, or
       --require-signature and no trusted signature (nothing was written)
  7    the stick is counterfeit (holds less than it announces) or failing
  130  interrupted (Ctrl-C or SIGTERM; the target is incomplete)
)";
  ;
}

}  // namespace sw::tui
