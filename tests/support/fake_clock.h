#pragma once
// A clock that advances by a fixed step each time it is read, so rates are deterministic. It
// may be read from several threads at once (several targets' passes), as a Clock must allow.

#include <atomic>
#include <chrono>

#include "writer/progress.h"

namespace sw::test {

class FakeClock final : public writer::Clock {
 public:
  explicit FakeClock(std::chrono::nanoseconds step = std::chrono::milliseconds(10))
      : m_step(step) {}
  std::chrono::nanoseconds now() const override {
    const auto step = m_step.load().count();
    return std::chrono::nanoseconds(m_now.fetch_add(step) + step);
  }
  void set_step(std::chrono::nanoseconds step) { m_step = step; }

 private:
  std::atomic<std::chrono::nanoseconds> m_step;
  mutable std::atomic<std::chrono::nanoseconds::rep> m_now{0};
};

}  // namespace sw::test
