// Encryption at rest of the device store (docs/security.md): each row's
// personal payload is sealed with XChaCha20-Poly1305 (IETF, libsodium)
// under the profile's random 256-bit data key, with associated data that
// names where the row lives (table or purpose, kind, id, device_seq), so a
// sealed value copied into another row fails to open.
//
// Sealed form: a 24-byte nonce, then the ciphertext with its 16-byte tag.
// The nonce is 16 random bytes drawn when the RowCipher is made and an
// 8-byte counter: unique under the key without a system call per row (a
// random nonce per row cost a getrandom() each, a fifth of a pulled
// record's time). Two RowCiphers share a prefix with probability 2^-128.
//
// Thread-safe: the counter is atomic; everything else is immutable.
#ifndef HROMADA_CLIENT_SRC_CRYPTO_CRYPTO_H_
#define HROMADA_CLIENT_SRC_CRYPTO_CRYPTO_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::client {

// 32 secret bytes, wiped from memory when destroyed. Movable, not copyable.
class SecretKey {
 public:
  static constexpr size_t kSize = 32;
  SecretKey();  // all zero
  ~SecretKey();
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;

  static SecretKey Random();
  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::array<unsigned char, kSize> bytes_;
};

// Seals and opens row payloads under one data key (copied in).
class RowCipher {
 public:
  static constexpr size_t kOverhead = 24 + 16;  // nonce + tag

  explicit RowCipher(const SecretKey& key);
  ~RowCipher();
  RowCipher(const RowCipher&) = delete;
  RowCipher& operator=(const RowCipher&) = delete;

  // Replaces *out with the sealed form of `plain`, bound to `ad`.
  void Seal(absl::string_view plain, absl::string_view ad, std::string* out) const;
  std::string Seal(absl::string_view plain, absl::string_view ad) const;
  // Replaces *plain with what `sealed` holds. DATA_LOSS if it was not
  // sealed under this key with this `ad` (damaged, moved or tampered).
  absl::Status Open(absl::string_view sealed, absl::string_view ad, std::string* plain) const;

 private:
  SecretKey key_;
  std::array<unsigned char, 16> nonce_prefix_;
  mutable std::atomic<uint64_t> nonce_counter_{0};
};

// Associated data for each kind of sealed row.
std::string RecordAd(absl::string_view kind, absl::string_view id);
void RecordAd(absl::string_view kind, absl::string_view id, std::string* out);  // reuses *out
std::string ChangeAd(uint64_t device_seq);   // outbox and rejected changes
std::string RefusalAd(uint64_t device_seq);  // the server's message on a refusal
std::string SettingAd(absl::string_view key);
std::string BlobAd(absl::string_view sha256, uint64_t chunk);  // attachment contents

// Makes libsodium ready; INTERNAL if it cannot start (no entropy source).
absl::Status InitSodium();

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_CRYPTO_CRYPTO_H_
