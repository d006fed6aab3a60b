#include "server/admin.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/auth.h"
#include "server/store_replica.h"
#include "shared/apply.h"
#include "shared/hlc.h"
#include "shared/text.h"
#include "shared/uuid.h"
#include "shared/validate.h"

namespace hromada::server {
namespace {

// Writes made by the server itself (admin commands) carry this device id.
const std::string& ServerDeviceId() {
  static const std::string* id = new std::string(Uuid::V5(HromadaNamespace(), "server").bytes());
  return *id;
}

void SetText(v1::Record* r, const std::string& name, const std::string& value) {
  if (value.empty()) return;
  v1::Field* f = r->add_fields();
  f->set_name(name);
  f->mutable_value()->set_text(value);
}

std::string FieldText(const v1::Record& r, absl::string_view name) {
  for (const v1::Field& f : r.fields()) {
    if (f.name() == name) return f.value().text();
  }
  return "";
}

}  // namespace

std::string CommunityName(const v1::Record& community) {
  return FieldText(community, "name_latin");
}

absl::StatusOr<std::string> AddCommunity(Store& store, const Clock& clock,
                                         const CommunityInfo& info) {
  const std::string key = absl::AsciiStrToLower(info.name_latin);
  v1::Record change;
  change.set_kind("community");
  change.set_id(Uuid::V5(HromadaNamespace(), absl::StrCat("community:", key)).bytes());
  SetText(&change, "name_uk", info.name_uk);
  SetText(&change, "name_latin", info.name_latin);
  SetText(&change, "oblast", info.oblast);
  SetText(&change, "raion", info.raion);
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<std::optional<v1::Record>> existing = (*txn)->GetRecord("community", change.id());
  if (!existing.ok()) return existing.status();
  // Stamp after whatever the record already carries, so the admin's edit wins.
  HybridClock hlc(&clock, existing->has_value() ? (*existing)->hlc() : 0);
  change.set_hlc(hlc.Now());
  StoreReplica replica(**txn);
  const Writer admin{ServerDeviceId(), v1::ROLE_UNSPECIFIED, {}, /*unrestricted=*/true};
  ApplyLimits limits;
  limits.check_clock = false;  // the server's own clock
  absl::StatusOr<Applied> applied = ApplyChange(replica, admin, &change, limits);
  if (!applied.ok()) return applied.status();
  if (!applied->refusal.ok()) return applied->refusal;
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return change.id();
}

absl::StatusOr<v1::Record> FindCommunity(Store& store, const std::string& name_or_id) {
  absl::StatusOr<std::vector<v1::Record>> all = store.ListRecords("community");
  if (!all.ok()) return all.status();
  absl::StatusOr<Uuid> id = Uuid::Parse(name_or_id);
  // Either script, any case: "Станіслав", "STANISLAV" and "stanislav" alike.
  const std::string key = SearchKey(name_or_id);
  for (const v1::Record& c : *all) {
    if ((id.ok() && c.id() == id->bytes()) || SearchKey(FieldText(c, "name_latin")) == key ||
        SearchKey(FieldText(c, "name_uk")) == key) {
      return c;
    }
  }
  return absl::NotFoundError(
      absl::StrCat("no community '", name_or_id, "'; add it first with 'admin add-community'"));
}

absl::StatusOr<DeviceGrant> AddDevice(Store& store, const Clock& clock, const DeviceRequest& req) {
  if (req.name.empty() || req.name.size() > 200 || !IsValidUtf8(req.name)) {
    return absl::InvalidArgumentError("a device needs a name (up to 200 characters)");
  }
  if (req.communities.empty()) {
    return absl::InvalidArgumentError("a device needs at least one community");
  }
  if (req.role != v1::ROLE_FIELD && req.role != v1::ROLE_COORDINATOR &&
      req.role != v1::ROLE_NETWORK_COORDINATOR) {
    return absl::InvalidArgumentError("the role must be field, coordinator or network coordinator");
  }
  NewDevice nd;
  nd.device.id = Uuid::V4().bytes();
  nd.device.name = req.name;
  nd.device.role = req.role;
  nd.device.created_ms = clock.NowMillis();
  for (const std::string& name : req.communities) {
    absl::StatusOr<v1::Record> c = FindCommunity(store, name);
    if (!c.ok()) return c.status();
    nd.device.communities.push_back(c->id());
  }
  std::sort(nd.device.communities.begin(), nd.device.communities.end());
  nd.device.communities.erase(
      std::unique(nd.device.communities.begin(), nd.device.communities.end()),
      nd.device.communities.end());
  DeviceGrant grant;
  grant.code = NewEnrolmentCode();
  grant.device_id = nd.device.id;
  grant.expires_ms = nd.device.created_ms + req.code_ttl_ms;
  nd.code_hash = HashSecret(NormalizeCode(grant.code));
  nd.code_expires_ms = grant.expires_ms;
  if (absl::Status s = store.AddDevice(nd); !s.ok()) return s;
  return grant;
}

}  // namespace hromada::server
