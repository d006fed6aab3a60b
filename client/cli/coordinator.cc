// The coordinator's tools: duplicates (likely double registrations), merge
// (record that two person records are one individual; nothing is deleted)
// and report (shared/report/).
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
#include "shared/base/private_file.h"
#include "shared/report/render.h"
#include "shared/report/render_xlsx.h"

namespace hromada::cli {
namespace {

struct CoordinatorArgs {
  double min_score = 0.6;
  bool json = false;
  std::string person, same_as;
  std::string community, from, to, format = "table", output;
  bool bom = false;
  std::string lang = "uk", prepared_by;
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

// "NAME, DATE TIME UTC": who asked (--prepared-by, else the system user
// on this device) and when, by the device clock.
absl::StatusOr<std::string> PreparedByLine(Session& s, const CoordinatorArgs& a) {
  std::string name = a.prepared_by;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    if (user == nullptr || *user == '\0') {
      const passwd* entry = getpwuid(getuid());  // no $USER under a service or cron
      user = entry != nullptr ? entry->pw_name : nullptr;
    }
    name = user != nullptr && *user != '\0' ? user : "?";
    absl::StatusOr<ClientStatus> status = s.client.GetStatus();
    if (!status.ok()) return status.status();
    if (!status->device_id.empty()) {
      absl::StrAppend(&name, " (device ", status->device_id.substr(0, 8), ")");
    }
  }
  return PreparedBy(name, NowSeconds(s.options));
}

absl::Status WriteReport(Session& s, const CoordinatorArgs& a) {
  if (absl::Status st = CheckReportFileFormat(a.format); !st.ok()) return st;
  if (a.format == "xlsx" && a.output.empty()) {
    return absl::InvalidArgumentError("a workbook is a file: give --output FILE.xlsx");
  }
  absl::StatusOr<ReportLang> lang = ParseReportLang(a.lang);
  if (!lang.ok()) return lang.status();
  absl::StatusOr<std::string> prepared_by = PreparedByLine(s, a);
  if (!prepared_by.ok()) return prepared_by.status();
  for (const auto& [flag, date] : {std::pair{"--from", &a.from}, std::pair{"--to", &a.to}}) {
    if (absl::Status st = CheckDateArg(flag, *date); !st.ok()) return st;
  }
  ReportQuery query{"", a.from, a.to, Today(s.options)};
  if (!a.community.empty()) {
    absl::StatusOr<std::string> c = ResolveCommunity(s.client, a.community);
    if (!c.ok()) return c.status();
    query.community_id = *c;
  }
  absl::StatusOr<Report> report = BuildReport(s.client, query);
  if (!report.ok()) return report.status();
  absl::StatusOr<std::string> text =
      RenderReportFile(*report, a.format, a.bom, RenderOptions{*lang, *prepared_by});
  if (!text.ok()) return text.status();
  if (a.output.empty()) {
    s.out << *text;
    return absl::OkStatus();
  }
  // The report names people: private to this user, like the profile.
  if (absl::Status st = WritePrivateFile(a.output, *text); !st.ok()) return st;
  s.out << "Wrote the report to " << a.output << ".\n";
  return absl::OkStatus();
}

}  // namespace

void AddCoordinatorCommands(CLI::App& app, CommandTable& table) {
  auto a = std::make_shared<CoordinatorArgs>();
  CLI::App* dups = app.add_subcommand("duplicates", "persons who may be registered twice");
  dups->add_option("--min-score", a->min_score, "show pairs scoring at least this (0-1]")
      ->capture_default_str();
  dups->add_flag("--json", a->json, "print JSON");
  CLI::App* merge = app.add_subcommand("merge", "record that P1 is the same person as P2");
  merge->add_option("person", a->person, "id, id prefix or name")->required();
  merge->add_option("same_as", a->same_as, "id, id prefix or name")->required();
  CLI::App* report = app.add_subcommand("report", "meetings, attendance, needs, initiatives");
  report->add_option("--community", a->community, "one community (default: all on this device)");
  report->add_option("--from", a->from, "from this date, YYYY-MM-DD")->transform(DateTyped());
  report->add_option("--to", a->to, "up to this date, YYYY-MM-DD")->transform(DateTyped());
  report->add_option("--format", a->format, "table, csv, json, html or xlsx (needs --output)")
      ->capture_default_str();
  report->add_option("--output", a->output, "write to this file instead");
  report->add_flag("--bom", a->bom, "start a CSV with a byte-order mark (Excel on Windows)");
  report->add_option("--lang", a->lang, "words for codes: uk or en")->capture_default_str();
  report->add_option("--prepared-by", a->prepared_by,
                     "name on the prepared-by line (default: user and device)");
  table.Add(dups, [a](Session& s) { return Duplicates(s, *a); });
  table.Add(merge, [a](Session& s) { return Merge(s, *a); });
  table.Add(report, [a](Session& s) { return WriteReport(s, *a); });
}

}  // namespace hromada::cli
