// initiatives add | move | list: community needs and mini-initiatives
// through their pipeline (shared/sync/initiative.h).
#include <map>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/command.h"
#include "client/cli/pipeline.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "shared/base/text.h"
#include "shared/cli/choices.h"
#include "shared/report/labels.h"
#include "shared/sync/initiative.h"

namespace hromada::cli {
namespace {

struct InitiativeArgs {
  std::vector<std::string> title;  // the words of a new initiative's title
  std::string community, category, cost, donor, notes, date;
  std::string initiative, status;
  bool json = false;
};

absl::Status AddInitiative(Session& s, const InitiativeArgs& a) {
  absl::StatusOr<std::string> community = ResolveCommunity(s.client, a.community);
  if (!community.ok()) return community.status();
  absl::StatusOr<std::string> date = DateOrToday("--date", a.date, s.options);
  if (!date.ok()) return date.status();
  absl::StatusOr<std::string> title = NormalizeText(absl::StrJoin(a.title, " "));
  if (!title.ok()) return title.status();
  if (title->empty()) return absl::InvalidArgumentError("an initiative needs a title");
  Fields fields{
      {"title", *title}, {"status", std::string("proposed")}, {EnteredField("proposed"), *date}};
  const std::pair<const char*, const std::string*> texts[] = {{"category", &a.category},
                                                              {"estimated_cost", &a.cost},
                                                              {"donor", &a.donor},
                                                              {"notes", &a.notes}};
  for (const auto& [field, text] : texts) {
    if (absl::Status st = SetIfGiven("initiative", field, *text, fields); !st.ok()) return st;
  }
  absl::StatusOr<std::string> id = s.client.Put("initiative", "", *community, fields);
  if (!id.ok()) return id.status();
  s.out << *id << "\n";
  if (a.date.empty()) {
    s.err << "note: proposed today, " << *date
          << "; give --date to say when it was proposed (its moves cannot be dated before it)\n";
  }
  return absl::OkStatus();
}

// CheckMove's refusal of a move to `to` on `date`; when it went back in
// time, with the title and what the person can do.
absl::Status Refused(const absl::Status& refusal, const RecordView& initiative,
                     const std::vector<StatusStep>& history, const std::string& to,
                     const std::string& date) {
  if (history.empty() || date >= history.back().date ||
      !CheckTransition(history.back().status, to).ok()) {
    return refusal;  // not about the date
  }
  std::string remedy = absl::StrCat("give a --date from ", history.back().date, " on");
  if (history.size() == 1) {
    absl::StrAppend(&remedy,
                    ", or if it was proposed earlier, say when: hromada put initiative --id ",
                    initiative.id, " ", EnteredField("proposed"), "=DATE");
  }
  return absl::Status(refusal.code(), absl::StrCat("'", TextOf(initiative, "title"),
                                                   "': ", refusal.message(), "; ", remedy));
}

absl::Status Move(Session& s, const InitiativeArgs& a) {
  absl::StatusOr<RecordView> initiative = Resolve(s.client, "initiative", a.initiative);
  if (!initiative.ok()) return initiative.status();
  absl::StatusOr<std::string> date = DateOrToday("--date", a.date, s.options);
  if (!date.ok()) return date.status();
  absl::StatusOr<std::string> to = StatusTyped(a.status);
  if (!to.ok()) return to.status();
  const std::vector<StatusStep> history = HistoryOf(*initiative);
  const std::string from = history.empty() ? TextOf(*initiative, "status") : history.back().status;
  const std::string since = history.empty() ? "" : history.back().date;
  if (absl::Status st = CheckMove(from, since, *to, *date); !st.ok()) {
    return Refused(st, *initiative, history, *to, *date);
  }
  Fields fields{{"status", *to}, {EnteredField(*to), *date}};
  if (auto put = s.client.Put("initiative", initiative->id, "", fields); !put.ok()) {
    return put.status();
  }
  s.out << "Moved '" << TextOf(*initiative, "title") << "' from " << from << " to " << *to << " on "
        << *date << ".\n";
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::vector<RecordView>>> ByStatus(Session& s,
                                                                        const InitiativeArgs& a) {
  std::string only;
  if (!a.status.empty()) {
    absl::StatusOr<std::string> typed = StatusTyped(a.status);
    if (!typed.ok()) return typed.status();
    only = *typed;
  }
  std::string community;
  if (!a.community.empty()) {
    absl::StatusOr<std::string> c = ResolveCommunity(s.client, a.community);
    if (!c.ok()) return c.status();
    community = *c;
  }
  std::map<std::string, std::vector<RecordView>> groups;
  absl::Status st = s.client.ForEach("initiative", [&](const RecordView& r) {
    const std::string status = CurrentStatus(r);
    if ((only.empty() || status == only) && (community.empty() || r.community_id == community)) {
      groups[status].push_back(r);
    }
    return true;
  });
  if (!st.ok()) return st;
  return groups;
}

void PrintGroup(Session& s, const std::string& status, const std::vector<RecordView>& group,
                const CommunityNames& names) {
  s.out << status << " (" << group.size() << ")\n";
  for (const RecordView& r : group) {
    const std::string cost = TextOf(r, "estimated_cost");
    s.out << "  " << TextOf(r, "title") << "  " << NameOf(names, r.community_id) << "  since "
          << TextOf(r, EnteredField(status)) << (cost.empty() ? "" : "  cost " + cost) << "  "
          << r.id << "\n";
  }
}

absl::Status List(Session& s, const InitiativeArgs& a) {
  absl::StatusOr<std::map<std::string, std::vector<RecordView>>> groups = ByStatus(s, a);
  if (!groups.ok()) return groups.status();
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& status : InitiativeStatuses()) {
    auto it = groups->find(status);
    if (it == groups->end()) continue;
    if (!a.json) {
      PrintGroup(s, status, it->second, *names);
      continue;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const RecordView& r : it->second) list.push_back(RecordJson(r));
    out.push_back({{"status", status}, {"initiatives", list}});
  }
  if (a.json) PrintJson(s.out, out);
  if (!a.json && groups->empty()) s.out << "No initiatives.\n";
  return absl::OkStatus();
}

}  // namespace

void AddInitiativeCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<InitiativeArgs>();
  CLI::App* initiatives =
      app.add_subcommand("initiatives", "community needs and mini-initiatives: add, move, list");
  initiatives->require_subcommand(1);
  CLI::App* add = initiatives->add_subcommand("add", "propose an initiative: add TITLE");
  add->add_option("title", a->title, "what it is (quoted, or as several words)")->required();
  add->add_option("--community", a->community, "community: name or id");
  add->add_option("--category", a->category, "e.g. water, shelter, roads");
  add->add_option("--cost", a->cost, "estimated cost");
  add->add_option("--donor", a->donor, "who funds it");
  add->add_option("--notes", a->notes, "notes");
  add->add_option("--date", a->date, "when it was proposed, YYYY-MM-DD (default: today)")
      ->transform(DateTyped());
  CLI::App* move = initiatives->add_subcommand("move", "move to a status: move I STATUS");
  move->add_option("initiative", a->initiative, "id or id prefix")->required();
  move->add_option("status", a->status, ChoicesHelp("initiative", "status", "the new status"))
      ->required();
  move->add_option("--date", a->date, "when, YYYY-MM-DD (default: today)")->transform(DateTyped());
  CLI::App* list = initiatives->add_subcommand("list", "initiatives by status");
  list->add_option("--status", a->status, ChoicesHelp("initiative", "status", "only this status"));
  list->add_option("--community", a->community, "only this community: name or id");
  list->add_flag("--json", a->json, "print JSON");
  table.Add(add, [a](Session& s) { return AddInitiative(s, *a); });
  table.Add(move, [a](Session& s) { return Move(s, *a); });
  table.Add(list, [a](Session& s) { return List(s, *a); });
}

}  // namespace hromada::cli
