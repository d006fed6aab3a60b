#include "server/admin/admin.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "server/admin/audit.h"
#include "server/admin/devices.h"
#include "server/store/store_replica.h"
#include "server/sync/auth.h"
#include "shared/base/community_names.h"
#include "shared/base/hidden_characters.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "shared/sync/apply.h"
#include "shared/sync/hlc.h"
#include "shared/sync/record_fields.h"
#include "shared/sync/validate.h"

namespace hromada::server {
namespace {

void SetText(v1::Record* r, const std::string& name, const std::string& value) {
  if (value.empty()) return;
  v1::Field* f = r->add_fields();
  f->set_name(name);
  f->mutable_value()->set_text(value);
}

// Another community that a name of the new one would also name ("Білозерка",
// "Bilozerkа" with a Cyrillic а): then every device's --community of that
// name would stop choosing. ALREADY_EXISTS naming it.
absl::Status CheckNamesFree(Store& store, const std::string& id, const CommunityInfo& info) {
  absl::StatusOr<std::vector<v1::Record>> all = ListRecords(store, "community");
  if (!all.ok()) return all.status();
  const std::pair<std::string, std::string> keys[] = {{info.name_latin, SearchKey(info.name_latin)},
                                                      {info.name_uk, SearchKey(info.name_uk)}};
  for (const v1::Record& c : *all) {
    if (c.id() == id) continue;
    for (const std::string& theirs :
         {std::string(TextOf(c, "name_latin")), std::string(TextOf(c, "name_uk"))}) {
      const std::string their_key = SearchKey(theirs);
      for (const auto& [mine, key] : keys) {
        if (key.empty() || key != their_key) continue;
        return absl::AlreadyExistsError(absl::StrCat(
            "'", mine, "' would also name the community ", std::string(TextOf(c, "name_latin")),
            " (", IdToString(c.id()), "); to change that one, give its Latin name '",
            std::string(TextOf(c, "name_latin")), "'"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string CommunityName(const v1::Record& community) {
  return std::string(TextOf(community, "name_latin"));
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
  if (absl::Status s = CheckNamesFree(store, change.id(), info); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<std::optional<v1::Record>> existing = (*txn)->GetRecord("community", change.id());
  if (!existing.ok()) return existing.status();
  // Stamp after whatever the record already carries, so the admin's edit wins.
  HybridClock hlc(&clock, existing->has_value() ? (*existing)->hlc() : 0);
  change.set_hlc(hlc.Now());
  StoreReplica replica(**txn);
  const Writer admin{ServerDeviceId(), v1::ROLE_UNSPECIFIED, {}, /*unrestricted=*/true};
  // The server's own clock.
  const ApplyLimits limits = ServerApplyLimits(/*check_clock=*/false, 0, 0);
  absl::StatusOr<Applied> applied = ApplyChange(replica, admin, &change, limits);
  if (!applied.ok()) return applied.status();
  if (!applied->refusal.ok()) return applied->refusal;
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return change.id();
}

absl::StatusOr<v1::Record> FindCommunity(Store& store, absl::string_view typed) {
  absl::StatusOr<std::vector<v1::Record>> all = ListRecords(store, "community");
  if (!all.ok()) return all.status();
  CommunityLookup lookup{{}, {}, false, "this database", "add it first with 'admin add-community'"};
  for (const v1::Record& c : *all) {
    lookup.known.push_back({IdToString(c.id()), std::string(TextOf(c, "name_latin")),
                            std::string(TextOf(c, "name_uk"))});
  }
  absl::StatusOr<std::string> id = ChooseCommunity(typed, lookup);
  if (!id.ok()) return id.status();
  for (size_t i = 0; i < lookup.known.size(); ++i) {
    if (lookup.known[i].id == *id) return (*all)[i];
  }
  return absl::InternalError(absl::StrCat("community ", *id, " was chosen but not listed"));
}

absl::StatusOr<std::string> CommunityId(Store& store, absl::string_view typed) {
  absl::StatusOr<v1::Record> c = FindCommunity(store, typed);
  if (!c.ok()) return c.status();
  return IdToString(c->id());
}

absl::StatusOr<std::vector<std::string>> CommunityIds(Store& store,
                                                      const std::vector<std::string>& typed) {
  std::vector<std::string> ids;
  for (const std::string& t : typed) {
    absl::StatusOr<v1::Record> c = FindCommunity(store, t);
    if (!c.ok()) return c.status();
    ids.push_back(c->id());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

namespace {}  // namespace

absl::StatusOr<v1::Role> ParseRole(const std::string& role) {
  if (role == "field") return v1::ROLE_FIELD;
  if (role == "coordinator") return v1::ROLE_COORDINATOR;
  if (role == "network-coordinator") return v1::ROLE_NETWORK_COORDINATOR;
  return absl::InvalidArgumentError(
      "the role must be 'field', 'coordinator' or 'network-coordinator'");
}

const char* RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_NETWORK_COORDINATOR:
      return "network-coordinator";
    case v1::ROLE_COORDINATOR:
      return "coordinator";
    default:
      return "field";
  }
}

std::string ReadableAuditDetail(const std::string& detail) {
  std::vector<std::string> words = absl::StrSplit(detail, ' ');
  for (std::string& w : words) {
    int role = 0;
    if (absl::StartsWith(w, "role=") && absl::SimpleAtoi(w.substr(5), &role) &&
        v1::Role_IsValid(role) && role != v1::ROLE_UNSPECIFIED) {
      w = absl::StrCat("role=", RoleName(static_cast<v1::Role>(role)));
    }
  }
  return absl::StrJoin(words, " ");
}

std::string AuditWhat(const AuditEntry& e, const Device* device) {
  const bool deleted = absl::StrContains(absl::StrCat(" ", e.detail, " "), " deleted=1 ");
  if (e.event == audit::kFormPublished) return deleted ? "form withdrawn" : "form published";
  if (e.event == audit::kMerge) return deleted ? "merge undone" : "persons merged";
  if (e.event == audit::kEnrol) return "device enrolled";
  if (e.event == audit::kEnrolFailed) return "enrolment refused";
  if (e.event == audit::kPushRefused) return "changes refused";
  if (e.event == audit::kReissue) return "new enrolment code (new phone)";
  if (e.event == audit::kRoleChange) return "role or communities changed";
  if (e.event == audit::kRevoke) {
    if (device == nullptr || device->revoke_reason.empty()) return "device revoked";
    std::string reason = ShownText(device->revoke_reason, 200);
    for (char& c : reason) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';  // no terminal escapes
    }
    return absl::StrCat("device revoked: ", reason);
  }
  return e.event;
}

absl::StatusOr<DeviceGrant> AddDevice(Store& store, const Clock& clock, const DeviceRequest& req) {
  // Shown on terminals and in logs: one line, trimmed.
  absl::StatusOr<std::string> name = NormalizeText(req.name);
  if (!name.ok() || name->empty() || name->size() > 200 || FindControl(*name, false)) {
    return absl::InvalidArgumentError(
        "a device needs a name: one line of text, up to 200 characters");
  }
  if (std::optional<HiddenCharacter> hidden = FindHiddenCharacter(*name, false)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the device name ", HiddenCharacterRefusal(*hidden)));
  }
  if (req.communities.empty()) {
    return absl::InvalidArgumentError("a device needs at least one community");
  }
  if (req.role != v1::ROLE_FIELD && req.role != v1::ROLE_COORDINATOR &&
      req.role != v1::ROLE_NETWORK_COORDINATOR) {
    return absl::InvalidArgumentError("the role must be field, coordinator or network coordinator");
  }
  Device device;
  device.id = Uuid::V4().bytes();
  device.name = *name;
  device.role = req.role;
  device.created_ms = clock.NowMillis();
  absl::StatusOr<std::vector<std::string>> communities = CommunityIds(store, req.communities);
  if (!communities.ok()) return communities.status();
  device.communities = *std::move(communities);
  DeviceGrant grant;
  grant.code = NewEnrolmentCode();
  grant.device_id = device.id;
  grant.expires_ms = device.created_ms + req.code_ttl_ms;
  device.code_hash = HashSecret(NormalizeCode(grant.code));
  device.code_expires_ms = grant.expires_ms;
  if (absl::Status s = devices::Add(store, device); !s.ok()) return s;
  return grant;
}

std::string DeviceStateName(const Device& d) {
  if (d.revoked) return "revoked";
  if (d.retired_ms > 0) return "retired";
  if (d.retiring) return "retiring";
  if (d.enrolled_ms == 0) return "awaiting enrolment";
  return "active";
}

std::string DeviceLabel(const Device& d) {
  auto day = [](int64_t ms) {
    return absl::FormatTime(" %Y-%m-%d", absl::FromUnixMillis(ms), absl::UTCTimeZone());
  };
  if (d.revoked)
    return absl::StrCat(d.name, " (revoked", d.revoked_ms > 0 ? day(d.revoked_ms) : "", ")");
  if (d.retired_ms > 0) return absl::StrCat(d.name, " (retired", day(d.retired_ms), ")");
  if (d.retiring) return absl::StrCat(d.name, " (retiring)");
  return d.name;
}

absl::StatusOr<Device> FindDevice(Store& store, const std::string& id_or_name) {
  absl::StatusOr<std::vector<Device>> all = store.ReadDevices(DeviceKey::All());
  if (!all.ok()) return all.status();
  absl::StatusOr<Uuid> id = Uuid::Parse(id_or_name);
  std::vector<const Device*> labelled, live, ended;
  for (const Device& d : *all) {
    if (id.ok() && d.id == id->bytes()) return d;
    if (!devices::InService(d) && devices::SameName(DeviceLabel(d), id_or_name)) {
      labelled.push_back(&d);
    }
    if (devices::SameName(d.name, id_or_name)) {
      (devices::InService(d) ? live : ended).push_back(&d);
    }
  }
  // The most precise fit wins: a label, then a device in service.
  const std::vector<const Device*>& named = !labelled.empty() ? labelled
                                            : !live.empty()   ? live
                                                              : ended;
  if (named.size() == 1) return *named.front();
  if (named.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no device '", id_or_name, "'; see 'admin list-devices'"));
  }
  std::string candidates;
  for (const Device* d : named) {
    absl::StrAppend(&candidates, candidates.empty() ? "" : ", ", "'", DeviceLabel(*d), "' (",
                    IdToString(d->id), ")");
  }
  return absl::InvalidArgumentError(absl::StrCat("several devices are named '", id_or_name, "': ",
                                                 candidates, "; name one by its label or id"));
}

absl::Status RevokeDevice(Store& store, const Clock& clock, const Device& device,
                          const std::string& reason) {
  if (reason.empty() || reason.size() > 500 || !IsValidUtf8(reason)) {
    return absl::InvalidArgumentError("say why the device is revoked (--reason, up to 500 bytes)");
  }
  if (absl::Status s = devices::Revoke(store, device.id, reason, clock.NowMillis()); !s.ok())
    return s;
  // The reason is the admin's free text: it stays out of the audit log.
  Audit(store, clock, audit::kRevoke, device.id, "");
  return absl::OkStatus();
}

absl::StatusOr<DeviceGrant> ReissueCode(Store& store, const Clock& clock, const Device& device,
                                        int64_t code_ttl_ms) {
  DeviceGrant grant;
  grant.device_id = Uuid::V4().bytes();
  grant.code = NewEnrolmentCode();
  grant.expires_ms = clock.NowMillis() + code_ttl_ms;
  absl::Status s = devices::Reissue(store, device.id, grant.device_id,
                                    HashSecret(NormalizeCode(grant.code)), grant.expires_ms);
  if (!s.ok()) return s;
  Audit(store, clock, audit::kReissue, grant.device_id,
        absl::StrCat("was=", IdToString(device.id)));
  return grant;
}

absl::Status SetDevice(Store& store, const Clock& clock, const Device& device,
                       const std::string& role, const std::vector<std::string>& communities) {
  devices::Changes change;
  if (!role.empty()) {
    absl::StatusOr<v1::Role> r = ParseRole(role);
    if (!r.ok()) return r.status();
    change.role = *r;
  }
  if (!communities.empty()) {
    absl::StatusOr<std::vector<std::string>> ids = CommunityIds(store, communities);
    if (!ids.ok()) return ids.status();
    change.communities = *std::move(ids);
  }
  if (!change.role && !change.communities) {
    return absl::InvalidArgumentError("give --role or --communities to change");
  }
  if (absl::Status s = devices::Change(store, device.id, change); !s.ok()) return s;
  Audit(store, clock, audit::kRoleChange, device.id,
        absl::StrCat(change.role ? absl::StrCat("role=", *change.role) : "",
                     change.communities ? absl::StrCat(change.role ? " " : "",
                                                       "communities=", change.communities->size())
                                        : ""));
  return absl::OkStatus();
}

}  // namespace hromada::server
