#pragma once
/// A small bounded hand-off queue between the pipeline's two threads.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace sw::writer {

/// Blocking queue; close() wakes every waiter, after which push fails and pop drains then ends.
template <class T>
class Channel {
 public:
  /// Returns false when the channel was closed.
  bool push(T value) {
    {
      std::lock_guard lock(m_mutex);
      if (m_closed) return false;
      m_items.push_back(std::move(value));
    }
    m_cv.notify_one();
    return true;
  }

  /// Waits for an item; none once the channel is closed and empty.
  std::optional<T> pop() {
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return m_closed || !m_items.empty(); });
    if (m_items.empty()) return std::nullopt;
    T value = std::move(m_items.front());
    m_items.pop_front();
    return value;
  }

  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_cv.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<T> m_items;
  bool m_closed = false;
};

}  // namespace sw::writer
