// What state a device and its records are in, and what a failed call's
// status asks of the caller: the device's enrolment and sync state
// (ClientStatus, Role), whether one record reached the server
// (RecordSync), and the changes the server refused (RejectedChange).
//
// Errors. Every call of the C++ API that can fail returns an absl::Status
// (or absl::StatusOr), never throws; its code says what the caller should
// do:
//   INVALID_ARGUMENT     the input is wrong (bad field, unknown kind, bad id);
//                        fix it, never retry as is.
//   NOT_FOUND            no such record (or, from Enrol, no such code).
//   PERMISSION_DENIED    this device's role or communities do not allow it;
//                        from Sync: the server ordered a wipe (see Sync).
//   FAILED_PRECONDITION  the state must change first: not enrolled, already
//                        enrolled, client too old, clock too far ahead,
//                        no passphrase or key given, the profile wiped.
//   UNAUTHENTICATED      the server no longer accepts this device (revoked).
//   UNAVAILABLE / DEADLINE_EXCEEDED  no usable link now; try Sync later,
//                        nothing is lost.
//   ABORTED              the profile file is busy (another process); retry.
//   RESOURCE_EXHAUSTED   the disk is full.
//   INTERNAL / DATA_LOSS the profile file or the server broke its contract.
// Messages are one plain sentence a person can act on. The C API
// (hromada.h) returns the same codes as numbers.
//
// Plain values, thread-compatible: copy them freely and read one from
// several threads; a thread writing one must be its only user meanwhile.
// Installed; needs only Abseil's headers besides this folder.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_STATUS_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hromada/options.h"
#include "hromada/record.h"

namespace hromada {

// The role the server gave this device at enrolment; docs/security.md
// ("Roles and scopes") says what each may write and read.
enum class Role { kUnknown, kField, kCoordinator, kNetworkCoordinator };

// The device's profile at a glance (Client::GetStatus).
struct ClientStatus {
  bool enrolled = false;
  std::string server_url;
  std::string device_id;  // canonical UUID text; empty until enrolled
  Role role = Role::kUnknown;
  std::vector<std::string> communities;  // ids this device syncs
  uint64_t pending_changes = 0;          // in the outbox
  uint64_t pending_files = 0;            // attachments whose bytes the server lacks
  uint64_t pending_file_bytes = 0;       // their size
  uint64_t rejected = 0;                 // kept aside, see Rejected()
  std::optional<int64_t> last_sync_ms;   // last Sync that completed
  int64_t clock_offset_ms = 0;           // server clock minus device clock
  uint64_t cursor = 0;                   // server order pulled through
  std::string last_error;                // of the last failed Sync; "" after success
  TlsSettings tls;                       // as given at enrolment
};

// Whether a record has reached the server ("did it arrive?").
struct RecordSync {
  enum class State {
    kSynced,   // the server has all of this device's changes to it
    kWaiting,  // some changes are not yet confirmed by the server
    kRefused,  // the server refused its latest change (see Rejected())
  };
  State state = State::kSynced;
  // kSynced: when the server confirmed its last change (device clock);
  // 0 when it came from the server and was not changed here.
  int64_t synced_ms = 0;
  uint64_t waiting = 0;  // changes not yet confirmed
  std::string refusal;   // kRefused: the server's reason
};

// A local change the server refused for its content, kept aside for a
// person to fix (put the record again with a correct value).
struct RejectedChange {
  uint64_t device_seq = 0;
  std::string kind;
  std::string id;
  std::string community_id;
  bool is_delete = false;
  Fields fields;  // what the change set (Null: cleared)
  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string field;  // the offending field, if one is to blame
  std::string message;
  int64_t at_ms = 0;  // when it was refused (device clock)
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_STATUS_H_
