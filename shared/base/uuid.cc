#include "shared/base/uuid.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace hromada {

void SecureRandom(void* out, size_t size) {
  if (RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(size)) != 1) std::abort();
}

void Uuid::SetVersion(int version) {
  bytes_[6] = static_cast<uint8_t>((bytes_[6] & 0x0f) | (version << 4));
  bytes_[8] = static_cast<uint8_t>((bytes_[8] & 0x3f) | 0x80);  // RFC 9562 variant
}

Uuid Uuid::V4() {
  Uuid id;
  SecureRandom(id.bytes_.data(), kSize);
  id.SetVersion(4);
  return id;
}

Uuid Uuid::V7(int64_t unix_ms) {
  Uuid id;
  SecureRandom(id.bytes_.data(), kSize);
  for (int i = 0; i < 6; ++i) id.bytes_[i] = static_cast<uint8_t>(unix_ms >> (8 * (5 - i)));
  id.SetVersion(7);
  return id;
}

Uuid Uuid::V5(const Uuid& name_space, absl::string_view name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, name_space.bytes_.data(), kSize);
  EVP_DigestUpdate(ctx, name.data(), name.size());
  EVP_DigestFinal_ex(ctx, digest, &digest_size);
  EVP_MD_CTX_free(ctx);
  Uuid id;
  std::memcpy(id.bytes_.data(), digest, kSize);
  id.SetVersion(5);
  return id;
}

absl::StatusOr<Uuid> Uuid::FromBytes(absl::string_view bytes) {
  if (bytes.size() != kSize) {
    return absl::InvalidArgumentError(absl::StrCat("an id must be 16 bytes, not ", bytes.size()));
  }
  Uuid id;
  std::memcpy(id.bytes_.data(), bytes.data(), kSize);
  return id;
}

absl::StatusOr<Uuid> Uuid::Parse(absl::string_view text) {
  // 8-4-4-4-12 with hyphens exactly there, or 32 bare hex digits.
  std::string hex;
  bool ok = text.size() == 36 || text.size() == 2 * kSize;
  for (size_t i = 0; ok && i < text.size(); ++i) {
    const bool hyphen_here = text.size() == 36 && (i == 8 || i == 13 || i == 18 || i == 23);
    if (hyphen_here) {
      ok = text[i] == '-';
    } else {
      ok = std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
      hex.push_back(text[i]);
    }
  }
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an id (a UUID)"));
  return FromBytes(absl::HexStringToBytes(hex));
}

std::string Uuid::ToString() const {
  const std::string hex = absl::BytesToHexString(bytes());
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

bool Uuid::is_nil() const {
  for (uint8_t b : bytes_) {
    if (b != 0) return false;
  }
  return true;
}

const Uuid& HromadaNamespace() {
  // A fixed v4 id chosen once for this project; never change it, or every
  // derived id (attendance, communities) changes with it.
  static const Uuid* ns = new Uuid(*Uuid::Parse("6f1c2a3e-8b4d-4c59-9a7e-2d5b0f6e1c48"));
  return *ns;
}

std::string IdToString(absl::string_view bytes) {
  absl::StatusOr<Uuid> id = Uuid::FromBytes(bytes);
  return id.ok() ? id->ToString() : "<invalid id>";
}

}  // namespace hromada
