#pragma once
/// Which drives were plugged in, from successive looks at /sys/block: pure logic, no I/O. A drive
/// counts as plugged in once it has been seen the same in two looks in a row (the kernel and udev
/// are still adding its partitions in the first), and a drive present when the tracker started is
/// never reported as plugged in, until it is pulled out and plugged in again.

#include <map>
#include <string>
#include <vector>

#include "platform/block_watch.h"

namespace sw::writer {

/// What changed between two looks.
enum class InsertionKind {
  kArrived,  ///< plugged in (or a card put into a reader) after the start, and settled
  kRemoved,  ///< pulled out (or its card taken out), whether it was there at the start or not
};

/// One change, by kernel name.
struct Insertion {
  InsertionKind kind = InsertionKind::kArrived;
  std::string name;
};

/// Tells insertions from the drives that were already there.
class InsertionTracker {
 public:
  /// `at_start`: what was there when the station started; none of it is ever reported arrived.
  explicit InsertionTracker(const std::vector<platform::BlockEntry>& at_start);

  /// The changes since the previous look, removals first.
  std::vector<Insertion> update(const std::vector<platform::BlockEntry>& now);

  /// The identity of one insertion: the same name with another device number, size (a card
  /// swapped in a reader) or disk sequence number is another insertion.
  static std::string key(const platform::BlockEntry& e);

 private:
  std::map<std::string, std::string> m_present;  ///< name -> key: there at the start, or arrived
  std::map<std::string, std::string> m_pending;  ///< name -> key: seen once, not yet settled
};

}  // namespace sw::writer
