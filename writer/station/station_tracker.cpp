#include "writer/station/station_tracker.h"

#include <fmt/format.h>

namespace sw::writer {
namespace {

/// A device with no medium (an empty card reader) has size 0: it holds nothing to write yet.
bool has_medium(const platform::BlockEntry& e) { return e.size_bytes != 0; }

}  // namespace

std::string InsertionTracker::key(const platform::BlockEntry& e) {
  return fmt::format("{}|{}|{}", e.dev, e.size_bytes,
                     e.diskseq ? std::to_string(*e.diskseq) : std::string("-"));
}

InsertionTracker::InsertionTracker(const std::vector<platform::BlockEntry>& at_start) {
  for (const auto& e : at_start) {
    if (has_medium(e)) m_present[e.name] = key(e);
  }
}

std::vector<Insertion> InsertionTracker::update(const std::vector<platform::BlockEntry>& now) {
  std::map<std::string, std::string> seen;
  for (const auto& e : now) {
    if (has_medium(e)) seen[e.name] = key(e);
  }
  std::vector<Insertion> out;
  for (auto it = m_present.begin(); it != m_present.end();) {
    const auto s = seen.find(it->first);
    if (s != seen.end() && s->second == it->second) {
      ++it;
      continue;
    }
    out.push_back({InsertionKind::kRemoved, it->first});
    it = m_present.erase(it);
  }
  std::map<std::string, std::string> pending;
  for (const auto& [name, k] : seen) {
    if (m_present.count(name) != 0) continue;
    const auto p = m_pending.find(name);
    if (p != m_pending.end() && p->second == k) {
      m_present[name] = k;
      out.push_back({InsertionKind::kArrived, name});
      continue;
    }
    pending[name] = k;
  }
  m_pending = std::move(pending);
  return out;
}

}  // namespace sw::writer
