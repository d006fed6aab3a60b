#include "client/ui/views.h"

#include "client/cli/records.h"

namespace hromada::ui {
namespace {

void AddCommunity(nlohmann::json& j, const std::string& id, const Communities& names) {
  j["community"] = id;
  auto it = names.find(id);
  j["community_uk"] = it != names.end() ? it->second.uk : id;
  j["community_latin"] = it != names.end() ? it->second.latin : id;
}

nlohmann::json ValueJson(const RecordView& r, const char* field) {
  auto it = r.fields.find(field);
  if (it == r.fields.end()) return nullptr;
  if (const auto* b = std::get_if<bool>(&it->second)) return *b;
  if (const auto* i = std::get_if<int64_t>(&it->second)) return *i;
  if (std::holds_alternative<Null>(it->second)) return nullptr;
  return cli::TextOf(r, field);
}

}  // namespace

absl::StatusOr<Communities> LoadCommunities(Client& client) {
  Communities names;
  absl::Status s = client.ForEach("community", [&](const RecordView& r) {
    names[r.id] = {cli::TextOf(r, "name_uk"), cli::TextOf(r, "name_latin")};
    return true;
  });
  if (!s.ok()) return s;
  return names;
}

nlohmann::json CommunitiesJson(const ClientStatus& status, const Communities& names) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& id : status.communities) {
    nlohmann::json j;
    AddCommunity(j, id, names);
    list.push_back(
        {{"id", id}, {"name_uk", j["community_uk"]}, {"name_latin", j["community_latin"]}});
  }
  return list;
}

nlohmann::json BaseJson(const RecordView& record, const Communities& names) {
  nlohmann::json j = {{"id", record.id}};
  AddCommunity(j, record.community_id, names);
  return j;
}

nlohmann::json PersonJson(const RecordView& p, const Communities& names) {
  nlohmann::json j = {{"id", p.id}};
  for (const char* field :
       {"full_name", "birth_year", "gender", "phone", "organisation", "organisation_kind", "idp",
        "veteran", "disability", "youth", "notes"}) {
    j[field] = ValueJson(p, field);
  }
  AddCommunity(j, p.community_id, names);
  return j;
}

nlohmann::json MeetingJson(const RecordView& m, const Communities& names, int64_t present) {
  nlohmann::json j = {{"id", m.id}};
  for (const char* field : {"date", "number", "format", "topics"}) j[field] = ValueJson(m, field);
  AddCommunity(j, m.community_id, names);
  if (present >= 0) j["present"] = present;
  return j;
}

nlohmann::json SyncJson(const RecordSync& sync) {
  const char* state = sync.state == RecordSync::State::kWaiting   ? "waiting"
                      : sync.state == RecordSync::State::kRefused ? "refused"
                                                                  : "synced";
  return {{"state", state},
          {"waiting", sync.waiting},
          {"synced_ms", sync.synced_ms},
          {"refusal", sync.refusal}};
}

}  // namespace hromada::ui
