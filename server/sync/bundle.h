// Bundles on the server (docs/protocol.md "Bundles"): a device's changes
// that came as a file are applied exactly as its push would be (SyncLogic's
// Push: same apply rule, same (device, seq) idempotency, same refusals),
// and its answer is written as a file: acks, refusals, and the records in
// its scope after its cursor, chosen by the pull rules.
//
// The server's bundle keys are made on first use and kept in the store
// (GetOrPutSetting in server/store/store.h); a device's public keys come with its
// enrolment (SyncLogic::Enrol).
//
// Thread-safe as the Store is.
#ifndef HROMADA_SERVER_SYNC_BUNDLE_H_
#define HROMADA_SERVER_SYNC_BUNDLE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/bundle_keys.pb.h"
#include "server/store/store.h"
#include "server/sync/sync_logic.h"
#include "shared/base/clock.h"

namespace hromada::server {

// The server's bundle keys, made and stored if it has none yet. Storage
// errors as the store reports them.
absl::StatusOr<v1::BundleSecrets> ServerBundleKeys(Store& store);

struct BundleImportReport {
  std::string device_id;  // 16 bytes
  uint64_t changes = 0;   // changes in the bundle
  uint64_t acked_through = 0;
  uint64_t refused = 0;  // refusals among the bundle's changes
  // The bundle was written against the database before a restore (another
  // epoch): none of its changes were applied, and the next answer starts
  // from cursor 0. The device sends them again once it has that answer.
  bool other_epoch = false;
};

// Applies a device's bundle file through `logic`. Errors (nothing applied):
// INVALID_ARGUMENT for a file that is not a device's bundle for this
// server or is damaged; PERMISSION_DENIED for a bad signature, or a
// revoked or retired device; NOT_FOUND for an unknown device;
// FAILED_PRECONDITION for a device enrolled without bundle keys, or a
// format too new; a push's own errors.
absl::StatusOr<BundleImportReport> ImportDeviceBundle(SyncLogic& logic, Store& store,
                                                      absl::string_view file);

// The answer file for `device_id` (16 bytes): what it lacks since the
// cursor of its last imported bundle (0 if none came yet), with the
// database's epoch. Errors:
// NOT_FOUND, PERMISSION_DENIED (revoked or retired), FAILED_PRECONDITION
// (no bundle keys), storage errors.
absl::StatusOr<std::string> ExportServerBundle(Store& store, const Clock& clock,
                                               const ServiceLimits& limits,
                                               absl::string_view device_id);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_BUNDLE_H_
