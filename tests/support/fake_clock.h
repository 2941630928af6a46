#pragma once
// A clock that advances by a fixed step each time it is read, so rates are deterministic.

#include <chrono>

#include "writer/progress.h"

namespace sw::test {

class FakeClock final : public writer::Clock {
 public:
  explicit FakeClock(std::chrono::nanoseconds step = std::chrono::milliseconds(10))
      : m_step(step) {}
  std::chrono::nanoseconds now() const override {
    m_now += m_step;
    return m_now;
  }
  void set_step(std::chrono::nanoseconds step) { m_step = step; }

 private:
  std::chrono::nanoseconds m_step;
  mutable std::chrono::nanoseconds m_now{0};
};

}  // namespace sw::test
