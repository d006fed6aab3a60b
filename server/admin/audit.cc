#include "server/admin/audit.h"

#include <spdlog/spdlog.h>

#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "shared/base/uuid.h"
#include "shared/sync/schema.h"

namespace hromada::server {
namespace {

// A refused change's kind and field as the schema knows them: a device
// chooses these strings, so anything else becomes "other" and no text of
// its choosing reaches the log.
std::pair<std::string, std::string> KnownKindAndField(const v1::Rejection& r) {
  const KindSpec* kind = FindKind(r.kind());
  if (kind == nullptr) return {"other", r.field().empty() ? "" : "other"};
  static const std::set<std::string> kRecordFields = {"id",  "kind",        "community_id",
                                                      "hlc", "deleted_hlc", "fields"};
  const bool known =
      r.field().empty() || kind->Find(r.field()) != nullptr || kRecordFields.count(r.field()) != 0;
  return {r.kind(), known ? r.field() : "other"};
}

}  // namespace

void Audit(Store& store, const Clock& clock, absl::string_view event, absl::string_view device_id,
           absl::string_view detail) {
  AuditEntry entry{0, clock.NowMillis(), std::string(event), std::string(device_id),
                   std::string(detail)};
  absl::Status s = [&]() -> absl::Status {
    absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
    if (!txn.ok()) return txn.status();
    if (absl::Status s = (*txn)->AppendAudit(entry); !s.ok()) return s;
    return (*txn)->Commit();
  }();
  if (!s.ok()) spdlog::error("audit entry '{}' not written: {}", std::string(event), s.ToString());
}

void PushAudit::Applied(const v1::Record& change) {
  if (change.kind() != "person_merge" && change.kind() != "survey") return;
  applied_.emplace_back(change.kind() == "survey" ? audit::kFormPublished : audit::kMerge,
                        absl::StrCat("record=", IdToString(change.id()),
                                     change.deleted_hlc() != 0 ? " deleted=1" : ""));
}

void PushAudit::Refused(const v1::Rejection& refusal) {
  const auto [kind, field] = KnownKindAndField(refusal);
  ++refused_[{refusal.code(), kind, field}];
}

absl::Status PushAudit::Write(WriteTxn& txn, absl::string_view device_id, int64_t now_ms) const {
  const std::string device(device_id);
  for (const auto& [event, detail] : applied_) {
    if (absl::Status s = txn.AppendAudit({0, now_ms, event, device, detail}); !s.ok()) return s;
  }
  for (const auto& [reason, count] : refused_) {
    const auto& [code, kind, field] = reason;
    const std::string detail =
        absl::StrCat("code=", absl::StatusCodeToString(static_cast<absl::StatusCode>(code)),
                     " kind=", kind, " field=", field, " count=", count);
    if (absl::Status s = txn.AppendAudit({0, now_ms, audit::kPushRefused, device, detail});
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace hromada::server
