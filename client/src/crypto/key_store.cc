#include "client/src/crypto/key_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/base/internal/endian.h"
#include "absl/strings/str_cat.h"

namespace hromada::client {
namespace {

// Layout (little-endian): magic[8] method[1] pad[3] failures[4]
// max_failures[4] pad[4] opslimit[8] memlimit[8] salt[16] nonce[24]
// wrapped[48]. Everything but the count, nonce and wrapped key is bound to
// the wrapped key as associated data.
constexpr char kMagic[8] = {'H', 'R', 'M', 'D', 'K', 'E', 'Y', 1};
constexpr size_t kFailuresAt = 12, kMaxAt = 16, kOpsAt = 24, kMemAt = 32, kSaltAt = 40,
                 kNonceAt = 56, kWrappedAt = 80, kFileSize = 128;
constexpr unsigned char kPassphrase = 1, kProvider = 2;
static_assert(crypto_pwhash_SALTBYTES == kNonceAt - kSaltAt);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kWrappedAt - kNonceAt);
static_assert(kWrappedAt + SecretKey::kSize + crypto_aead_xchacha20poly1305_ietf_ABYTES ==
              kFileSize);

using Bytes = std::array<unsigned char, kFileSize>;

std::string Ad(const Bytes& f) {
  std::string ad(reinterpret_cast<const char*>(f.data()), kFailuresAt);
  ad.append(reinterpret_cast<const char*>(f.data()) + kMaxAt, kNonceAt - kMaxAt);
  return ad;
}

absl::Status Errno(absl::string_view doing, const std::string& path) {
  const int e = errno;
  const std::string what = absl::StrCat("cannot ", doing, " ", path, ": ", std::strerror(e));
  if (e == ENOSPC) return absl::ResourceExhaustedError(what);
  return absl::FailedPreconditionError(what);
}

absl::Status SyncFolder(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open the folder of", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? absl::OkStatus() : Errno("sync the folder of", path);
}

// Writes `size` bytes at `offset` and fsyncs.
absl::Status WriteAt(int fd, const void* data, size_t size, off_t offset, const std::string& path) {
  if (::pwrite(fd, data, size, offset) != static_cast<ssize_t>(size) || ::fsync(fd) != 0) {
    return Errno("write", path);
  }
  return absl::OkStatus();
}

// Writes a whole new key file through a temporary one and a rename, so a
// crash leaves the old file or the new one, never half of one.
absl::Status WriteNew(const std::string& path, const Bytes& f) {
  const std::string tmp = path + ".new";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("create", tmp);
  absl::Status s = WriteAt(fd, f.data(), f.size(), 0, tmp);
  ::close(fd);
  if (!s.ok()) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("rename", tmp);
  return SyncFolder(path);
}

absl::StatusOr<Bytes> Read(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("there is no key file ", path));
    return Errno("open", path);
  }
  Bytes f;
  const ssize_t n = ::read(fd, f.data(), f.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(f.size()) || std::memcmp(f.data(), kMagic, sizeof(kMagic)) != 0) {
    return absl::DataLossError(absl::StrCat("the key file ", path, " is damaged"));
  }
  return f;
}

// The key that wraps the data key: Argon2id of the passphrase, or the
// provider's key.
absl::StatusOr<SecretKey> WrappingKey(const Bytes& f, const KeyUnlock& unlock) {
  SecretKey kek;
  if (f[8] == kProvider) {
    if (!unlock.key_provider) {
      return absl::FailedPreconditionError(
          "this profile is locked by the app's keystore; open it with a key provider");
    }
    absl::StatusOr<std::string> key = unlock.key_provider();
    if (!key.ok()) return key.status();
    if (key->size() != SecretKey::kSize) {
      return absl::InvalidArgumentError("the key provider must give 32 bytes");
    }
    std::memcpy(kek.data(), key->data(), SecretKey::kSize);
    sodium_memzero(key->data(), key->size());
    return kek;
  }
  if (unlock.passphrase.empty()) {
    return absl::FailedPreconditionError("this profile is locked; give its passphrase");
  }
  const uint64_t ops = absl::little_endian::Load64(f.data() + kOpsAt);
  const uint64_t mem = absl::little_endian::Load64(f.data() + kMemAt);
  if (crypto_pwhash(kek.data(), SecretKey::kSize, unlock.passphrase.data(),
                    unlock.passphrase.size(), f.data() + kSaltAt, ops, mem,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "not enough memory to derive the key from the passphrase (", mem >> 20, " MiB needed)"));
  }
  return kek;
}

// A new file's bytes: the header for `unlock` and `data_key` wrapped.
absl::StatusOr<Bytes> Wrap(const SecretKey& data_key, const KeyUnlock& unlock,
                           uint32_t max_failures) {
  Bytes f{};
  std::memcpy(f.data(), kMagic, sizeof(kMagic));
  f[8] = unlock.passphrase.empty() ? kProvider : kPassphrase;
  if (f[8] == kProvider && !unlock.key_provider) {
    return absl::FailedPreconditionError("give a passphrase or a key provider to lock the profile");
  }
  absl::little_endian::Store32(f.data() + kMaxAt, max_failures);
  absl::little_endian::Store64(f.data() + kOpsAt,
                               unlock.limits.opslimit ? unlock.limits.opslimit : kDefaultOpslimit);
  absl::little_endian::Store64(f.data() + kMemAt,
                               unlock.limits.memlimit ? unlock.limits.memlimit : kDefaultMemlimit);
  randombytes_buf(f.data() + kSaltAt, kNonceAt - kSaltAt);
  randombytes_buf(f.data() + kNonceAt, kWrappedAt - kNonceAt);
  absl::StatusOr<SecretKey> kek = WrappingKey(f, unlock);
  if (!kek.ok()) return kek.status();
  const std::string ad = Ad(f);
  crypto_aead_xchacha20poly1305_ietf_encrypt(f.data() + kWrappedAt, nullptr, data_key.data(),
                                             SecretKey::kSize,
                                             reinterpret_cast<const unsigned char*>(ad.data()),
                                             ad.size(), nullptr, f.data() + kNonceAt, kek->data());
  return f;
}

// A wrong passphrase: counts it, or destroys the key at the limit.
absl::Status CountFailure(const std::string& path, Bytes& f) {
  const uint32_t failures = absl::little_endian::Load32(f.data() + kFailuresAt) + 1;
  const uint32_t max = absl::little_endian::Load32(f.data() + kMaxAt);
  if (max != 0 && failures >= max) {
    if (absl::Status s = DestroyKeyFile(path); !s.ok()) return s;
    return absl::FailedPreconditionError(absl::StrCat(
        "wrong passphrase ", failures,
        " times in a row: the key is destroyed and the data on this device can no longer be "
        "read; remove the profile (hromada wipe) and enrol again"));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Errno("open", path);
  unsigned char le[4];
  absl::little_endian::Store32(le, failures);
  absl::Status s = WriteAt(fd, le, sizeof(le), kFailuresAt, path);
  ::close(fd);
  if (!s.ok()) return s;
  std::string left;
  if (max != 0 && max - failures <= 3) {
    left = absl::StrCat("; WARNING: ", max - failures, max - failures == 1 ? " try" : " tries",
                        " left before the key on this device is destroyed and its data lost");
  }
  return absl::PermissionDeniedError(absl::StrCat("wrong passphrase", left));
}

}  // namespace

std::string KeyFilePath(const std::string& profile_path) { return profile_path + ".key"; }

absl::StatusOr<SecretKey> CreateKeyFile(const std::string& path, const KeyUnlock& unlock) {
  if (absl::Status s = InitSodium(); !s.ok()) return s;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    return absl::FailedPreconditionError(absl::StrCat("the key file ", path, " exists already"));
  }
  SecretKey data_key = SecretKey::Random();
  absl::StatusOr<Bytes> f =
      Wrap(data_key, unlock, unlock.max_failures ? unlock.max_failures : kDefaultMaxFailures);
  if (!f.ok()) return f.status();
  if (absl::Status s = WriteNew(path, *f); !s.ok()) return s;
  return data_key;
}

absl::StatusOr<SecretKey> UnlockKeyFile(const std::string& path, const KeyUnlock& unlock) {
  if (absl::Status s = InitSodium(); !s.ok()) return s;
  absl::StatusOr<Bytes> f = Read(path);
  if (!f.ok()) return f.status();
  absl::StatusOr<SecretKey> kek = WrappingKey(*f, unlock);
  if (!kek.ok()) return kek.status();
  const std::string ad = Ad(*f);
  SecretKey data_key;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          data_key.data(), nullptr, nullptr, f->data() + kWrappedAt, kFileSize - kWrappedAt,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), f->data() + kNonceAt,
          kek->data()) != 0) {
    if ((*f)[8] == kProvider) {
      return absl::FailedPreconditionError(
          "the key from the app's keystore does not open this profile");
    }
    return CountFailure(path, *f);
  }
  if (absl::little_endian::Load32(f->data() + kFailuresAt) != 0) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Errno("open", path);
    const unsigned char zero[4] = {0, 0, 0, 0};
    absl::Status s = WriteAt(fd, zero, sizeof(zero), kFailuresAt, path);
    ::close(fd);
    if (!s.ok()) return s;
  }
  return data_key;
}

absl::Status RewrapKeyFile(const std::string& path, const SecretKey& data_key,
                           const KeyUnlock& unlock) {
  absl::StatusOr<Bytes> old = Read(path);
  if (!old.ok()) return old.status();
  absl::StatusOr<Bytes> f =
      Wrap(data_key, unlock, absl::little_endian::Load32(old->data() + kMaxAt));
  if (!f.ok()) return f.status();
  // Keep the old inode open to overwrite it once the new file has replaced it.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Errno("open", path);
  absl::Status s = WriteNew(path, *f);
  if (s.ok()) {
    Bytes zero{};
    s = WriteAt(fd, zero.data(), zero.size(), 0, path);
  }
  ::close(fd);
  return s;
}

absl::Status DestroyKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? absl::OkStatus() : Errno("open", path);
  Bytes noise;
  randombytes_buf(noise.data(), noise.size());
  absl::Status s = WriteAt(fd, noise.data(), noise.size(), 0, path);
  Bytes zero{};
  if (s.ok()) s = WriteAt(fd, zero.data(), zero.size(), 0, path);
  ::close(fd);
  if (!s.ok()) return s;
  if (::unlink(path.c_str()) != 0) return Errno("remove", path);
  return SyncFolder(path);
}

}  // namespace hromada::client
