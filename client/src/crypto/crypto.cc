#include "client/src/crypto/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

#include "absl/base/internal/endian.h"
#include "absl/strings/str_cat.h"

namespace hromada::client {
namespace {

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == SecretKey::kSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                  crypto_aead_xchacha20poly1305_ietf_ABYTES ==
              RowCipher::kOverhead);
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

const unsigned char* U(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string SeqAd(absl::string_view purpose, uint64_t seq) {
  char le[8];
  absl::little_endian::Store64(le, seq);
  return absl::StrCat(purpose, absl::string_view(le, sizeof(le)));
}

}  // namespace

absl::Status InitSodium() {
  if (sodium_init() < 0) return absl::InternalError("the crypto library (libsodium) cannot start");
  return absl::OkStatus();
}

SecretKey::SecretKey() { bytes_.fill(0); }
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}
SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  bytes_ = other.bytes_;
  if (this != &other) sodium_memzero(other.bytes_.data(), other.bytes_.size());
  return *this;
}

SecretKey SecretKey::Random() {
  SecretKey key;
  randombytes_buf(key.data(), kSize);
  return key;
}

RowCipher::RowCipher(const SecretKey& key) {
  std::copy(key.data(), key.data() + SecretKey::kSize, key_.data());
  randombytes_buf(nonce_prefix_.data(), nonce_prefix_.size());
}
RowCipher::~RowCipher() = default;

void RowCipher::Seal(absl::string_view plain, absl::string_view ad, std::string* out) const {
  out->resize(plain.size() + kOverhead);
  auto* o = reinterpret_cast<unsigned char*>(out->data());
  std::copy(nonce_prefix_.begin(), nonce_prefix_.end(), o);
  absl::little_endian::Store64(o + nonce_prefix_.size(), nonce_counter_.fetch_add(1) + 1);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(o + kNonce, &written, U(plain), plain.size(), U(ad),
                                             ad.size(), nullptr, o, key_.data());
}

std::string RowCipher::Seal(absl::string_view plain, absl::string_view ad) const {
  std::string out;
  Seal(plain, ad, &out);
  return out;
}

absl::Status RowCipher::Open(absl::string_view sealed, absl::string_view ad,
                             std::string* plain) const {
  if (sealed.size() < kOverhead) {
    return absl::DataLossError("an encrypted value in the local profile is damaged");
  }
  plain->resize(sealed.size() - kOverhead);
  unsigned long long written = 0;
  const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain->data()), &written, nullptr, U(sealed) + kNonce,
      sealed.size() - kNonce, U(ad), ad.size(), U(sealed), key_.data());
  if (rc != 0) {
    plain->clear();
    return absl::DataLossError(
        "an encrypted value in the local profile does not open with its key (damaged or altered)");
  }
  return absl::OkStatus();
}

std::string RecordAd(absl::string_view kind, absl::string_view id) {
  std::string ad;
  RecordAd(kind, id, &ad);
  return ad;
}

void RecordAd(absl::string_view kind, absl::string_view id, std::string* out) {
  out->assign("record:");
  out->append(kind.data(), kind.size());
  out->push_back(':');
  out->append(id.data(), id.size());
}
std::string ChangeAd(uint64_t device_seq) { return SeqAd("change:", device_seq); }
std::string RefusalAd(uint64_t device_seq) { return SeqAd("refusal:", device_seq); }
std::string SettingAd(absl::string_view key) { return absl::StrCat("setting:", key); }

std::string BlobAd(absl::string_view sha256, uint64_t chunk) {
  return absl::StrCat("blob:", sha256, ":", chunk);
}

}  // namespace hromada::client
