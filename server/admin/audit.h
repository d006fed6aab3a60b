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
// Audit() is thread-safe (the Store is); an entry it cannot write is
// logged and dropped: auditing never fails the call it describes. A push's
// entries are written in its transaction instead (PushAudit).
#ifndef HROMADA_SERVER_ADMIN_AUDIT_H_
#define HROMADA_SERVER_ADMIN_AUDIT_H_

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"
#include "shared/base/clock.h"

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

// The entries one push leaves, gathered while it is applied and written in
// its transaction (WriteTxn::AppendAudit), so they are kept exactly when
// the push is: a crash loses or repeats neither, and a retried push, whose
// changes were handled before, adds none. A merge or form publication per
// applied person_merge or survey change (deleted=1 for a withdrawal), and
// one push_refused per distinct (code, kind, field) among the push's new
// refusals, with its count. Not thread-safe: one per push.
class PushAudit {
 public:
  // `change` is applied (call with it as pushed or as stamped: only its
  // kind, id and tombstone are read).
  void Applied(const v1::Record& change);
  void Refused(const v1::Rejection& refusal);
  // Appends the entries at `now_ms`; the transaction's error if one fails.
  absl::Status Write(WriteTxn& txn, absl::string_view device_id, int64_t now_ms) const;

 private:
  std::vector<std::pair<std::string, std::string>> applied_;  // event, detail
  std::map<std::tuple<uint32_t, std::string, std::string>, int> refused_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_AUDIT_H_
