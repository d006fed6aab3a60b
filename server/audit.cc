#include "server/audit.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "shared/schema.h"
#include "shared/uuid.h"

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
  if (absl::Status s = store.AppendAudit(entry); !s.ok()) {
    spdlog::error("audit entry '{}' not written: {}", std::string(event), s.ToString());
  }
}

std::vector<AuditedChange> AuditedChanges(const v1::PushRequest& request) {
  std::vector<AuditedChange> out;
  for (int i = 0; i < request.changes_size(); ++i) {
    const v1::Record& c = request.changes(i);
    if (c.kind() != "person_merge" && c.kind() != "survey") continue;
    out.push_back({request.first_seq() + i, c.kind(), c.id(), c.deleted_hlc() != 0});
  }
  return out;
}

void AuditPush(Store& store, const Clock& clock, absl::string_view device_id,
               const std::vector<AuditedChange>& changes, uint64_t acked_before,
               const v1::PushResponse& response) {
  std::set<uint64_t> refused;
  std::map<std::tuple<uint32_t, std::string, std::string>, int> reasons;
  for (const v1::Rejection& r : response.rejections()) {
    refused.insert(r.device_seq());
    const auto [kind, field] = KnownKindAndField(r);
    ++reasons[{r.code(), kind, field}];
  }
  for (const AuditedChange& c : changes) {
    if (c.seq <= acked_before || c.seq > response.acked_through() || refused.count(c.seq)) continue;
    Audit(store, clock, c.kind == "survey" ? audit::kFormPublished : audit::kMerge, device_id,
          absl::StrCat("record=", IdToString(c.id), c.deleted ? " deleted=1" : ""));
  }
  for (const auto& [reason, count] : reasons) {
    const auto& [code, kind, field] = reason;
    Audit(store, clock, audit::kPushRefused, device_id,
          absl::StrCat("code=", absl::StatusCodeToString(static_cast<absl::StatusCode>(code)),
                       " kind=", kind, " field=", field, " count=", count));
  }
}

}  // namespace hromada::server
