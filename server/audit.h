// The server's audit log: who enrolled (or failed to), which merges and
// survey forms were pushed, which pushed changes were refused and why, and
// the device lifecycle (revocations, reissues, role changes). Read with
// `hromada-server admin audit`.
//
// It holds no personal data: event names, device and record ids, kinds,
// status codes and field names; never a field's value, a name, a phone, an
// enrolment code, a token or a peer address. Refusals are counted per push
// and reason, so a device cannot grow the log by one row per bad change.
//
// Thread-safe (the Store is). An entry that cannot be written is logged
// and dropped: auditing never fails the call it describes.
#ifndef HROMADA_SERVER_AUDIT_H_
#define HROMADA_SERVER_AUDIT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"
#include "shared/clock.h"

namespace hromada::server {

namespace audit {
constexpr char kEnrol[] = "enrol";
constexpr char kEnrolFailed[] = "enrol_failed";
constexpr char kMerge[] = "merge";
constexpr char kFormPublished[] = "form_published";
constexpr char kPushRefused[] = "push_refused";
constexpr char kRevoke[] = "revoke";
constexpr char kReissue[] = "reissue";
constexpr char kRoleChange[] = "role_change";
}  // namespace audit

// Appends one entry at the clock's time. `device_id` is 16 raw bytes or "";
// `detail` is "key=value" pairs with no personal data.
void Audit(Store& store, const Clock& clock, absl::string_view event, absl::string_view device_id,
           absl::string_view detail);

// The entries a push leaves: a merge or form publication per applied
// person_merge or survey change among `changes` (numbered from
// request.first_seq; those at or below `acked_before` were handled
// before), and one push_refused per distinct (code, kind, field) among
// `response`'s rejections, with its count. Call before the request's
// changes are consumed: pass a copy of what is needed (see AuditedChange).
struct AuditedChange {
  uint64_t seq;
  std::string kind, id;
  bool deleted;
};
std::vector<AuditedChange> AuditedChanges(const v1::PushRequest& request);
void AuditPush(Store& store, const Clock& clock, absl::string_view device_id,
               const std::vector<AuditedChange>& changes, uint64_t acked_before,
               const v1::PushResponse& response);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_AUDIT_H_
