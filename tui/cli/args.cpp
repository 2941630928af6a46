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
  std::array<Command, 10> allowed;  ///< commands accepting it (kHelp = unused slot)
  Result<void> (*set)(CliOptions& o, std::string value);
};

constexpr Command kNone = Command::kHelp;
constexpr std::array<Command, 10> kWriteOnly{Command::kWrite};
constexpr std::array<Command, 10> kWriteStation{Command::kWrite, Command::kStation};
constexpr std::array<Command, 10> kErasing{Command::kWrite, Command::kStation, Command::kCheck,
                                           Command::kRestore, Command::kRead};
constexpr std::array<Command, 10> kDriveCommands{Command::kWrite,   Command::kVerify,
                                                 Command::kTui,     Command::kCheck,
                                                 Command::kRestore, Command::kRead};
constexpr std::array<Command, 10> kRestoreOnly{Command::kRestore};
constexpr std::array<Command, 10> kStationOnly{Command::kStation};
constexpr std::array<Command, 10> kReadOnly{Command::kRead};

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

constexpr std::array<Command, 10> kHashingCommands{
    Command::kWrite, Command::kVerify, Command::kHash, Command::kTui, Command::kStation};

constexpr std::array<Command, 10> kWriteVerify{Command::kWrite, Command::kVerify,
                                               Command::kStation};

/// The setter of a size flag (parse_size) kept in bytes in `Member`.
template <auto Member>
Result<void> store_size(CliOptions& o, std::string value) {
  auto bytes = parse_size(value);
  if (!bytes) return bytes.failure();
  o.*Member = *bytes;
  return ok();
}

Result<void> set_fs(CliOptions& o, std::string value) {
  if (value != "fat32" && value != "exfat") {
    return usage(fmt::format("unknown --fs '{}'; use fat32 or exfat", value));
  }
  o.exfat = value == "exfat";
  return ok();
}

Result<void> set_count(CliOptions& o, std::string value) {
  auto n = parse_size(value);
  // A count past size_t (2^32 - 1 on 32-bit builds) would be cut to a small one; no station
  // writes that many sticks.
  if (!n || *n == 0 || *n > std::numeric_limits<std::size_t>::max() ||
      value.find_first_not_of("0123456789") != std::string::npos) {
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
    FlagSpec{"--yes", false, kErasing, turn_on<&CliOptions::yes>},
    FlagSpec{"--json",
             false,
             {Command::kWrite, Command::kHash, Command::kVerify, Command::kList, Command::kInspect,
              Command::kStation, Command::kCheck, Command::kRestore, Command::kRead},
             turn_on<&CliOptions::json>},
    FlagSpec{"--no-verify", false, kWriteOnly, turn_on<&CliOptions::no_verify>},
    FlagSpec{"--allow-non-removable", false, kDriveCommands,
             turn_on<&CliOptions::allow_non_removable>},
    FlagSpec{"--allow-hard-disk",
             false,
             {Command::kWrite, Command::kCheck, Command::kRestore},
             turn_on<&CliOptions::allow_hard_disk>},
    FlagSpec{"--destructive", false, {Command::kCheck}, turn_on<&CliOptions::destructive>},
    FlagSpec{"--check", false, kWriteOnly, turn_on<&CliOptions::check>},
    FlagSpec{
        "--all", false, {Command::kList, kNone, kNone, kNone, kNone}, turn_on<&CliOptions::all>},
    FlagSpec{"--sysroot",
             true,
             {Command::kWrite, Command::kVerify, Command::kList, Command::kTui, Command::kStation,
              Command::kCheck, Command::kRestore, Command::kRead},
             store<&CliOptions::sysroot>},
    FlagSpec{
        "--demo", false, {Command::kTui, kNone, kNone, kNone, kNone}, turn_on<&CliOptions::demo>},
    FlagSpec{"--mode", true, kWriteStation, set_mode},
    FlagSpec{"--log",
             true,
             {Command::kWrite, Command::kLog, Command::kTui, Command::kStation, Command::kRestore},
             store<&CliOptions::log>},
    FlagSpec{"--label", true, kRestoreOnly, store<&CliOptions::label>},
    FlagSpec{"--fs", true, kRestoreOnly, set_fs},
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
    case Command::kCheck:
      return "check";
    case Command::kRestore:
      return "restore";
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
  if (first == "check") return Command::kCheck;
  if (first == "restore") return Command::kRestore;
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
  if (o.command == Command::kRestore) {
    if (operands.size() != 1) {
      return usage(fmt::format("'restore' needs TARGET ({} given)", operands.size()));
    }
    o.target = operands.front();
    return ok();
  }
  if (o.command == Command::kRead) return take_read_operands(o, operands);
  const bool one_operand = o.command == Command::kHash || o.command == Command::kInspect ||
                           o.command == Command::kStation || o.command == Command::kCheck;
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
  if (o.command == Command::kCheck) {
    o.target = operands[0];  // check's one operand is the drive
    return ok();
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

}  // namespace sw::tui
