// SHA-256 (libsodium's crypto_hash_sha256) as attachments name their
// content: 64 lower-case hex digits. Thread-compatible.
#ifndef HROMADA_SHARED_BASE_SHA256_H_
#define HROMADA_SHARED_BASE_SHA256_H_

#include <sodium.h>

#include <string>

#include "absl/strings/string_view.h"

namespace hromada {

// A digest fed piece by piece, for contents that never sit whole in memory.
class Sha256 {
 public:
  Sha256();
  void Update(absl::string_view bytes);
  // The digest in hex; the object must not be used after.
  std::string HexDigest();

 private:
  crypto_hash_sha256_state state_;
};

std::string Sha256Hex(absl::string_view bytes);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_SHA256_H_
