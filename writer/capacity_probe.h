#pragma once
/// How much a stick really holds, found in seconds: position-stamped blocks are written at a set
/// of offsets spread over the announced capacity and read back through a fresh cache-bypassing
/// reader. A counterfeit stick either wraps (a block written past its real size lands on a lower
/// one, as if the top address lines were not wired) or drops what lies past it (reads give zeros
/// or old data); a failing one loses blocks here and there. Each test of an offset also writes,
/// after it, the blocks it would land on if the stick wrapped at any power of two (or at a
/// modulus seen earlier), so a wrap shows as the offset reading back another block's stamp. The
/// number of blocks is bounded (about 40 per tested offset, some 60 offsets), not the capacity.
///
/// Every block is saved before it is first overwritten and put back at the end (the
/// non-destructive check), highest offset first so that on a wrapping stick the real low blocks
/// get their own data last; the restore is read back and compared.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/progress.h"

namespace sw::writer {

/// What the probe concluded.
enum class StickVerdict {
  kGenuine,      ///< every probed block holds what was written
  kCounterfeit,  ///< nothing past real_bytes is kept: it wraps or drops writes
  kFailing,      ///< some probed blocks below the end are lost or unreadable
};

/// The stable id of a verdict ("genuine", "counterfeit", "failing").
std::string_view stick_verdict_id(StickVerdict v);

/// How a counterfeit stick loses data.
enum class FakeKind { kNone, kWraps, kDropsWrites };

/// The probe's findings.
struct ProbeResult {
  StickVerdict verdict = StickVerdict::kGenuine;
  FakeKind fake = FakeKind::kNone;
  std::uint64_t announced_bytes = 0;
  std::uint64_t real_bytes = 0;  ///< where data starts to be lost (announced when genuine)
  std::optional<std::uint64_t> first_bad_offset;
  std::optional<std::uint64_t> wrap_modulus;  ///< kWraps: the size it wraps at
  std::vector<std::uint64_t> bad_offsets;     ///< kFailing: the probed blocks that were lost
  std::uint64_t blocks_written = 0;
};

/// Whether the blocks the probe overwrites are saved and put back.
enum class ProbeMode { kKeepData, kDestructive };

/// The probe over one device; `cancel` stops it between blocks (the saved blocks are still put
/// back by restore()).
class CapacityProbe {
 public:
  /// `block_bytes`: a multiple of the device's sector size and of 4096 (O_DIRECT alignment).
  CapacityProbe(platform::BlockDevice& dev, ProbeMode mode, std::uint32_t block_bytes = 4096);

  /// The most steps run() reports: the sweep's offsets and the bisection's steps.
  static std::uint64_t max_steps();

  /// Probes the device; fills announced, real and the verdict. Reports Phase::kCheck progress
  /// in steps (tested offsets), of max_steps().
  Result<ProbeResult> run(const ProgressSink& sink, CancelToken cancel);
  /// Puts back every saved block, highest first, and reads back those below `real_bytes`;
  /// a difference is an error. Nothing to do in destructive mode.
  Result<void> restore(std::uint64_t real_bytes);

  /// Bytes of saved blocks held in memory.
  std::uint64_t saved_bytes() const { return m_saved.size() * m_block; }

 private:
  enum class Seen { kOwn, kOther, kLost, kUnreadable };
  struct Reading {
    Seen seen = Seen::kLost;
    std::uint64_t other_offset = 0;  ///< kOther: the offset whose stamp it holds
  };

  Result<bool> test_offset(std::uint64_t offset, ProbeResult& r);
  Result<void> save(std::uint64_t offset);
  Result<void> write_stamp(std::uint64_t offset);
  Result<Reading> read_stamp(platform::BlockDevice& reader, std::uint64_t offset);
  void stamp(std::uint64_t offset, std::uint64_t round, std::span<std::byte> out) const;
  std::vector<std::uint64_t> alias_offsets(std::uint64_t offset) const;

  platform::BlockDevice& m_dev;
  ProbeMode m_mode;
  std::uint32_t m_block;
  std::uint64_t m_capacity = 0;
  std::uint64_t m_round = 0;
  std::array<std::byte, 16> m_nonce{};
  std::vector<std::uint64_t> m_moduli;  ///< wrap sizes seen, tried again at later offsets
  std::map<std::uint64_t, std::vector<std::byte>> m_saved;
  std::uint64_t m_written = 0;
};

}  // namespace sw::writer
