// The bundle envelope both replicas run (proto/hromada/v1/bundle.proto,
// docs/protocol.md "Bundles"): sign with the sender's Ed25519 key, then
// seal (crypto_box_seal) to the receiver's X25519 key; on the other side
// open, then verify before anything in the body is used. What a bundle
// carries and how it is applied is each side's (client/src/sync/bundle.cc,
// server/sync/bundle.cc).
//
// Stateless functions; thread-safe (libsodium is initialised on first use).
#ifndef HROMADA_SHARED_SYNC_BUNDLE_H_
#define HROMADA_SHARED_SYNC_BUNDLE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/bundle.pb.h"
#include "hromada/v1/bundle_keys.pb.h"

namespace hromada::bundle {

inline constexpr uint32_t kVersion = 1;
// A bundle larger than this is refused unread (a stick can carry junk).
inline constexpr size_t kMaxFileBytes = size_t{256} << 20;

// A new pair of keys (signing and box) for one side. INTERNAL if libsodium
// cannot start.
absl::StatusOr<v1::BundleSecrets> NewKeys();
// The same, derived from a 32-byte `seed`: for tests and fuzz seeds only,
// whose files must open with keys known in advance. INVALID_ARGUMENT for
// another length.
absl::StatusOr<v1::BundleSecrets> KeysFromSeed(absl::string_view seed);

// Whether `keys` holds public keys of the right sizes.
bool ValidPublicKeys(const v1::BundleKeys& keys);

// The file bytes of a bundle: `body` signed by `signer` (a device id, or ""
// for the server) with `own`'s signing key and sealed to `receiver`.
// INVALID_ARGUMENT for keys of the wrong size.
absl::StatusOr<std::string> Seal(v1::BundleDirection direction, absl::string_view signer,
                                 absl::string_view body, const v1::BundleSecrets& own,
                                 const v1::BundleKeys& receiver);

// Opens a bundle file sealed to `own`; the signature is NOT checked yet
// (the receiver looks up the signer's keys, then calls Verify).
// INVALID_ARGUMENT if it is not a bundle, was not sealed to these keys,
// was damaged, or goes the other way; FAILED_PRECONDITION for a format
// version this build does not read.
absl::StatusOr<v1::SignedBundle> Open(absl::string_view file, v1::BundleDirection direction,
                                      const v1::BundleSecrets& own);

// PERMISSION_DENIED unless `signed_bundle` was signed with `signer_keys`
// for `direction`: a tampered or forged bundle.
absl::Status Verify(const v1::SignedBundle& signed_bundle, v1::BundleDirection direction,
                    const v1::BundleKeys& signer_keys);

// A verified body, parsed and checked for shape (ids of 16 bytes, a
// device id that matches the signer). INVALID_ARGUMENT otherwise.
absl::StatusOr<v1::DeviceBundle> ParseDeviceBundle(const v1::SignedBundle& signed_bundle);
absl::StatusOr<v1::ServerBundle> ParseServerBundle(const v1::SignedBundle& signed_bundle);

// Reads a bundle file: NOT_FOUND if absent, INVALID_ARGUMENT if larger
// than kMaxFileBytes, FAILED_PRECONDITION if unreadable.
absl::StatusOr<std::string> ReadFile(const std::string& path);
// Writes `bytes` to `path` (mode 0600) through a temporary file renamed
// into place, fsynced, so a pulled stick never holds half a bundle.
// FAILED_PRECONDITION if it cannot be written.
absl::Status WriteFile(const std::string& path, absl::string_view bytes);

}  // namespace hromada::bundle

#endif  // HROMADA_SHARED_SYNC_BUNDLE_H_
