#include "writer/signature.h"

#include <fmt/format.h>
#include <rnp/rnp.h>
#include <rnp/rnp_err.h>

#include <array>

#include "platform/calendar.h"
#include "platform/files.h"
#include "platform/session.h"

namespace sw::writer {
namespace {

/// Signature and key files are small; a "signature" bigger than this is not one.
constexpr std::size_t kMaxSignatureBytes = 1024 * 1024;
/// A keyring file may hold many keys (Debian's role keys are ~100 KiB, its full keyring ~20 MiB).
constexpr std::size_t kMaxKeyringBytes = 64 * 1024 * 1024;
/// RSA, DSA and ElGamal keys below this many bits are refused (NIST SP 800-131A: 112-bit
/// security). Elliptic-curve keys have no such weak sizes among those RNP accepts.
constexpr std::uint32_t kMinFactoringBits = 2048;

struct BufferFree {
  void operator()(char* p) const { rnp_buffer_destroy(p); }
};
using RnpString = std::unique_ptr<char, BufferFree>;
struct InputFree {
  void operator()(rnp_input_st* p) const { rnp_input_destroy(p); }
};
using Input = std::unique_ptr<rnp_input_st, InputFree>;
struct OutputFree {
  void operator()(rnp_output_st* p) const { rnp_output_destroy(p); }
};
using Output = std::unique_ptr<rnp_output_st, OutputFree>;
struct OpFree {
  void operator()(rnp_op_verify_st* p) const { rnp_op_verify_destroy(p); }
};
using VerifyOp = std::unique_ptr<rnp_op_verify_st, OpFree>;
struct KeyFree {
  void operator()(rnp_key_handle_st* p) const { rnp_key_handle_destroy(p); }
};
using Key = std::unique_ptr<rnp_key_handle_st, KeyFree>;
struct SigFree {
  void operator()(rnp_signature_handle_st* p) const { rnp_signature_handle_destroy(p); }
};
using SigHandle = std::unique_ptr<rnp_signature_handle_st, SigFree>;

/// Calls an RNP getter that returns a string, "" when it fails.
template <typename Handle, typename Getter>
std::string get_string(Handle h, Getter getter) {
  char* raw = nullptr;
  if (getter(h, &raw) != RNP_SUCCESS || raw == nullptr) return {};
  RnpString owned(raw);
  return std::string(owned.get());
}

Input memory_input(std::string_view bytes) {
  rnp_input_t in = nullptr;
  rnp_input_from_memory(&in, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                        false);
  return Input(in);
}

/// Applies the policy on top of RNP's defaults: SHA-1 and MD5 refused for data signatures and
/// key bindings from the beginning of time (RNP alone accepts SHA-1 data signatures made before
/// 2019 and key signatures until 2024).
void set_policy(rnp_ffi_t ffi) {
  for (const char* hash : {"SHA1", "MD5"}) {
    rnp_add_security_rule(ffi, RNP_FEATURE_HASH_ALG, hash, RNP_SECURITY_OVERRIDE, 0,
                          RNP_SECURITY_PROHIBITED);
  }
}

/// The primary key of `key` (itself when it is primary), or null.
Key primary_of(rnp_ffi_t ffi, rnp_key_handle_t key) {
  bool primary = false;
  rnp_key_is_primary(key, &primary);
  const std::string fpr = get_string(key, rnp_key_get_fprint);
  const std::string want = primary ? fpr : get_string(key, rnp_key_get_primary_fprint);
  rnp_key_handle_t found = nullptr;
  if (want.empty() || rnp_locate_key(ffi, "fingerprint", want.c_str(), &found) != RNP_SUCCESS) {
    return Key(nullptr);
  }
  return Key(found);
}

/// What a key's (or subkey's) state says of a signature it made at `signed_at`: a refusal, or
/// a note for a signature that stands.
struct KeyJudgement {
  AuthStatus status = AuthStatus::kAuthentic;
  std::string why;   ///< the refusal's reason
  std::string note;  ///< worth knowing, no refusal
};

/// Revocation: a key revoked as superseded or retired no longer signs, but what it signed
/// before stays signed (RFC 4880 5.2.3.23); a compromised key, or one revoked without a
/// reason, may have been used by anyone, so nothing it signed counts.
KeyJudgement judge_revocation(rnp_key_handle_t key, std::string_view what) {
  bool revoked = false, superseded = false, retired = false, compromised = false;
  if (rnp_key_is_revoked(key, &revoked) != RNP_SUCCESS || !revoked) return {};
  rnp_key_is_superseded(key, &superseded);
  rnp_key_is_retired(key, &retired);
  rnp_key_is_compromised(key, &compromised);
  if (compromised || !(superseded || retired)) {
    return {AuthStatus::kRevokedKey,
            fmt::format("the {} was revoked{}", what, compromised ? " as compromised" : ""),
            {}};
  }
  return {AuthStatus::kAuthentic,
          {},
          fmt::format("the {} has since been revoked as {}", what,
                      superseded ? "superseded" : "retired")};
}

/// Expiry is judged at the time of signing, as OpenPGP means it: a signature made while the key
/// was valid stays good after the key expires (old installers are signed by keys that have
/// expired since); one made after the key expired is refused.
KeyJudgement judge_key(rnp_key_handle_t key, std::string_view what, std::int64_t signed_at) {
  KeyJudgement j = judge_revocation(key, what);
  if (j.status != AuthStatus::kAuthentic) return j;
  std::uint32_t created = 0, lifetime = 0;
  rnp_key_get_creation(key, &created);
  rnp_key_get_expiration(key, &lifetime);
  if (lifetime != 0) {
    const std::int64_t expiry = std::int64_t{created} + std::int64_t{lifetime};
    if (signed_at >= expiry) {
      return {AuthStatus::kExpiredKey,
              fmt::format("the signature was made on {}, after the {} expired on {}",
                          platform::utc_date(signed_at), what, platform::utc_date(expiry)),
              {}};
    }
    bool expired_now = false;
    if (rnp_key_is_expired(key, &expired_now) == RNP_SUCCESS && expired_now && j.note.empty()) {
      j.note = fmt::format("the {} expired on {}, after it made this signature", what,
                           platform::utc_date(expiry));
    }
  }
  const std::string alg = get_string(key, rnp_key_get_alg);
  std::uint32_t bits = 0;
  rnp_key_get_bits(key, &bits);
  if ((alg == "RSA" || alg == "DSA" || alg == "ELGAMAL") && bits < kMinFactoringBits) {
    return {
        AuthStatus::kWeakAlgorithm,
        fmt::format("the {} is {} {} bits, weaker than RSA {}", what, alg, bits, kMinFactoringBits),
        {}};
  }
  return j;
}

/// The verdict of a signature by a key we hold, from RNP's status once the key passed.
void judge_status(Authenticity& a, rnp_result_t status, rnp_key_handle_t key,
                  std::uint32_t expires) {
  if (status == RNP_SUCCESS) {
    a.status = AuthStatus::kAuthentic;
    return;
  }
  const std::int64_t made = a.signed_at.value_or(0);
  if (status == RNP_ERROR_SIGNATURE_EXPIRED) {
    a.status = expires == 0 ? AuthStatus::kBadSignature : AuthStatus::kExpiredKey;
    a.reason = expires == 0 ? fmt::format("the signature is dated in the future ({})",
                                          platform::utc_date(made))
                            : fmt::format("the signature itself expired on {}",
                                          platform::utc_date(made + std::int64_t{expires}));
    return;
  }
  a.status = AuthStatus::kBadSignature;
  bool valid = true;
  rnp_key_is_valid(key, &valid);
  if (status == RNP_ERROR_SIGNATURE_INVALID && !valid) {
    a.reason =
        "the signing key is not valid (its self-signatures do not verify under the "
        "policy: made with SHA-1, or damaged)";
  } else if (status == RNP_ERROR_SIGNATURE_INVALID) {
    a.reason = "the signature does not match the signed bytes";
  } else {
    a.reason = fmt::format("the signature cannot be checked ({})", rnp_result_to_string(status));
  }
}

/// The verdict of a signature whose key is in no keyring.
void judge_unknown(Authenticity& a, rnp_signature_handle_t handle) {
  a.status = AuthStatus::kUnknownKey;
  if (handle != nullptr) {
    a.signer_fingerprint = get_string(handle, rnp_signature_get_key_fprint);
    if (a.signer_fingerprint.empty()) {
      a.signer_fingerprint = get_string(handle, rnp_signature_get_keyid);
    }
  }
  a.reason = "the signing key is in no keyring";
}

/// The verdict of one signature of a finished verification.
Authenticity judge(rnp_ffi_t ffi, rnp_op_verify_signature_t sig) {
  Authenticity a;
  rnp_signature_handle_t raw_handle = nullptr;
  rnp_op_verify_signature_get_handle(sig, &raw_handle);
  SigHandle handle(raw_handle);
  std::uint32_t created = 0, expires = 0;
  if (rnp_op_verify_signature_get_times(sig, &created, &expires) == RNP_SUCCESS && created) {
    a.signed_at = created;
  }
  rnp_key_handle_t raw_key = nullptr;
  if (rnp_op_verify_signature_get_key(sig, &raw_key) != RNP_SUCCESS || raw_key == nullptr) {
    judge_unknown(a, handle.get());
    return a;
  }
  Key key(raw_key);
  Key primary = primary_of(ffi, key.get());
  rnp_key_handle_t owner = primary ? primary.get() : key.get();
  a.signer_fingerprint = get_string(owner, rnp_key_get_fprint);
  a.signer_uid = get_string(owner, rnp_key_get_primary_uid);
  const std::string hash = handle ? get_string(handle.get(), rnp_signature_get_hash_alg) : "";
  if (hash == "SHA1" || hash == "MD5" || hash == "RIPEMD160") {
    a.status = AuthStatus::kWeakAlgorithm;
    a.reason = fmt::format("the signature's digest is {}, which can be forged", hash);
    return a;
  }
  for (auto [k, what] : {std::pair{owner, "key"}, std::pair{key.get(), "signing subkey"}}) {
    KeyJudgement j = judge_key(k, what, std::int64_t{created});
    if (j.status != AuthStatus::kAuthentic) {
      a.status = j.status;
      a.reason = std::move(j.why);
      return a;
    }
    if (a.note.empty()) a.note = std::move(j.note);
    if (owner == key.get()) break;
  }
  judge_status(a, rnp_op_verify_signature_get_status(sig), key.get(), expires);
  return a;
}

/// Ranks verdicts when a file carries several signatures: one that verifies wins; then a
/// refusal (a sign of tampering outweighs a missing key); then an unknown key.
int rank(AuthStatus s) {
  if (s == AuthStatus::kAuthentic) return 3;
  if (auth_refuses(s)) return 2;
  if (s == AuthStatus::kUnknownKey) return 1;
  return 0;
}

/// The verdict of a finished (or failed) verification: the best of its signatures.
Authenticity verdict_of(rnp_ffi_t ffi, rnp_op_verify_t op, rnp_result_t executed) {
  std::size_t count = 0;
  rnp_op_verify_get_signature_count(op, &count);
  Authenticity best;
  best.status = AuthStatus::kBadSignature;
  best.reason = count == 0
                    ? fmt::format("no signature could be read ({})", rnp_result_to_string(executed))
                    : "";
  int best_rank = -1;
  for (std::size_t i = 0; i < count; ++i) {
    rnp_op_verify_signature_t sig = nullptr;
    if (rnp_op_verify_get_signature_at(op, i, &sig) != RNP_SUCCESS) continue;
    Authenticity a = judge(ffi, sig);
    if (rank(a.status) > best_rank) {
      best_rank = rank(a.status);
      best = std::move(a);
    }
  }
  return best;
}

Result<Authenticity> verify_with_input(const TrustedKeys& keys, rnp_input_t data,
                                       std::string_view data_name,
                                       const std::string& signature_path) {
  auto sig_bytes = platform::read_small_file(signature_path, kMaxSignatureBytes, ErrorKind::kInput);
  if (!sig_bytes) return sig_bytes.failure();
  Input sig = memory_input(*sig_bytes);
  rnp_op_verify_t raw_op = nullptr;
  if (rnp_op_verify_detached_create(&raw_op, keys.ffi(), data, sig.get()) != RNP_SUCCESS) {
    return fail(ErrorKind::kInput, fmt::format("cannot check the signature {}", signature_path));
  }
  VerifyOp op(raw_op);
  // RNP prints each failed check on stderr (signer's key not found, ...): the verdict says it.
  const platform::QuietStderr quiet;
  const rnp_result_t executed = rnp_op_verify_execute(op.get());
  Authenticity a = verdict_of(keys.ffi(), op.get(), executed);
  a.signed_file = std::string(data_name);
  a.signature_file = signature_path;
  return a;
}

}  // namespace

std::string_view auth_status_id(AuthStatus s) {
  switch (s) {
    case AuthStatus::kUnsigned:
      return "unsigned";
    case AuthStatus::kAuthentic:
      return "authentic";
    case AuthStatus::kUnknownKey:
      return "unknown_key";
    case AuthStatus::kBadSignature:
      return "bad_signature";
    case AuthStatus::kExpiredKey:
      return "expired_key";
    case AuthStatus::kRevokedKey:
      return "revoked_key";
    case AuthStatus::kWeakAlgorithm:
      return "weak_algorithm";
  }
  return "unsigned";
}

bool auth_refuses(AuthStatus s) {
  return s == AuthStatus::kBadSignature || s == AuthStatus::kExpiredKey ||
         s == AuthStatus::kRevokedKey || s == AuthStatus::kWeakAlgorithm;
}

void TrustedKeys::FfiFree::operator()(rnp_ffi_st* ffi) const { rnp_ffi_destroy(ffi); }

TrustedKeys::TrustedKeys() {
  rnp_ffi_t ffi = nullptr;
  rnp_ffi_create(&ffi, "GPG", "GPG");
  m_ffi.reset(ffi);
  if (ffi) set_policy(ffi);
}
TrustedKeys::TrustedKeys(TrustedKeys&&) noexcept = default;
TrustedKeys& TrustedKeys::operator=(TrustedKeys&&) noexcept = default;
TrustedKeys::~TrustedKeys() = default;

Result<TrustedKeys> TrustedKeys::load(const std::vector<std::string>& files) {
  TrustedKeys keys;
  if (!keys.m_ffi) return fail(ErrorKind::kInput, "cannot start the OpenPGP library (RNP)");
  for (const auto& file : files) {
    auto bytes = platform::read_small_file(file, kMaxKeyringBytes, ErrorKind::kInput);
    if (!bytes) return bytes.failure();
    Input in = memory_input(*bytes);
    char* raw = nullptr;
    const platform::QuietStderr quiet;
    const auto rc = rnp_import_keys(keys.ffi(), in.get(),
                                    RNP_LOAD_SAVE_PUBLIC_KEYS | RNP_LOAD_SAVE_PERMISSIVE, &raw);
    RnpString results(raw);
    if (rc != RNP_SUCCESS) {
      return fail(ErrorKind::kInput,
                  fmt::format("the keyring {} holds no OpenPGP public key that can be read ({})",
                              file, rnp_result_to_string(rc)));
    }
    keys.m_files.push_back(file);
  }
  std::size_t count = 0;
  rnp_get_public_key_count(keys.ffi(), &count);
  keys.m_keys = count;
  return keys;
}

Result<Authenticity> verify_detached(const TrustedKeys& keys, std::string_view data,
                                     std::string_view data_name,
                                     const std::string& signature_path) {
  Input in = memory_input(data);
  return verify_with_input(keys, in.get(), data_name, signature_path);
}

Result<Authenticity> verify_detached_stream(const TrustedKeys& keys, const ChunkReader& read,
                                            std::string_view data_name,
                                            const std::string& signature_path) {
  struct Context {
    const ChunkReader* read;
    std::optional<Error> error;
  } ctx{&read, {}};
  auto reader = [](void* app, void* buf, std::size_t len, std::size_t* got) -> bool {
    auto* c = static_cast<Context*>(app);
    auto n = (*c->read)(static_cast<char*>(buf), len);
    if (!n) {
      c->error = n.error();
      return false;
    }
    *got = *n;
    return true;
  };
  rnp_input_t raw = nullptr;
  rnp_input_from_callback(&raw, reader, nullptr, &ctx);
  Input in(raw);
  auto verdict = verify_with_input(keys, in.get(), data_name, signature_path);
  if (ctx.error) return fail(*ctx.error);
  return verdict;
}

bool is_clear_signed(std::string_view text) {
  return text.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string_view::npos;
}

SignedText verify_clear_signed(const TrustedKeys& keys, std::string_view text,
                               std::string_view path) {
  SignedText out;
  Input in = memory_input(text);
  rnp_output_t raw_out = nullptr;
  rnp_output_to_memory(&raw_out, 0);
  Output body(raw_out);
  rnp_op_verify_t raw_op = nullptr;
  if (rnp_op_verify_create(&raw_op, keys.ffi(), in.get(), body.get()) != RNP_SUCCESS) {
    out.authenticity.status = AuthStatus::kBadSignature;
    out.authenticity.reason = "the clear-signed text cannot be read";
  } else {
    VerifyOp op(raw_op);
    const platform::QuietStderr quiet;
    const rnp_result_t executed = rnp_op_verify_execute(op.get());
    out.authenticity = verdict_of(keys.ffi(), op.get(), executed);
    if (out.authenticity.status == AuthStatus::kAuthentic) {
      std::uint8_t* buf = nullptr;
      std::size_t len = 0;
      if (rnp_output_memory_get_buf(body.get(), &buf, &len, false) == RNP_SUCCESS && buf) {
        out.body.assign(reinterpret_cast<const char*>(buf), len);
      }
    }
  }
  out.authenticity.signed_file = std::string(path);
  out.authenticity.signature_file = std::string(path);
  return out;
}

}  // namespace sw::writer
