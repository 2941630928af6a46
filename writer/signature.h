#pragma once
/// OpenPGP signatures, verified with RNP (librnp) against keys from keyring files only: nothing
/// is fetched, nothing is written to ~/.gnupg, no agent is started. The policy is a modern one:
/// SHA-1 and MD5 digests, keys weaker than RSA 2048, and expired or revoked keys and subkeys
/// are refused with the reason.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"

struct rnp_ffi_st;

namespace sw::writer {

/// The public keys of keyring files, held in one RNP context.
class TrustedKeys {
 public:
  /// Loads every file (binary or ASCII-armored transferable public keys). A file that cannot be
  /// read, or holds no key RNP can use, is an error (kInput) naming it.
  static Result<TrustedKeys> load(const std::vector<std::string>& files);
  /// No keys: every signature is by an unknown key.
  TrustedKeys();
  TrustedKeys(TrustedKeys&&) noexcept;
  TrustedKeys& operator=(TrustedKeys&&) noexcept;
  ~TrustedKeys();

  /// The files the keys came from, in the order given.
  const std::vector<std::string>& files() const { return m_files; }
  /// The number of keys loaded, primary keys and subkeys.
  std::size_t key_count() const { return m_keys; }
  /// The RNP context holding the keys (one thread at a time).
  rnp_ffi_st* ffi() const { return m_ffi.get(); }

 private:
  struct FfiFree {
    void operator()(rnp_ffi_st* ffi) const;
  };
  std::unique_ptr<rnp_ffi_st, FfiFree> m_ffi;
  std::vector<std::string> m_files;
  std::size_t m_keys = 0;
};

/// Verifies the detached signature in `signature_path` (binary or armored) over exactly `data`,
/// the bytes of `data_name`. Fails only when the signature file cannot be read; every verdict,
/// a bad signature included, is a status.
Result<Authenticity> verify_detached(const TrustedKeys& keys, std::string_view data,
                                     std::string_view data_name, const std::string& signature_path);

/// Reads more of a signed file: fills `buf` with up to `len` bytes and returns how many (0 at
/// the end), or an error.
using ChunkReader = std::function<Result<std::size_t>(char* buf, std::size_t len)>;

/// Verifies the detached signature in `signature_path` over the bytes `read` yields (a whole
/// image, streamed). A read error is returned as such.
Result<Authenticity> verify_detached_stream(const TrustedKeys& keys, const ChunkReader& read,
                                            std::string_view data_name,
                                            const std::string& signature_path);

/// A clear-signed text's verdict and the bytes the signature covers.
struct SignedText {
  Authenticity authenticity;
  /// The signed body as the signature covers it (dash-escaping undone) when the signature
  /// verifies; empty otherwise.
  std::string body;
};

/// Whether `text` is PGP clear-signed (holds a "BEGIN PGP SIGNED MESSAGE" armor line).
bool is_clear_signed(std::string_view text);

/// Verifies a clear-signed text read from `path`.
SignedText verify_clear_signed(const TrustedKeys& keys, std::string_view text,
                               std::string_view path);

}  // namespace sw::writer
