#include "shared/base/sha256.h"

namespace hromada {

Sha256::Sha256() {
  // sodium_init is idempotent and thread-safe; SHA-256 needs no entropy,
  // but libsodium asks to be initialised before any of its calls.
  if (sodium_init() < 0) {
    // Only for its random sources; SHA-256 itself cannot fail.
  }
  crypto_hash_sha256_init(&state_);
}

void Sha256::Update(absl::string_view bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return std::string(hex, 2 * crypto_hash_sha256_BYTES);
}

std::string Sha256Hex(absl::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

}  // namespace hromada
