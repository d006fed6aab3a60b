// How records look in the endpoints' JSON: a person, a meeting, a
// community, a record's sync state. Shared by the api_*.cc files so a
// person reads the same on every screen. Values are codes and numbers;
// the page words them with the catalogue. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_UI_VIEWS_H_
#define HROMADA_CLIENT_UI_VIEWS_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "hromada/client.h"

namespace hromada::ui {

struct CommunityName {
  std::string uk, latin;
};
// Community id -> its names, from the local records.
using Communities = std::map<std::string, CommunityName>;
absl::StatusOr<Communities> LoadCommunities(Client& client);

// [{id, name_uk, name_latin}] of the communities `status` syncs; a
// community not yet pulled has its id as its name.
nlohmann::json CommunitiesJson(const ClientStatus& status, const Communities& names);

// {id, community, community_uk, community_latin}: what every record's
// JSON starts with.
nlohmann::json BaseJson(const RecordView& record, const Communities& names);

// {id, full_name, birth_year, gender, phone, organisation,
// organisation_kind, idp, veteran, disability, youth, notes, community,
// community_uk, community_latin}; absent fields are null.
nlohmann::json PersonJson(const RecordView& person, const Communities& names);

// {id, date (YYYY-MM-DD), number, format, topics, community, community_uk,
// community_latin} and, when `present` >= 0, present.
nlohmann::json MeetingJson(const RecordView& meeting, const Communities& names, int64_t present);

// {state: "synced"|"waiting"|"refused", waiting, synced_ms, refusal}.
nlohmann::json SyncJson(const RecordSync& sync);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_VIEWS_H_
