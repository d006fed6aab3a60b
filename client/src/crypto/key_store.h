// The profile's key file (`<profile>.key`, docs/security.md): the random
// data key that seals the store's rows, kept only wrapped, by a key
// derived from the person's passphrase with Argon2id or by a key the app's
// platform keystore hands over. The file has a fixed size and layout, so
// updates overwrite it in place and a wipe can overwrite every byte of it.
//
// Wrong passphrases are counted in the file; after `max_failures` of them
// in a row the key is destroyed (DestroyKeyFile). The count slows a person
// trying passphrases on the device, not someone who copied the files: that
// one is slowed by Argon2id's cost alone.
//
// Thread-compatible: functions on one path must not run concurrently.
#ifndef HROMADA_CLIENT_SRC_CRYPTO_KEY_STORE_H_
#define HROMADA_CLIENT_SRC_CRYPTO_KEY_STORE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/src/crypto/crypto.h"

namespace hromada::client {

// Argon2id cost. The defaults take about 0.5 s on a low-end phone
// (docs/security.md); tests set the cheapest limits libsodium allows.
struct KdfLimits {
  uint64_t opslimit = 0;  // 0: kDefaultOpslimit
  size_t memlimit = 0;    // bytes; 0: kDefaultMemlimit
};
inline constexpr uint64_t kDefaultOpslimit = 2;
inline constexpr size_t kDefaultMemlimit = size_t{64} << 20;
inline constexpr uint32_t kDefaultMaxFailures = 10;

// What wraps the data key: a passphrase, or else the app's key provider
// (32 bytes).
struct KeyUnlock {
  std::string passphrase;
  std::function<absl::StatusOr<std::string>()> key_provider;
  KdfLimits limits;           // used when wrapping with a passphrase
  uint32_t max_failures = 0;  // used when creating; 0: kDefaultMaxFailures
};

std::string KeyFilePath(const std::string& profile_path);

// Makes a new random data key and writes it, wrapped, to a new key file
// (mode 0600). FAILED_PRECONDITION if the file exists or nothing unlocks;
// INVALID_ARGUMENT for an empty passphrase or a provider key of the wrong
// size.
absl::StatusOr<SecretKey> CreateKeyFile(const std::string& path, const KeyUnlock& unlock);

// Unwraps the data key. A wrong passphrase: PERMISSION_DENIED saying how
// many tries are left (the count is saved first); the last one destroys
// the key file and says so (FAILED_PRECONDITION). NOT_FOUND without a key
// file; DATA_LOSS for a damaged one.
absl::StatusOr<SecretKey> UnlockKeyFile(const std::string& path, const KeyUnlock& unlock);

// Wraps `data_key` anew (a new passphrase, or a provider); the old wrapped
// key is overwritten after the new file is in place.
absl::Status RewrapKeyFile(const std::string& path, const SecretKey& data_key,
                           const KeyUnlock& unlock);

// Crypto-erasure: overwrites the key file, fsyncs it, removes it and
// fsyncs its folder. OK if there is no key file.
absl::Status DestroyKeyFile(const std::string& path);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_CRYPTO_KEY_STORE_H_
