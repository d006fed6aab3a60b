#include "shared/sync/bundle.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "shared/base/uuid.h"

namespace hromada::bundle {
namespace {

constexpr char kContext[] = "hromada-bundle-v1";

absl::Status Init() {
  if (sodium_init() < 0) return absl::InternalError("libsodium cannot start (no entropy source?)");
  return absl::OkStatus();
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// What the signature covers: the context, the direction and the signer as
// well as the body, so a body cannot be replayed the other way or as
// another device's.
std::string SignedPart(v1::BundleDirection direction, absl::string_view signer,
                       absl::string_view body) {
  return absl::StrCat(kContext, std::string(1, static_cast<char>(direction)),
                      std::string(1, static_cast<char>(signer.size())), signer, body);
}

absl::string_view Receiver(v1::BundleDirection direction) {
  return direction == v1::BUNDLE_DIRECTION_TO_SERVER ? "the server" : "this device";
}

// Keys from `seed` (32 bytes), or random ones when it is empty.
absl::StatusOr<v1::BundleSecrets> MakeKeys(absl::string_view seed) {
  if (absl::Status s = Init(); !s.ok()) return s;
  std::string sign_pk(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string sign_sk(crypto_sign_SECRETKEYBYTES, '\0');
  std::string box_pk(crypto_box_PUBLICKEYBYTES, '\0');
  std::string box_sk(crypto_box_SECRETKEYBYTES, '\0');
  auto out = [](std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); };
  if (seed.empty()) {
    crypto_sign_keypair(out(sign_pk), out(sign_sk));
    crypto_box_keypair(out(box_pk), out(box_sk));
  } else {
    crypto_sign_seed_keypair(out(sign_pk), out(sign_sk), Bytes(seed));
    crypto_box_seed_keypair(out(box_pk), out(box_sk), Bytes(seed));
  }
  v1::BundleSecrets keys;
  keys.mutable_public_keys()->set_sign_public_key(sign_pk);
  keys.mutable_public_keys()->set_box_public_key(box_pk);
  keys.set_sign_secret_key(sign_sk);
  keys.set_box_secret_key(box_sk);
  sodium_memzero(sign_sk.data(), sign_sk.size());
  sodium_memzero(box_sk.data(), box_sk.size());
  return keys;
}

}  // namespace

absl::StatusOr<v1::BundleSecrets> NewKeys() { return MakeKeys(""); }

absl::StatusOr<v1::BundleSecrets> KeysFromSeed(absl::string_view seed) {
  static_assert(crypto_sign_SEEDBYTES == 32 && crypto_box_SEEDBYTES == 32);
  if (seed.size() != 32) return absl::InvalidArgumentError("a key seed has 32 bytes");
  return MakeKeys(seed);
}

bool ValidPublicKeys(const v1::BundleKeys& keys) {
  return keys.sign_public_key().size() == crypto_sign_PUBLICKEYBYTES &&
         keys.box_public_key().size() == crypto_box_PUBLICKEYBYTES;
}

absl::StatusOr<std::string> Seal(v1::BundleDirection direction, absl::string_view signer,
                                 absl::string_view body, const v1::BundleSecrets& own,
                                 const v1::BundleKeys& receiver) {
  if (absl::Status s = Init(); !s.ok()) return s;
  if (own.sign_secret_key().size() != crypto_sign_SECRETKEYBYTES || !ValidPublicKeys(receiver)) {
    return absl::InvalidArgumentError("the bundle keys are missing or damaged");
  }
  v1::SignedBundle signed_bundle;
  signed_bundle.set_signer(std::string(signer));
  signed_bundle.set_body(std::string(body));
  const std::string part = SignedPart(direction, signer, body);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, Bytes(part),
                       part.size(), Bytes(own.sign_secret_key()));
  signed_bundle.set_signature(signature);
  const std::string plain = signed_bundle.SerializeAsString();
  std::string sealed(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), Bytes(plain), plain.size(),
                  Bytes(receiver.box_public_key()));
  v1::BundleFile file;
  file.set_version(kVersion);
  file.set_direction(direction);
  file.set_sealed(std::move(sealed));
  return file.SerializeAsString();
}

absl::StatusOr<v1::SignedBundle> Open(absl::string_view bytes, v1::BundleDirection direction,
                                      const v1::BundleSecrets& own) {
  if (absl::Status s = Init(); !s.ok()) return s;
  v1::BundleFile file;
  if (bytes.size() > kMaxFileBytes ||
      !file.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) || file.version() == 0) {
    return absl::InvalidArgumentError("this file is not a hromada bundle");
  }
  if (file.version() > kVersion) {
    return absl::FailedPreconditionError(absl::StrCat("this bundle has format version ",
                                                      file.version(), "; this hromada reads ",
                                                      kVersion, ": update it"));
  }
  if (file.direction() != direction) {
    return absl::InvalidArgumentError(
        absl::StrCat("this bundle is not for ", Receiver(direction), " (it goes the other way)"));
  }
  if (own.box_secret_key().size() != crypto_box_SECRETKEYBYTES ||
      own.public_keys().box_public_key().size() != crypto_box_PUBLICKEYBYTES) {
    return absl::FailedPreconditionError("this side has no bundle keys");
  }
  const std::string& sealed = file.sealed();
  std::string plain(sealed.size() < crypto_box_SEALBYTES ? 0 : sealed.size() - crypto_box_SEALBYTES,
                    '\0');
  v1::SignedBundle signed_bundle;
  if (sealed.size() < crypto_box_SEALBYTES ||
      crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), Bytes(sealed),
                           sealed.size(), Bytes(own.public_keys().box_public_key()),
                           Bytes(own.box_secret_key())) != 0 ||
      !signed_bundle.ParseFromString(plain)) {
    return absl::InvalidArgumentError(
        absl::StrCat("this bundle was damaged or altered, or was not made for ",
                     Receiver(direction), "; nothing was applied"));
  }
  sodium_memzero(plain.data(), plain.size());
  return signed_bundle;
}

absl::Status Verify(const v1::SignedBundle& signed_bundle, v1::BundleDirection direction,
                    const v1::BundleKeys& signer_keys) {
  if (absl::Status s = Init(); !s.ok()) return s;
  const std::string part = SignedPart(direction, signed_bundle.signer(), signed_bundle.body());
  if (!ValidPublicKeys(signer_keys) || signed_bundle.signature().size() != crypto_sign_BYTES ||
      signed_bundle.signer().size() > 255 ||
      crypto_sign_verify_detached(Bytes(signed_bundle.signature()), Bytes(part), part.size(),
                                  Bytes(signer_keys.sign_public_key())) != 0) {
    return absl::PermissionDeniedError(
        "this bundle's signature does not match its sender's key: it was altered or forged; "
        "nothing was applied");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::DeviceBundle> ParseDeviceBundle(const v1::SignedBundle& signed_bundle) {
  v1::DeviceBundle body;
  if (!body.ParseFromString(signed_bundle.body()) || body.device_id().size() != Uuid::kSize ||
      body.device_id() != signed_bundle.signer()) {
    return absl::InvalidArgumentError("the device's bundle is malformed");
  }
  return body;
}

absl::StatusOr<v1::ServerBundle> ParseServerBundle(const v1::SignedBundle& signed_bundle) {
  v1::ServerBundle body;
  if (!body.ParseFromString(signed_bundle.body()) || body.device_id().size() != Uuid::kSize ||
      !signed_bundle.signer().empty() || body.next_cursor() < body.from_cursor()) {
    return absl::InvalidArgumentError("the server's bundle is malformed");
  }
  return body;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is too large to be a hromada bundle"));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  return bytes.str();
}

absl::Status WriteFile(const std::string& path, absl::string_view bytes) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  auto fail = [&](const char* what) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    return absl::FailedPreconditionError(absl::StrCat("cannot ", what, " ", path, ": ", why));
  };
  if (fd < 0) return fail("create");
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("write");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace hromada::bundle
