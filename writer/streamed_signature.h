#pragma once
/// A detached signature checked over bytes another pass reads: the hash pass feeds the image
/// file's bytes, RNP pulls them on a thread of its own, so the signature covers exactly the
/// bytes that were hashed (and then written and read back), in one read of the image.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"
#include "writer/signature.h"

namespace sw::writer {

class StreamedSignature {
 public:
  /// Starts checking `signature_path` over the bytes to be fed, with `keys` (which must outlive
  /// this object and not be used elsewhere until finish()).
  StreamedSignature(const TrustedKeys& keys, std::string data_name, std::string signature_path);
  /// Stops feeding (what RNP has not read is never read) and waits for RNP.
  ~StreamedSignature();
  StreamedSignature(const StreamedSignature&) = delete;
  StreamedSignature& operator=(const StreamedSignature&) = delete;

  /// Adds the next bytes (copied); waits while kMaxQueuedBytes are not yet read.
  void feed(std::span<const std::byte> bytes);
  /// No more bytes: waits for RNP and returns its verdict (a signature file that cannot be
  /// read is an error).
  Result<Authenticity> finish();

  /// Bytes fed but not yet read by RNP, at most: the memory a slow check may hold.
  static constexpr std::size_t kMaxQueuedBytes = 64 * 1024 * 1024;

 private:
  Result<std::size_t> read(char* buf, std::size_t len);
  void close();

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::vector<std::byte>> m_queue;
  std::size_t m_queued = 0;
  std::size_t m_front_pos = 0;  ///< bytes of m_queue.front() already read
  bool m_closed = false;
  std::optional<Result<Authenticity>> m_result;
  std::thread m_thread;
};

}  // namespace sw::writer
