#include "client/cli/coordination.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"

namespace hromada::cli {
namespace {

absl::StatusOr<Role> RoleOf(Client& client) {
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return status.status();
  return status->role;
}

// Who asks for a report without --prepared-by: the system user on this
// device, and the device.
absl::StatusOr<std::string> DeviceUser(Client& client) {
  const char* user = std::getenv("USER");
  if (user == nullptr || *user == '\0') {
    const passwd* entry = getpwuid(getuid());  // no $USER under a service or cron
    user = entry != nullptr ? entry->pw_name : nullptr;
  }
  std::string name = user != nullptr && *user != '\0' ? user : "?";
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return status.status();
  if (!status->device_id.empty()) {
    absl::StrAppend(&name, " (device ", status->device_id.substr(0, 8), ")");
  }
  return name;
}

}  // namespace

absl::Status RequireCoordinator(Client& client, absl::string_view what) {
  absl::StatusOr<Role> role = RoleOf(client);
  if (!role.ok()) return role.status();
  if (*role == Role::kCoordinator || *role == Role::kNetworkCoordinator) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " are for coordinators, and this device is not enrolled as one"));
}

absl::Status RequireNetworkCoordinator(Client& client, absl::string_view what) {
  absl::StatusOr<Role> role = RoleOf(client);
  if (!role.ok()) return role.status();
  if (*role == Role::kNetworkCoordinator) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " are for network coordinators, and this device is not enrolled as one"));
}

absl::StatusOr<std::map<std::string, PersonSummary>> PersonSummaries(Client& client) {
  std::map<std::string, PersonSummary> persons;
  absl::Status s = client.ForEach("person", [&](const RecordView& r) {
    PersonSummary& p = persons[r.id];
    p.id = r.id;
    p.full_name = TextOf(r, "full_name");
    p.phone = TextOf(r, "phone");
    p.birth_year = IntOf(r, "birth_year");
    p.community_id = r.community_id;
    p.gender = TextOf(r, "gender");
    return true;
  });
  if (!s.ok()) return s;
  return persons;
}

absl::StatusOr<PersonPairs> MergedPairs(Client& client) {
  PersonPairs merged;
  absl::Status s = client.ForEach("person_merge", [&](const RecordView& r) {
    merged.emplace_back(TextOf(r, "person"), TextOf(r, "same_as"));
    return true;
  });
  if (!s.ok()) return s;
  return merged;
}

absl::StatusOr<std::vector<DuplicateSuggestion>> DuplicateQueue(
    Client& client, const std::map<std::string, PersonSummary>& persons, double min_score) {
  if (min_score <= 0 || min_score > 1) {
    return absl::InvalidArgumentError("--min-score must be above 0 and at most 1");
  }
  absl::StatusOr<PersonPairs> merged = MergedPairs(client);
  if (!merged.ok()) return merged.status();
  std::vector<PersonSummary> list;
  for (const auto& [id, p] : persons) list.push_back(p);
  return SuggestDuplicates(list, min_score, *merged);
}

absl::StatusOr<bool> MergePersons(Client& client, const RecordView& person,
                                  const RecordView& same_as) {
  if (person.id == same_as.id) {
    return absl::InvalidArgumentError("that is the same person record twice");
  }
  absl::StatusOr<PersonPairs> merged = MergedPairs(client);
  if (!merged.ok()) return merged.status();
  for (const auto& [x, y] : *merged) {
    if ((x == person.id && y == same_as.id) || (x == same_as.id && y == person.id)) return false;
  }
  Fields fields{{"person", Ref{person.id}}, {"same_as", Ref{same_as.id}}};
  absl::StatusOr<std::string> id = client.Put("person_merge", "", person.community_id, fields);
  if (!id.ok()) return id.status();
  return true;
}

ReportSource DeviceReportSource(Client& client, const ClientOptions& options) {
  ReportSource source;
  source.community = [&client](absl::string_view typed) { return ResolveCommunity(client, typed); };
  source.build = [&client](const ReportQuery& query) { return BuildReport(client, query); };
  source.held = [&client]() -> absl::StatusOr<std::map<std::string, std::string>> {
    absl::StatusOr<ClientStatus> status = client.GetStatus();
    if (!status.ok()) return status.status();
    absl::StatusOr<CommunityNames> names = LoadCommunityNames(client);
    if (!names.ok()) return names.status();
    std::map<std::string, std::string> held;
    for (const std::string& id : status->communities) held[id] = NameOf(*names, id);
    return held;
  };
  source.author = [&client] { return DeviceUser(client); };
  source.now_seconds = NowSeconds(options);
  source.today = Today(options);
  return source;
}

}  // namespace hromada::cli
