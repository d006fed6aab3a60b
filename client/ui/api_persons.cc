// Persons: search as you type, the duplicate hint before saving, add,
// edit, one person with their meetings and sync state. Names travel in
// POST bodies, never in a URL.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "client/cli/parse.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/src/duplicates/duplicates.h"
#include "client/ui/api.h"
#include "client/ui/person_index.h"
#include "client/ui/views.h"
#include "shared/base/edit_distance.h"
#include "shared/base/text.h"

namespace hromada::ui {
namespace {

constexpr size_t kMaxFound = 50;
constexpr size_t kMaxHints = 3;
constexpr double kHintScore = 0.6;  // SuggestDuplicates' default

// POST /api/persons/search {text} -> {total, persons: [person]}: exact
// word matches (cli::HasEveryWord) first, then near ones, by name; all
// persons by name when `text` is empty. At most 50.
Response Search(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  Client& client = *app.client();
  if (absl::Status s = app.person_index().Refresh(client, app.data_generation()); !s.ok()) {
    return ErrorJson(s);
  }
  const std::vector<const PersonIndex::Entry*> found = app.person_index().Find(Str(*body, "text"));
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < found.size() && list.size() < kMaxFound; ++i) {
    absl::StatusOr<std::optional<RecordView>> p = client.Get("person", found[i]->id);
    if (!p.ok()) return ErrorJson(p.status());
    if (p->has_value()) list.push_back(PersonJson(**p, *names));
  }
  return Json({{"total", app.person_index().size()}, {"found", found.size()}, {"persons", list}});
}

PersonSummary SummaryOf(const RecordView& p) {
  return {p.id,
          cli::TextOf(p, "full_name"),
          cli::TextOf(p, "phone"),
          cli::IntOf(p, "birth_year"),
          p.community_id,
          cli::TextOf(p, "gender")};
}

// POST /api/persons/check {full_name, birth_year, phone, gender, id?} ->
// {hints: [person + score, reason]}: the persons this one may be
// (client/src/duplicates ScorePair), best first, at most 3; `id` (an
// edit) is left out.
Response Check(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  PersonSummary typed;
  typed.full_name = cli::SingleSpaced(Str(*body, "full_name"));
  typed.phone = Str(*body, "phone");
  typed.gender = Str(*body, "gender");
  int64_t year = 0;
  if (absl::SimpleAtoi(Str(*body, "birth_year"), &year)) typed.birth_year = year;
  const std::string self = Str(*body, "id");
  std::vector<std::pair<DuplicateSuggestion, RecordView>> hints;
  absl::Status s = app.client()->ForEach("person", [&](const RecordView& p) {
    if (p.id == self) return true;
    DuplicateSuggestion d = ScorePair(typed, SummaryOf(p));
    if (d.score >= kHintScore) hints.emplace_back(std::move(d), p);
    return true;
  });
  if (!s.ok()) return ErrorJson(s);
  std::sort(hints.begin(), hints.end(),
            [](const auto& x, const auto& y) { return x.first.score > y.first.score; });
  absl::StatusOr<Communities> names = LoadCommunities(*app.client());
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < hints.size() && i < kMaxHints; ++i) {
    nlohmann::json j = PersonJson(hints[i].second, *names);
    j["score"] = hints[i].first.score;
    list.push_back(std::move(j));
  }
  return Json({{"hints", list}});
}

// The person fields a form sends, as text, each read as the CLI reads it
// (cli::TypedValue: choices in people's words, numbers as typed). Empty
// text clears the field on an edit and is left out of a new person.
constexpr const char* kPersonFields[] = {
    "full_name", "gender",  "birth_year", "phone", "organisation", "organisation_kind",
    "idp",       "veteran", "disability", "youth", "notes"};

// The fields of `body`, or the first field's error in the page's words.
absl::StatusOr<Fields> PersonFields(const nlohmann::json& body, bool is_new, Lang lang,
                                    std::string* bad_field) {
  Fields fields;
  for (const char* field : kPersonFields) {
    auto it = body.find(field);
    if (it == body.end()) continue;
    std::string text = it->is_boolean()  ? (it->get<bool>() ? "yes" : "no")
                       : it->is_string() ? it->get<std::string>()
                                         : "";
    if (std::string(field) == "full_name") {
      absl::StatusOr<std::string> normal = NormalizeText(text);
      text = normal.ok() ? cli::SingleSpaced(*normal) : "";
      if (text.empty()) {
        *bad_field = field;
        return absl::InvalidArgumentError(Say("person.need_name", lang));
      }
    }
    if (text.empty() && is_new) continue;
    absl::StatusOr<Value> value = cli::TypedValue("person", field, text);
    if (!value.ok()) {
      *bad_field = field;
      if (std::string(field) == "birth_year") {
        return absl::InvalidArgumentError(Say("person.bad_year", lang));
      }
      return value.status();
    }
    fields[field] = *std::move(value);
  }
  if (is_new && !fields.count("full_name")) {
    *bad_field = "full_name";
    return absl::InvalidArgumentError(Say("person.need_name", lang));
  }
  return fields;
}

// POST /api/persons {community, <person fields>} -> {id}
Response Add(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  absl::StatusOr<std::string> community =
      cli::ResolveCommunity(*app.client(), Str(*body, "community"));
  if (!community.ok()) return ErrorJson(community.status(), "community");
  std::string bad;
  absl::StatusOr<Fields> fields = PersonFields(*body, true, app.lang(), &bad);
  if (!fields.ok()) return ErrorJson(fields.status(), bad);
  absl::StatusOr<std::string> id = app.client()->Put("person", "", *community, *fields);
  if (!id.ok()) return ErrorJson(id.status());
  return Json({{"id", *id}});
}

// POST /api/persons/edit {id, <person fields>} -> {id}
Response Edit(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  std::string bad;
  absl::StatusOr<Fields> fields = PersonFields(*body, false, app.lang(), &bad);
  if (!fields.ok()) return ErrorJson(fields.status(), bad);
  absl::StatusOr<std::string> id = app.client()->Put("person", Str(*body, "id"), "", *fields);
  if (!id.ok()) return ErrorJson(id.status());
  return Json({{"id", *id}});
}

// GET /api/person?id= -> {person, sync, meetings: [meeting]}
Response Show(App& app, const Request& r) {
  Client& client = *app.client();
  absl::StatusOr<std::optional<RecordView>> person = client.Get("person", r.Query("id"));
  if (!person.ok()) return ErrorJson(person.status());
  if (!person->has_value())
    return ErrorJson(absl::NotFoundError(Say("gate.not_found", app.lang())));
  absl::StatusOr<RecordSync> sync = client.SyncStateOf("person", (*person)->id);
  if (!sync.ok()) return ErrorJson(sync.status());
  absl::StatusOr<const AttendanceIndex*> marks = app.attendance();
  if (!marks.ok()) return ErrorJson(marks.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  std::vector<RecordView> meetings;
  for (const std::string& meeting : (*marks)->MeetingsOf((*person)->id)) {
    auto m = client.Get("meeting", meeting);
    if (m.ok() && m->has_value()) meetings.push_back(**m);
  }
  std::sort(meetings.begin(), meetings.end(), cli::MeetingEarlier);
  nlohmann::json list = nlohmann::json::array();
  for (const RecordView& m : meetings) list.push_back(MeetingJson(m, *names, -1));
  return Json(
      {{"person", PersonJson(**person, *names)}, {"sync", SyncJson(*sync)}, {"meetings", list}});
}

}  // namespace

void AddPersonRoutes(Router& router, App& app) {
  // Reads, though POSTs (a name stays out of the address).
  router.Add(
      "POST", "/api/persons/search",
      {[&app](const Request& r) { return Search(app, r); }, true, true, /*reads_only=*/true});
  router.Add("POST", "/api/persons/check",
             {[&app](const Request& r) { return Check(app, r); }, true, true, /*reads_only=*/true});
  router.Add("POST", "/api/persons", {[&app](const Request& r) { return Add(app, r); }});
  router.Add("POST", "/api/persons/edit", {[&app](const Request& r) { return Edit(app, r); }});
  router.Add("GET", "/api/person", {[&app](const Request& r) { return Show(app, r); }});
}

}  // namespace hromada::ui
