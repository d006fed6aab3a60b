#include "server/sync/auth.h"

#include <openssl/evp.h>

#include <cctype>

#include "absl/strings/escaping.h"
#include "shared/base/uuid.h"

namespace hromada::server {
namespace {
constexpr absl::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
}  // namespace

std::string NewToken() {
  unsigned char bytes[32];
  SecureRandom(bytes, sizeof(bytes));
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<char*>(bytes), sizeof(bytes)));
}

std::string NewEnrolmentCode() {
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code.push_back('-');
    uint8_t b;
    // Rejection sampling keeps every character equally likely.
    do SecureRandom(&b, 1);
    while (b >= 256 - 256 % kCodeAlphabet.size());
    code.push_back(kCodeAlphabet[b % kCodeAlphabet.size()]);
  }
  return code;
}

std::string NormalizeCode(absl::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string HashSecret(absl::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(secret.data(), secret.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
}

}  // namespace hromada::server
