// Bundles on the device (docs/protocol.md "Bundles"): the outbox and the
// pull cursor written as a file for the server, and the server's answer
// applied as a sync would apply it: acks drop changes from the outbox,
// refusals move them aside and undo them (Store::Ack), records merge in as
// a pulled page (Store::ApplyPage) and the cursor moves on.
//
// Thread-safe as the Store is; the caller keeps a Sync from running at the
// same time (Client holds its sync lock).
#ifndef HROMADA_CLIENT_SRC_SYNC_BUNDLE_H_
#define HROMADA_CLIENT_SRC_SYNC_BUNDLE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/store/store.h"
#include "hromada/v1/bundle_keys.pb.h"
#include "shared/base/clock.h"

namespace hromada::client {

// New bundle keys for an enrolment (their public half goes to the server).
absl::StatusOr<v1::BundleSecrets> NewBundleKeys();

struct BundleCounts {
  uint64_t changes = 0;  // export: changes written
  uint64_t acked = 0;    // import: changes that left the outbox
  uint64_t refused = 0;  // import: of those, refused (see Client::Rejected)
  uint64_t records = 0;  // import: record states merged in
  uint64_t resent = 0;   // import: changes back in the outbox (a new epoch)
};

// The file bytes of this device's bundle. Re-dates the outbox first, as a
// sync does, by the last measured clock offset. FAILED_PRECONDITION if the
// profile is not enrolled or was enrolled without bundle keys.
absl::StatusOr<std::string> ExportBundle(Store& store, const Clock& clock, BundleCounts* counts);

// Applies the server's answer. INVALID_ARGUMENT for a file that is not a
// bundle for this device or is damaged; PERMISSION_DENIED for one the
// server did not sign (tampered or forged); FAILED_PRECONDITION as for
// export or for a format too new. Nothing is changed on error.
absl::StatusOr<BundleCounts> ImportBundle(Store& store, absl::string_view file, int64_t now_ms);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_BUNDLE_H_
