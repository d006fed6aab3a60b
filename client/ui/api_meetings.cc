// Meetings and attendance: the list by date, a new meeting, the roster
// as a check list (most frequent first), a mark or unmark, and "same as
// last meeting". The series and marking rules are client/cli/roster.h,
// as `hromada meetings new` and `hromada attendance mark` use them.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/roster.h"
#include "client/ui/api.h"
#include "client/ui/person_index.h"
#include "client/ui/views.h"

namespace hromada::ui {
namespace {

// GET /api/meetings -> [meeting + present], latest first.
Response List(App& app) {
  Client& client = *app.client();
  absl::StatusOr<std::vector<RecordView>> meetings = cli::ListWhere(client, "meeting");
  if (!meetings.ok()) return ErrorJson(meetings.status());
  std::sort(meetings->begin(), meetings->end(),
            [](const RecordView& x, const RecordView& y) { return cli::MeetingEarlier(y, x); });
  absl::StatusOr<const AttendanceIndex*> marks = app.attendance();
  if (!marks.ok()) return ErrorJson(marks.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json list = nlohmann::json::array();
  for (const RecordView& m : *meetings) {
    list.push_back(MeetingJson(m, *names, static_cast<int64_t>((*marks)->PersonsAt(m.id).size())));
  }
  return Json(list);
}

// POST /api/meetings {community, date (as typed), number?, format?,
// topics?} -> {id}. Without a number: the next in the community's series.
Response Add(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<std::string> community = cli::ResolveCommunity(client, Str(*body, "community"));
  if (!community.ok()) return ErrorJson(community.status(), "community");
  std::optional<std::string> date = cli::ReadDate(Str(*body, "date"));
  if (!date) return ErrorJson(absl::InvalidArgumentError(Say("meeting.bad_date", lang)), "date");
  Fields fields{{"date", *date}};
  for (const char* field : {"number", "format", "topics"}) {
    if (absl::Status s = cli::SetIfGiven("meeting", field, Str(*body, field), fields); !s.ok()) {
      return ErrorJson(s, field);
    }
  }
  if (!fields.count("number")) {
    auto series = cli::ListWhere(client, "meeting",
                                 [&](const RecordView& m) { return m.community_id == *community; });
    if (!series.ok()) return ErrorJson(series.status());
    fields["number"] = cli::NextNumber(*series);
  }
  absl::StatusOr<std::string> id = client.Put("meeting", "", *community, fields);
  if (!id.ok()) return ErrorJson(id.status());
  return Json({{"id", *id}});
}

absl::StatusOr<RecordView> MeetingOf(Client& client, const std::string& id, Lang lang) {
  absl::StatusOr<std::optional<RecordView>> m = client.Get("meeting", id);
  if (!m.ok()) return m.status();
  if (!m->has_value()) return absl::NotFoundError(Say("gate.not_found", lang));
  return **m;
}

// GET /api/roster?meeting= -> {meeting, has_previous, people: [{id,
// full_name, birth_year, visits, present}]}: the community's people and
// anyone marked here, most meetings attended first, then by name.
Response Roster(App& app, const Request& r) {
  Client& client = *app.client();
  absl::StatusOr<RecordView> meeting = MeetingOf(client, r.Query("meeting"), app.lang());
  if (!meeting.ok()) return ErrorJson(meeting.status());
  absl::StatusOr<const AttendanceIndex*> marks = app.attendance();
  if (!marks.ok()) return ErrorJson(marks.status());
  const std::set<std::string>& here = (*marks)->PersonsAt(meeting->id);
  PersonIndex& index = app.person_index();
  if (absl::Status s = index.Refresh(client, app.data_generation()); !s.ok()) return ErrorJson(s);
  std::vector<const PersonIndex::Entry*> people;
  for (const PersonIndex::Entry& p : index.entries()) {
    if (p.community_id == meeting->community_id || here.count(p.id) > 0) people.push_back(&p);
  }
  // The index is by name, so a stable sort keeps the names in order.
  std::stable_sort(people.begin(), people.end(), [&](const auto* x, const auto* y) {
    return (*marks)->MeetingsOf(x->id).size() > (*marks)->MeetingsOf(y->id).size();
  });
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json list = nlohmann::json::array();
  for (const PersonIndex::Entry* p : people) {
    list.push_back({{"id", p->id},
                    {"full_name", p->full_name},
                    {"birth_year", p->birth_year > 0 ? nlohmann::json(p->birth_year) : nullptr},
                    {"visits", (*marks)->MeetingsOf(p->id).size()},
                    {"present", here.count(p->id) > 0}});
  }
  const bool has_previous = cli::PreviousMeeting(client, *meeting).ok();
  return Json({{"meeting", MeetingJson(*meeting, *names, static_cast<int64_t>(here.size()))},
               {"has_previous", has_previous},
               {"people", list}});
}

// POST /api/attendance {meeting, person, present} -> {present}
Response Mark(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<RecordView> meeting = MeetingOf(client, Str(*body, "meeting"), app.lang());
  if (!meeting.ok()) return ErrorJson(meeting.status());
  const std::string person = Str(*body, "person");
  const bool present = body->value("present", false);
  if (present) {
    absl::StatusOr<std::vector<Edit>> edits = cli::MarkEdits(client, *meeting, {person}, {});
    if (!edits.ok()) return ErrorJson(edits.status());
    if (auto ids = client.PutAll(*edits); !ids.ok()) return ErrorJson(ids.status());
  } else {
    absl::StatusOr<std::string> id = AttendanceId(meeting->id, person);
    if (!id.ok()) return ErrorJson(id.status());
    absl::Status s = client.Delete("attendance", *id);
    if (!s.ok() && s.code() != absl::StatusCode::kNotFound) return ErrorJson(s);
  }
  return Json({{"present", present}});
}

// POST /api/attendance/same-as-last {meeting} -> {marked}: everyone
// present at the community's previous meeting, in one transaction.
Response SameAsLast(App& app, const Request& r) {
  Response error;
  auto body = BodyJson(r, app.lang(), &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<RecordView> meeting = MeetingOf(client, Str(*body, "meeting"), app.lang());
  if (!meeting.ok()) return ErrorJson(meeting.status());
  absl::StatusOr<RecordView> last = cli::PreviousMeeting(client, *meeting);
  if (!last.ok()) {
    return ErrorJson(absl::FailedPreconditionError(Say("roster.no_last", app.lang())));
  }
  absl::StatusOr<std::vector<RecordView>> marks = cli::AttendanceWhere(client, "meeting", last->id);
  if (!marks.ok()) return ErrorJson(marks.status());
  std::vector<std::string> persons;
  for (const RecordView& mark : *marks) persons.push_back(cli::TextOf(mark, "person"));
  absl::StatusOr<std::vector<Edit>> edits = cli::MarkEdits(client, *meeting, persons, {});
  if (!edits.ok()) return ErrorJson(edits.status());
  if (!edits->empty()) {
    if (auto ids = client.PutAll(*edits); !ids.ok()) return ErrorJson(ids.status());
  }
  return Json({{"marked", edits->size()}});
}

}  // namespace

void AddMeetingRoutes(Router& router, App& app) {
  router.Add("GET", "/api/meetings", {[&app](const Request&) { return List(app); }});
  router.Add("POST", "/api/meetings", {[&app](const Request& r) { return Add(app, r); }});
  router.Add("GET", "/api/roster", {[&app](const Request& r) { return Roster(app, r); }});
  router.Add("POST", "/api/attendance", {[&app](const Request& r) { return Mark(app, r); }});
  router.Add("POST", "/api/attendance/same-as-last",
             {[&app](const Request& r) { return SameAsLast(app, r); }});
}

}  // namespace hromada::ui
