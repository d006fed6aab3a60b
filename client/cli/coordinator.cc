// The coordinator's tools: duplicates (likely double registrations), merge
// (record that two person records are one individual; nothing is deleted)
// and report (shared/cli/report_command.h, as on the server).
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/command.h"
#include "client/cli/coordination.h"
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

absl::Status Duplicates(Session& s, const CoordinatorArgs& a) {
  absl::StatusOr<std::map<std::string, PersonSummary>> persons = PersonSummaries(s.client);
  if (!persons.ok()) return persons.status();
  absl::StatusOr<std::vector<DuplicateSuggestion>> queue =
      DuplicateQueue(s.client, *persons, a.min_score);
  if (!queue.ok()) return queue.status();
  const std::vector<DuplicateSuggestion>& pairs = *queue;
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
  absl::StatusOr<bool> written = MergePersons(s.client, *p1, *p2);
  if (!written.ok()) return written.status();
  if (!*written) {
    s.out << "These two are already merged; nothing to do.\n";
    return absl::OkStatus();
  }
  s.out << "Merged: " << TextOf(*p1, "full_name") << " (" << p1->id << ") is the same person as "
        << TextOf(*p2, "full_name") << " (" << p2->id << "); reports count them once.\n";
  return absl::OkStatus();
}

// The report (shared/cli/report_command.h) over this device's store, as
// of today by the device clock.
absl::Status Report(Session& s, const ReportArgs& a) {
  return WriteReport(a, DeviceReportSource(s.client, s.options), s.out);
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
