// Erasing a device profile from the disk, for a wipe the server ordered:
// crypto-erasure. The wrapped data key is overwritten, fsynced and removed
// first (key_store.h), then the profile's files (the database, its WAL,
// shared memory and journal).
//
// The profile must be closed (no Store open on it) when it is called.
#ifndef HROMADA_CLIENT_SRC_CRYPTO_ERASE_H_
#define HROMADA_CLIENT_SRC_CRYPTO_ERASE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::client {

// Destroys the key of the profile at `path`, then removes its files. A
// file that is already gone is fine. INTERNAL, naming the file, if one
// cannot be removed.
absl::Status EraseProfile(const std::string& path);

// The reason in a wipe order (docs/protocol.md: PERMISSION_DENIED with a
// message "hromada-wipe: <reason>"), or "" if `status` is no wipe order.
std::string WipeReason(const absl::Status& status);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_CRYPTO_ERASE_H_
