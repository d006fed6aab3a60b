// The coordinator's tools: duplicates (likely double registrations), merge
// (record that two person records are one individual; nothing is deleted)
// and report (shared/cli/report_command.h, as on the server).
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/command.h"
#include "client/cli/protect.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/src/duplicates/duplicates.h"
#include "shared/cli/report_command.h"

namespace hromada::cli {
namespace {

struct CoordinatorArgs {
  double min_score = 0.6;
  bool json = false;
  std::string person, same_as;
  ReportArgs report;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<Pairs> MergedPairs(Client& client) {
  Pairs merged;
  absl::Status s = client.ForEach("person_merge", [&](const RecordView& r) {
    merged.emplace_back(TextOf(r, "person"), TextOf(r, "same_as"));
    return true;
  });
  if (!s.ok()) return s;
  return merged;
}

absl::StatusOr<std::map<std::string, PersonSummary>> Persons(Client& client) {
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

absl::Status Duplicates(Session& s, const CoordinatorArgs& a) {
  if (a.min_score <= 0 || a.min_score > 1) {
    return absl::InvalidArgumentError("--min-score must be above 0 and at most 1");
  }
  absl::StatusOr<std::map<std::string, PersonSummary>> persons = Persons(s.client);
  if (!persons.ok()) return persons.status();
  absl::StatusOr<Pairs> merged = MergedPairs(s.client);
  if (!merged.ok()) return merged.status();
  std::vector<PersonSummary> list;
  for (const auto& [id, p] : *persons) list.push_back(p);
  const std::vector<DuplicateSuggestion> pairs = SuggestDuplicates(list, a.min_score, *merged);
  nlohmann::json out = nlohmann::json::array();
  for (const DuplicateSuggestion& d : pairs) {
    const std::string& na = persons->at(d.a).full_name;
    const std::string& nb = persons->at(d.b).full_name;
    out.push_back({{"a", d.a},
                   {"a_name", na},
                   {"b", d.b},
                   {"b_name", nb},
                   {"score", d.score},
                   {"reason", d.reason}});
    if (!a.json) {
      s.out << absl::StrFormat("%.2f", d.score) << "  " << na << " (" << d.a << ")  " << nb << " ("
            << d.b << ")  " << d.reason << "\n";
    }
  }
  if (a.json) PrintJson(s.out, out);
  if (!a.json && pairs.empty()) s.out << "No likely duplicates.\n";
  if (!a.json && !pairs.empty())
    s.out << "Merge a pair that is one person with `hromada merge A B`.\n";
  return absl::OkStatus();
}

absl::Status Merge(Session& s, const CoordinatorArgs& a) {
  absl::StatusOr<RecordView> p1 = Resolve(s.client, "person", a.person);
  if (!p1.ok()) return p1.status();
  absl::StatusOr<RecordView> p2 = Resolve(s.client, "person", a.same_as);
  if (!p2.ok()) return p2.status();
  if (p1->id == p2->id) return absl::InvalidArgumentError("that is the same person record twice");
  absl::StatusOr<Pairs> merged = MergedPairs(s.client);
  if (!merged.ok()) return merged.status();
  for (const auto& [x, y] : *merged) {
    if ((x == p1->id && y == p2->id) || (x == p2->id && y == p1->id)) {
      s.out << "These two are already merged; nothing to do.\n";
      return absl::OkStatus();
    }
  }
  Fields fields{{"person", Ref{p1->id}}, {"same_as", Ref{p2->id}}};
  absl::StatusOr<std::string> id = s.client.Put("person_merge", "", p1->community_id, fields);
  if (!id.ok()) return id.status();
  s.out << "Merged: " << TextOf(*p1, "full_name") << " (" << p1->id << ") is the same person as "
        << TextOf(*p2, "full_name") << " (" << p2->id << "); reports count them once.\n";
  return absl::OkStatus();
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

// The report (shared/cli/report_command.h) over this device's store, as
// of today by the device clock.
absl::Status Report(Session& s, const ReportArgs& a) {
  ReportSource source;
  source.community = [&](absl::string_view typed) { return ResolveCommunity(s.client, typed); };
  source.build = [&](const ReportQuery& query) { return BuildReport(s.client, query); };
  source.held = [&]() -> absl::StatusOr<std::map<std::string, std::string>> {
    absl::StatusOr<ClientStatus> status = s.client.GetStatus();
    if (!status.ok()) return status.status();
    absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
    if (!names.ok()) return names.status();
    std::map<std::string, std::string> held;
    for (const std::string& id : status->communities) held[id] = NameOf(*names, id);
    return held;
  };
  source.author = [&] { return DeviceUser(s.client); };
  source.now_seconds = NowSeconds(s.options);
  source.today = Today(s.options);
  return WriteReport(a, source, s.out);
}

}  // namespace

void AddCoordinatorCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<CoordinatorArgs>();
  CLI::App* dups = app.add_subcommand("duplicates", "persons who may be registered twice");
  dups->add_option("--min-score", a->min_score, "show pairs scoring at least this (0-1]")
      ->capture_default_str();
  dups->add_flag("--json", a->json, "print JSON");
  CLI::App* merge = app.add_subcommand("merge", "record that P1 is the same person as P2");
  merge->add_option("person", a->person, "id, id prefix or name")->required();
  merge->add_option("same_as", a->same_as, "id, id prefix or name")->required();
  CLI::App* report = app.add_subcommand("report", "meetings, attendance, needs, initiatives");
  AddReportFlags(*report, a->report, "all on this device", "user and device");
  table.Add(dups, [a](Session& s) { return Duplicates(s, *a); });
  table.Add(merge, [a](Session& s) { return Merge(s, *a); });
  table.Add(report, [a](Session& s) { return Report(s, a->report); });
}

}  // namespace hromada::cli
