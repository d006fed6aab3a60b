// What an admin does to a server's database, with the server running or
// not: add communities, register devices and hand out enrolment codes.
#ifndef HROMADA_SERVER_ADMIN_ADMIN_H_
#define HROMADA_SERVER_ADMIN_ADMIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/store.h"
#include "shared/base/clock.h"

namespace hromada::server {

struct CommunityInfo {
  std::string name_uk;
  std::string name_latin;
  std::string oblast;
  std::string raion;
};

// Creates the community, or updates it when one with the same Latin name
// exists (its id derives from that name). Returns the community's id.
// INVALID_ARGUMENT for a bad name.
absl::StatusOr<std::string> AddCommunity(Store& store, const Clock& clock,
                                         const CommunityInfo& info);

struct DeviceRequest {
  std::string name;
  v1::Role role = v1::ROLE_FIELD;
  // Community ids (UUID text) or names, Latin or Ukrainian, any case.
  std::vector<std::string> communities;
  int64_t code_ttl_ms = 72LL * 3600 * 1000;
};

struct DeviceGrant {
  std::string device_id;  // 16 raw bytes
  std::string code;       // the one-time enrolment code, shown once
  int64_t expires_ms = 0;
};

// Registers a device awaiting enrolment. INVALID_ARGUMENT for an empty
// name or no community; NOT_FOUND for a community that does not exist.
absl::StatusOr<DeviceGrant> AddDevice(Store& store, const Clock& clock, const DeviceRequest& req);

// The community `typed` names, by the rule both binaries choose by
// (shared/base/community_names.h): its id, a name in either script, a
// field spelling, or a part of its id. NOT_FOUND when none fits,
// INVALID_ARGUMENT listing them when several do.
absl::StatusOr<v1::Record> FindCommunity(Store& store, absl::string_view typed);
// The same, as its id in canonical UUID text.
absl::StatusOr<std::string> CommunityId(Store& store, absl::string_view typed);
// Each of `typed` by CommunityId, as sorted, distinct 16-byte ids.
absl::StatusOr<std::vector<std::string>> CommunityIds(Store& store,
                                                      const std::vector<std::string>& typed);

// The display name of a community record (its Latin name).
std::string CommunityName(const v1::Record& community);

// --- device lifecycle ----------------------------------------------------

// The device whose id (UUID text), name or label (DeviceLabel) is
// `id_or_name`, compared as devices::SameName does ("bilozerka
// SECRETARY", "Білозерка secretary"). A name held by a device in service
// and by ended ones names the one in service: a lost phone's replacement
// takes its name. NOT_FOUND when none is; INVALID_ARGUMENT, listing the
// candidates by label and id, when several fit as well.
absl::StatusOr<Device> FindDevice(Store& store, const std::string& id_or_name);

// Revokes the device: its next call gets the wipe order and nothing it
// sends is applied. INVALID_ARGUMENT without a reason.
absl::Status RevokeDevice(Store& store, const Clock& clock, const Device& device,
                          const std::string& reason);

// A fresh enrolment code for the device's record (a new phone, or a code
// that expired): the record moves to a new device id and the old token dies.
absl::StatusOr<DeviceGrant> ReissueCode(Store& store, const Clock& clock, const Device& device,
                                        int64_t code_ttl_ms);

// Changes the device's role ("" keeps it) and communities (empty keeps
// them; names or ids). INVALID_ARGUMENT for a bad role, NOT_FOUND for an
// unknown community.
absl::Status SetDevice(Store& store, const Clock& clock, const Device& device,
                       const std::string& role, const std::vector<std::string>& communities);

// "field" / "coordinator" to the role, or INVALID_ARGUMENT.
absl::StatusOr<v1::Role> ParseRole(const std::string& role);

// The role as `admin` commands take it: "field", "coordinator" or
// "network-coordinator".
const char* RoleName(v1::Role role);

// An audit entry's detail for people: "role=2" (the enum, as stored) as
// "role=coordinator".
std::string ReadableAuditDetail(const std::string& detail);

// The device as people tell devices apart: its name, and for a device no
// longer in service when it ended: "Stanislav secretary (revoked
// 2026-12-01)", "… (retired 2026-12-02)", "… (retiring)" (UTC days).
std::string DeviceLabel(const Device& device);

// What an audit entry records, in words, for `admin audit`: "form
// withdrawn" for a survey form's deletion (form_published deleted=1),
// "device revoked: lost at a checkpoint" with the reason the device's row
// keeps (`device`: the entry's device, or nullptr when it is gone). The
// log itself keeps codes and no free text; the reason is read at display.
std::string AuditWhat(const AuditEntry& entry, const Device* device);

// Where a device is in its life, in words: "awaiting enrolment", "active",
// "retiring", "retired" or "revoked".
std::string DeviceStateName(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_ADMIN_H_
