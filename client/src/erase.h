// Erasing a device profile from the disk, for a wipe the server ordered.
// Today it removes the profile's files (the database, its WAL, shared
// memory and journal); with the encrypted store it becomes crypto-erasure
// (destroy the wrapped key first), behind this same function.
//
// The profile must be closed (no Store open on it) when it is called.
#ifndef HROMADA_CLIENT_SRC_ERASE_H_
#define HROMADA_CLIENT_SRC_ERASE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::client {

// Removes every file of the profile at `path`. A file that is already
// gone is fine. INTERNAL, naming the file, if one cannot be removed.
absl::Status EraseProfile(const std::string& path);

// The reason in a wipe order (docs/protocol.md: PERMISSION_DENIED with a
// message "hromada-wipe: <reason>"), or "" if `status` is no wipe order.
std::string WipeReason(const absl::Status& status);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_ERASE_H_
