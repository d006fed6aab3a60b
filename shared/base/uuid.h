// 128-bit record and device ids (RFC 9562): v4 random, v7 time-ordered,
// v5 name-based (SHA-1). On the wire an id is its 16 raw bytes.
#ifndef HROMADA_SHARED_BASE_UUID_H_
#define HROMADA_SHARED_BASE_UUID_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

// A value type; thread-compatible.
class Uuid {
 public:
  static constexpr size_t kSize = 16;

  Uuid() : bytes_{} {}  // the nil id

  static Uuid V4();
  static Uuid V7(int64_t unix_ms);
  static Uuid V5(const Uuid& name_space, absl::string_view name);

  // From 16 raw bytes; INVALID_ARGUMENT for any other length.
  static absl::StatusOr<Uuid> FromBytes(absl::string_view bytes);
  // From the canonical text form (8-4-4-4-12 hex, any case) or 32 hex digits.
  static absl::StatusOr<Uuid> Parse(absl::string_view text);

  std::string bytes() const { return std::string(bytes_.begin(), bytes_.end()); }
  std::string ToString() const;  // canonical lower-case text form
  bool is_nil() const;
  int version() const { return bytes_[6] >> 4; }

  friend bool operator==(const Uuid& a, const Uuid& b) { return a.bytes_ == b.bytes_; }
  friend bool operator!=(const Uuid& a, const Uuid& b) { return !(a == b); }
  friend bool operator<(const Uuid& a, const Uuid& b) { return a.bytes_ < b.bytes_; }

 private:
  void SetVersion(int version);
  std::array<uint8_t, kSize> bytes_;
};

// The namespace of hromada's name-based ids (attendance, communities).
const Uuid& HromadaNamespace();

// The canonical text form of 16 raw bytes, or "<invalid id>" for other lengths.
std::string IdToString(absl::string_view bytes);

// Cryptographically secure random bytes (OpenSSL). Aborts if the system
// cannot supply them: an id or token from a weak source would be worse.
void SecureRandom(void* out, size_t size);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_UUID_H_
