#include "writer/fan_out.h"

#include <algorithm>
#include <cstring>

namespace sw::writer {

/// Target `i`'s view: a Source whose read() takes the fan-out's chunks.
class FanOut::View : public Source {
 public:
  View(FanOut& fan, std::size_t i) : m_fan(fan), m_index(i) {}
  const std::string& path() const override { return m_fan.m_source.path(); }
  std::uint64_t size() const override { return m_fan.m_source.size(); }
  Result<void> rewind() override {
    if (m_started) {
      return fail(ErrorKind::kInput,
                  "internal error: a target's share of a single read of the image was read twice");
    }
    return ok();
  }
  Result<std::size_t> read(std::span<std::byte> buf) override {
    m_started = true;
    return m_fan.read_for(m_index, buf);
  }
  std::optional<std::uint32_t> sector_bytes() const override {
    return m_fan.m_source.sector_bytes();
  }

 private:
  FanOut& m_fan;
  std::size_t m_index;
  bool m_started = false;
};

FanOut::FanOut(Source& source, std::size_t targets, std::size_t depth_bytes,
               std::size_t chunk_bytes)
    : m_source(source),
      m_depth(std::max(depth_bytes, chunk_bytes)),
      m_chunk(chunk_bytes),
      m_queues(targets) {
  for (std::size_t i = 0; i < targets; ++i) m_views.push_back(std::make_unique<View>(*this, i));
}

FanOut::~FanOut() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

Source& FanOut::view(std::size_t i) { return *m_views.at(i); }

void FanOut::start() {
  m_thread = std::thread([this] { run(); });
}

void FanOut::detach(std::size_t i) {
  {
    std::lock_guard lock(m_mutex);
    auto& q = m_queues.at(i);
    q.attached = false;
    q.chunks.clear();
    q.queued = 0;
    q.front_pos = 0;
  }
  m_cv.notify_all();
}

std::uint64_t FanOut::bytes_read() const {
  std::lock_guard lock(m_mutex);
  return m_read;
}

void FanOut::run() {
  auto finish = [this](std::optional<Error> error) {
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_error = std::move(error);
    m_cv.notify_all();
  };
  if (auto r = m_source.rewind(); !r) return finish(r.error());
  while (true) {
    auto buf = std::make_shared<std::vector<std::byte>>(m_chunk);
    auto n = m_source.read(*buf);
    if (!n) return finish(n.error());
    if (*n == 0) return finish(std::nullopt);
    buf->resize(*n);
    const Chunk chunk = std::move(buf);
    std::unique_lock lock(m_mutex);
    // Wait until every attached target has room: the slowest sets the pace past the depth.
    m_cv.wait(lock, [&] {
      return m_stop || std::all_of(m_queues.begin(), m_queues.end(), [&](const Queue& q) {
               return !q.attached || q.queued + chunk->size() <= m_depth;
             });
    });
    if (m_stop) {
      m_done = true;
      m_error = Error{ErrorKind::kInterrupted, "the image's reader was stopped"};
      m_cv.notify_all();
      return;
    }
    for (auto& q : m_queues) {
      if (!q.attached) continue;
      q.chunks.push_back(chunk);
      q.queued += chunk->size();
    }
    m_read += chunk->size();
    lock.unlock();
    m_cv.notify_all();
  }
}

Result<std::size_t> FanOut::read_for(std::size_t i, std::span<std::byte> buf) {
  struct Piece {
    Chunk chunk;
    std::size_t offset, length;
  };
  std::vector<Piece> pieces;
  std::size_t total = 0;
  {
    std::unique_lock lock(m_mutex);
    auto& q = m_queues.at(i);
    m_cv.wait(lock, [&] { return !q.chunks.empty() || m_done || !q.attached; });
    if (q.chunks.empty()) {
      if (m_error) return fail(*m_error);
      return std::size_t{0};
    }
    // Take the pieces under the lock (the shared chunks stay alive), copy them outside it.
    while (total < buf.size() && !q.chunks.empty()) {
      const Chunk front = q.chunks.front();
      const std::size_t n = std::min(buf.size() - total, front->size() - q.front_pos);
      pieces.push_back(Piece{front, q.front_pos, n});
      total += n;
      q.front_pos += n;
      if (q.front_pos == front->size()) {
        q.queued -= front->size();
        q.chunks.pop_front();
        q.front_pos = 0;
      }
    }
  }
  m_cv.notify_all();
  std::size_t done = 0;
  for (const auto& p : pieces) {
    std::memcpy(buf.data() + done, p.chunk->data() + p.offset, p.length);
    done += p.length;
  }
  return done;
}

}  // namespace sw::writer
