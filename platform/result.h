#pragma once
/// The one error style of stickwright: a Result<T> holding either a value or an Error that says
/// what failed, on which path, and why (errno text), in the manner of std::expected. C++20 with
/// our own small type, so clang 14's tools can parse every file.

#include <cerrno>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace sw {

/// What kind of failure this is; front ends map kinds to exit codes.
enum class ErrorKind {
  kUsage,           ///< bad command line
  kInput,           ///< the image or a checksum file cannot be read or understood
  kNoExpectedHash,  ///< no expected hash was found or given
  kHashMismatch,    ///< the image's digest differs from the expected one
  kTargetRefused,   ///< safety: the target may not be written (too small, busy, not confirmed)
  kTargetIo,        ///< reading or writing the target failed
  kVerifyFailed,    ///< the target does not hold the verified bytes
  kInterrupted,     ///< the user stopped the job
  kNotAuthentic,  ///< a signature failed, or one was required and the image has none that verifies
  kBadStick,  ///< the stick's check found it counterfeit (less capacity than announced) or failing
};

/// What the user can do to get past a refusal. The engine states the fact in Error::message in
/// words that name no flag and no key, and names the way past it here as a value; each front end
/// words it with its own flag or key (tui/cli/words.h, tui/screen/words.h).
enum class Remedy {
  kNone,
  kAllowNonRemovable,  ///< allow drives that are not USB sticks or SD cards
  kWriteRawAnyway,     ///< an image that cannot boot from USB may still be written raw
  kGiveExpectedHash,   ///< no expected digest: give one or a checksum list, or go unverified
  kGiveHashInstead,    ///< the checksum list cannot be used for this image: give the digest
  kAllowHardDisk,      ///< a drive that looks like a hard disk needs an explicit second consent
  kSeeDrives,          ///< the target names no drive: look at the drives there are
  kAddPublisherKey,    ///< signed by a key in no keyring (or unsigned): add the publisher's key
  kCheckStick,         ///< the stick looks counterfeit: check its real capacity
};

/// Every Remedy, for tests that word each one in every front end.
inline constexpr Remedy kAllRemedies[] = {Remedy::kNone,
                                          Remedy::kAllowNonRemovable,
                                          Remedy::kWriteRawAnyway,
                                          Remedy::kGiveExpectedHash,
                                          Remedy::kGiveHashInstead,
                                          Remedy::kAllowHardDisk,
                                          Remedy::kSeeDrives,
                                          Remedy::kAddPublisherKey,
                                          Remedy::kCheckStick};

/// A failure with its context. `message` is complete and human-readable on its own, and names no
/// command-line flag or key: `remedy` says how to get past it, worded by each front end.
struct Error {
  ErrorKind kind = ErrorKind::kInput;
  std::string message;
  int sys_errno = 0;  ///< errno of the failing system call, 0 when none
  Remedy remedy = Remedy::kNone;

  /// Builds "WHAT PATH: strerror(err)" from a failed system call.
  static Error from_errno(ErrorKind kind, std::string_view what, std::string_view path, int err);
};

/// Tag to construct a failed Result.
struct Failure {
  Error error;
};

/// Makes a Failure that converts into any Result<T>.
inline Failure fail(ErrorKind kind, std::string message, int sys_errno = 0) {
  return Failure{Error{kind, std::move(message), sys_errno}};
}
inline Failure fail(Error error) { return Failure{std::move(error)}; }
/// Makes a Failure that the user can get past in the way `remedy` names.
inline Failure fail(ErrorKind kind, std::string message, Remedy remedy) {
  return Failure{Error{kind, std::move(message), 0, remedy}};
}

/// Either a T or an Error. [[nodiscard]] so that an ignored failure is a compile error under
/// -Werror.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}      // NOLINT implicit
  Result(Failure f) : m_state(std::in_place_index<1>, std::move(f.error)) {}  // NOLINT implicit

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(m_state); }
  Error&& error() && { return std::get<1>(std::move(m_state)); }
  /// Forwards the error of a failed Result into another Result type.
  Failure failure() const { return Failure{error()}; }

 private:
  std::variant<T, Error> m_state;
};

/// Result of an operation that returns nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure f) : m_error(std::move(f.error)), m_ok(false) {}  // NOLINT implicit

  bool ok() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const& { return m_error; }
  Error&& error() && { return std::move(m_error); }
  Failure failure() const { return Failure{m_error}; }

 private:
  Error m_error;
  bool m_ok = true;
};

/// Shorthand for a successful Result<void>.
inline Result<void> ok() { return {}; }

}  // namespace sw
