// The coordinators' queue screens: likely duplicates with merge, and
// conflicts with keep-current / keep-lost. Every rule is the CLI's own,
// from client/cli/coordination.h and conflict_sides.h (`hromada
// duplicates`, `merge`, `conflicts`); this file only words the results.
// Every route answers 403 with a sentence to a device that is not a
// coordinator (coord_roles.h).
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "client/cli/conflict_sides.h"
#include "client/cli/coordination.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/ui/api.h"
#include "client/ui/coord_roles.h"
#include "client/ui/views.h"
#include "shared/report/labels.h"
#include "shared/sync/schema.h"

namespace hromada::ui {
namespace {

// Pairs a coordinator said are two people, while this `hromada ui` runs
// (no record kind says "not the same": the next run asks again).
using Dismissed = std::set<std::pair<std::string, std::string>>;

ReportLang ReportLangOf(Lang lang) { return lang == Lang::kEn ? ReportLang::kEn : ReportLang::kUk; }

nlohmann::json PersonSide(Client& client, const PersonSummary& p, const Communities& names) {
  absl::StatusOr<std::vector<RecordView>> marks = cli::AttendanceWhere(client, "person", p.id);
  RecordView shell;
  shell.id = p.id;
  shell.community_id = p.community_id;
  nlohmann::json j = BaseJson(shell, names);
  j["full_name"] = p.full_name;
  j["birth_year"] = p.birth_year > 0 ? nlohmann::json(p.birth_year) : nlohmann::json(nullptr);
  j["meetings"] = marks.ok() ? static_cast<int64_t>(marks->size()) : 0;
  return j;
}

// GET /api/coord/duplicates -> {pairs: [{score, a: side, b: side}]}, a
// side {id, full_name, birth_year, community…, meetings}: the queue of
// `hromada duplicates` at its default score, less the pairs dismissed.
Response Duplicates(App& app, const Dismissed& dismissed) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  Client& client = *app.client();
  absl::StatusOr<std::map<std::string, PersonSummary>> persons = cli::PersonSummaries(client);
  if (!persons.ok()) return ErrorJson(persons.status());
  absl::StatusOr<std::vector<DuplicateSuggestion>> queue =
      cli::DuplicateQueue(client, *persons, 0.6);
  if (!queue.ok()) return ErrorJson(queue.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json pairs = nlohmann::json::array();
  for (const DuplicateSuggestion& d : *queue) {
    if (dismissed.count({d.a, d.b}) > 0) continue;
    pairs.push_back({{"score", d.score},
                     {"a", PersonSide(client, persons->at(d.a), *names)},
                     {"b", PersonSide(client, persons->at(d.b), *names)}});
  }
  return Json({{"pairs", pairs}});
}

absl::StatusOr<RecordView> PersonById(Client& client, const std::string& id, Lang lang) {
  absl::StatusOr<std::optional<RecordView>> found = client.Get("person", id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return absl::NotFoundError(Say("gate.not_found", lang));
  return **found;
}

// POST /api/coord/merge {person, same_as} -> {merged}: `hromada merge`;
// merged is false when the two were merged already.
Response Merge(App& app, const Request& r) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<RecordView> a = PersonById(client, Str(*body, "person"), app.lang());
  if (!a.ok()) return ErrorJson(a.status());
  absl::StatusOr<RecordView> b = PersonById(client, Str(*body, "same_as"), app.lang());
  if (!b.ok()) return ErrorJson(b.status());
  absl::StatusOr<bool> merged = cli::MergePersons(client, *a, *b);
  if (!merged.ok()) return ErrorJson(merged.status());
  return Json({{"merged", *merged}});
}

// POST /api/coord/not-same {a, b} -> {}: the pair leaves the queue while
// this `hromada ui` runs.
Response NotSame(App& app, const Request& r, Dismissed& dismissed) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  std::string a = Str(*body, "a"), b = Str(*body, "b");
  if (b < a) std::swap(a, b);  // as DuplicateSuggestion orders them
  dismissed.insert({a, b});
  return Json(nlohmann::json::object());
}

// A side's value in words: a choice's label, yes/no, a record's label.
std::string ValueWords(Client& client, const RecordView& c, const cli::ConflictSide& side,
                       Lang lang) {
  const std::string kind = cli::TextOf(c, "record_kind"), field = cli::TextOf(c, "field");
  if (side.deleted) return Say("coord.value_deleted", lang);
  if (field.empty()) return Say("coord.value_record_kept", lang);
  if (side.damaged || !side.value.has_value()) return "?";
  const Value& v = *side.value;
  if (std::holds_alternative<Null>(v)) return Say("coord.value_cleared", lang);
  if (const bool* flag = std::get_if<bool>(&v)) {
    return report_render::ValueLabel("idp", *flag ? "yes" : "no", ReportLangOf(lang));
  }
  const KindSpec* spec = FindKind(kind);
  const FieldSpec* f = spec != nullptr ? spec->Find(field) : nullptr;
  if (f != nullptr && f->type == FieldType::kEnum) {
    return report_render::ValueLabel(field, ValueToText(v), ReportLangOf(lang));
  }
  if (const Ref* ref = std::get_if<Ref>(&v); ref != nullptr && f != nullptr) {
    absl::StatusOr<std::optional<RecordView>> to = client.Get(f->ref_kind, ref->id);
    if (to.ok() && to->has_value()) return cli::Label(**to);
  }
  return ValueToText(v);
}

nlohmann::json SideJson(Client& client, const RecordView& c, const std::string& which,
                        const std::string& self, Lang lang) {
  const cli::ConflictSide side = cli::SideOf(c, which);
  return {{"words", ValueWords(client, c, side, lang)},
          {"deleted", side.deleted},
          {"this_device", !side.device.empty() && side.device == self},
          {"device_short", side.device.substr(0, 8)},
          {"device_name", side.device_name},
          {"at_ms", side.at_ms}};
}

// GET /api/coord/conflicts -> {conflicts: [{id, community…, record_kind,
// record_label, field, field_label, kept: side, lost: side}]}, a side
// {words, deleted, this_device, device_short, device_name, at_ms};
// `hromada conflicts`' open ones in its order. device_name is "" for a
// conflict the server kept without names.
Response Conflicts(App& app) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  const Lang lang = app.lang();
  Client& client = *app.client();
  absl::StatusOr<std::vector<RecordView>> open = cli::OpenConflicts(client);
  if (!open.ok()) return ErrorJson(open.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  // In `hromada conflicts`' order: community, record, field, when it lost.
  using Key = std::tuple<std::string, std::string, std::string, int64_t>;
  std::vector<std::pair<Key, nlohmann::json>> rows;
  for (const RecordView& c : *open) {
    RecordView shell;
    shell.id = c.id;
    shell.community_id = cli::TextOf(c, "community");
    nlohmann::json j = BaseJson(shell, *names);
    const std::string kind = cli::TextOf(c, "record_kind"), field = cli::TextOf(c, "field");
    absl::StatusOr<std::optional<RecordView>> record = client.Get(kind, cli::TextOf(c, "record"));
    const std::string label =
        record.ok() && record->has_value() ? cli::Label(**record) : Say("coord.record_gone", lang);
    const std::string key = "field." + field;
    j["record_kind"] = kind;
    j["record_label"] = label;
    j["field"] = field;
    j["field_label"] = field.empty()    ? Say("coord.whole_record", lang)
                       : HasPhrase(key) ? Say(key, lang)
                                        : field;
    j["kept"] = SideJson(client, c, "kept", status->device_id, lang);
    j["lost"] = SideJson(client, c, "lost", status->device_id, lang);
    const nlohmann::json& latin = j["community_latin"];
    rows.emplace_back(Key{latin.is_string() ? latin.get<std::string>() : shell.community_id, label,
                          field, cli::IntOf(c, "lost_ms")},
                      std::move(j));
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  nlohmann::json list = nlohmann::json::array();
  for (auto& [key, j] : rows) list.push_back(std::move(j));
  return Json({{"conflicts", list}});
}

// POST /api/coord/conflicts/resolve {id, keep: "lost"|"current"} -> {}:
// `hromada conflicts resolve ID --keep lost|current`.
Response Resolve(App& app, const Request& r) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<std::optional<RecordView>> c = client.Get("conflict", Str(*body, "id"));
  if (!c.ok()) return ErrorJson(c.status());
  if (!c->has_value()) return ErrorJson(absl::NotFoundError(Say("gate.not_found", lang)));
  const std::string keep = Str(*body, "keep");
  if (keep != "lost" && keep != "current") {
    return ErrorJson(absl::InvalidArgumentError(Say("coord.keep_which", lang)), "keep");
  }
  absl::Status s = cli::ResolveConflict(client, **c, keep);
  if (s.code() == absl::StatusCode::kFailedPrecondition) {
    return ErrorJson(absl::FailedPreconditionError(Say("coord.resolved_already", lang)));
  }
  if (!s.ok()) return ErrorJson(s);
  return Json(nlohmann::json::object());
}

// GET /api/coord/roles -> {coordinator, network}: which of these screens
// the menu offers (any role may ask).
Response Roles(App& app) {
  absl::StatusOr<ClientStatus> status = app.client()->GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  const bool network = status->role == Role::kNetworkCoordinator;
  return Json(
      {{"coordinator", network || status->role == Role::kCoordinator}, {"network", network}});
}

}  // namespace

void AddCoordinatorRoutes(Router& router, App& app) {
  auto dismissed = std::make_shared<Dismissed>();
  router.Add("GET", "/api/coord/roles", {[&app](const Request&) { return Roles(app); }});
  router.Add("GET", "/api/coord/duplicates",
             {[&app, dismissed](const Request&) { return Duplicates(app, *dismissed); }});
  router.Add("POST", "/api/coord/merge", {[&app](const Request& r) { return Merge(app, r); }});
  router.Add("POST", "/api/coord/not-same",
             {[&app, dismissed](const Request& r) { return NotSame(app, r, *dismissed); }});
  router.Add("GET", "/api/coord/conflicts", {[&app](const Request&) { return Conflicts(app); }});
  router.Add("POST", "/api/coord/conflicts/resolve",
             {[&app](const Request& r) { return Resolve(app, r); }});
  AddCoordinatorReportRoutes(router, app);
}

}  // namespace hromada::ui
