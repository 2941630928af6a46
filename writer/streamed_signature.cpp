#include "writer/streamed_signature.h"

#include <algorithm>
#include <cstring>

namespace sw::writer {

StreamedSignature::StreamedSignature(const TrustedKeys& keys, std::string data_name,
                                     std::string signature_path) {
  m_thread =
      std::thread([this, &keys, name = std::move(data_name), sig = std::move(signature_path)] {
        const ChunkReader reader = [this](char* buf, std::size_t len) { return read(buf, len); };
        auto verdict = verify_detached_stream(keys, reader, name, sig);
        std::lock_guard lock(m_mutex);
        m_result = std::move(verdict);
        // RNP may stop reading early (a signature file it cannot use): release a waiting feeder.
        m_closed = true;
        m_cv.notify_all();
      });
}

StreamedSignature::~StreamedSignature() {
  close();
  if (m_thread.joinable()) m_thread.join();
}

void StreamedSignature::close() {
  std::lock_guard lock(m_mutex);
  m_closed = true;
  m_cv.notify_all();
}

void StreamedSignature::feed(std::span<const std::byte> bytes) {
  if (bytes.empty()) return;
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [&] { return m_closed || m_queued + bytes.size() <= kMaxQueuedBytes; });
  if (m_closed) return;
  m_queue.emplace_back(bytes.begin(), bytes.end());
  m_queued += bytes.size();
  m_cv.notify_all();
}

Result<std::size_t> StreamedSignature::read(char* buf, std::size_t len) {
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [&] { return m_closed || !m_queue.empty(); });
  if (m_queue.empty()) return std::size_t{0};  // closed: the end of the bytes
  const auto& front = m_queue.front();
  const std::size_t n = std::min(len, front.size() - m_front_pos);
  std::memcpy(buf, front.data() + m_front_pos, n);
  m_front_pos += n;
  if (m_front_pos == front.size()) {
    m_queued -= front.size();
    m_queue.pop_front();
    m_front_pos = 0;
    m_cv.notify_all();
  }
  return n;
}

Result<Authenticity> StreamedSignature::finish() {
  close();
  if (m_thread.joinable()) m_thread.join();
  if (!m_result) return fail(ErrorKind::kInput, "the image's signature was not checked");
  return std::move(*m_result);
}

}  // namespace sw::writer
