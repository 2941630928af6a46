#pragma once
/// Closures posted by worker threads, applied to the UI's state on the UI thread: the only way a
/// worker changes what the screen shows.

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "tui/screen/app_state.h"

namespace sw::tui {

class Mailbox {
 public:
  /// Queues `f` for the UI thread (any thread).
  void post(std::function<void(AppState&)> f) {
    std::lock_guard lock(m_mutex);
    m_items.push_back(std::move(f));
  }
  /// Everything queued so far, in order (the UI thread).
  std::vector<std::function<void(AppState&)>> take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_items, {});
  }

 private:
  std::mutex m_mutex;
  std::vector<std::function<void(AppState&)>> m_items;
};

}  // namespace sw::tui
