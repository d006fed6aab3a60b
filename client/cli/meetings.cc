// meetings new | list | show: the working group's meetings in each community.
#include <algorithm>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/roster.h"
#include "client/src/json.h"
#include "shared/cli/choices.h"

namespace hromada::cli {
namespace {

struct MeetingArgs {
  std::string community, date, number, format, topics, notes;
  std::string from, to;
  std::string meeting;
  bool json = false;
};

absl::StatusOr<std::vector<RecordView>> MeetingsIn(Client& client, const std::string& community) {
  return ListWhere(client, "meeting",
                   [&](const RecordView& r) { return r.community_id == community; });
}

absl::StatusOr<Fields> NewMeetingFields(Session& s, const MeetingArgs& a,
                                        const std::vector<RecordView>& series) {
  absl::StatusOr<std::string> date = DateOrToday("--date", a.date, s.options);
  if (!date.ok()) return date.status();
  Fields fields{{"date", *date}};
  const std::pair<const char*, const std::string*> texts[] = {
      {"number", &a.number}, {"format", &a.format}, {"topics", &a.topics}, {"notes", &a.notes}};
  for (const auto& [field, text] : texts) {
    if (absl::Status st = SetIfGiven("meeting", field, *text, fields); !st.ok()) return st;
  }
  if (a.number.empty()) fields["number"] = NextNumber(series);
  return fields;
}

absl::Status NewMeeting(Session& s, const MeetingArgs& a) {
  absl::StatusOr<std::string> community = ResolveCommunity(s.client, a.community);
  if (!community.ok()) return community.status();
  absl::StatusOr<std::vector<RecordView>> series = MeetingsIn(s.client, *community);
  if (!series.ok()) return series.status();
  absl::StatusOr<Fields> fields = NewMeetingFields(s, a, *series);
  if (!fields.ok()) return fields.status();
  absl::StatusOr<std::string> id = s.client.Put("meeting", "", *community, *fields);
  if (!id.ok()) return id.status();
  absl::StatusOr<std::optional<RecordView>> made = s.client.Get("meeting", *id);
  s.out << *id << "  " << (made.ok() && made->has_value() ? Label(**made) : "") << "\n";
  const std::string date = std::get<std::string>(fields->at("date"));
  for (const RecordView& m : *series) {
    if (TextOf(m, "date") == date) {
      s.err << "note: the meeting no. " << IntOf(m, "number") << " of this community is on " << date
            << " too; name one of them with its number: '" << date << " #" << IntOf(m, "number")
            << "' or '" << date << " #"
            << (made.ok() && made->has_value() ? IntOf(**made, "number") : 0) << "'\n";
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, int64_t>> AttendanceCounts(Client& client) {
  std::map<std::string, int64_t> counts;
  absl::Status s = client.ForEach("attendance", [&](const RecordView& r) {
    ++counts[TextOf(r, "meeting")];
    return true;
  });
  if (!s.ok()) return s;
  return counts;
}

absl::StatusOr<std::vector<RecordView>> SelectMeetings(Session& s, const MeetingArgs& a) {
  // --from and --to are YYYY-MM-DD: DateTyped read them.
  std::string community;
  if (!a.community.empty()) {
    absl::StatusOr<std::string> c = ResolveCommunity(s.client, a.community);
    if (!c.ok()) return c.status();
    community = *c;
  }
  auto meetings = ListWhere(s.client, "meeting", [&](const RecordView& r) {
    const std::string date = TextOf(r, "date");
    return (community.empty() || r.community_id == community) &&
           (a.from.empty() || date >= a.from) && (a.to.empty() || date <= a.to);
  });
  if (meetings.ok()) std::sort(meetings->begin(), meetings->end(), MeetingEarlier);
  return meetings;
}

absl::Status ListMeetings(Session& s, const MeetingArgs& a) {
  absl::StatusOr<std::vector<RecordView>> meetings = SelectMeetings(s, a);
  if (!meetings.ok()) return meetings.status();
  absl::StatusOr<std::map<std::string, int64_t>> counts = AttendanceCounts(s.client);
  if (!counts.ok()) return counts.status();
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  nlohmann::json list = nlohmann::json::array();
  for (const RecordView& m : *meetings) {
    const int64_t present = (*counts)[m.id];
    if (a.json) {
      nlohmann::json j = RecordJson(m);
      j["attendance"] = present;
      list.push_back(std::move(j));
      continue;
    }
    s.out << TextOf(m, "date") << "  no. " << IntOf(m, "number") << "  "
          << NameOf(*names, m.community_id) << "  " << present << " present  " << m.id << "\n";
  }
  if (a.json) PrintJson(s.out, list);
  if (!a.json && meetings->empty()) s.out << "No meetings.\n";
  return absl::OkStatus();
}

// (person, attendance) of everyone marked at `meeting`, by name.
using Present = std::vector<std::pair<RecordView, RecordView>>;
absl::StatusOr<Present> PresentAt(Client& client, const std::string& meeting) {
  absl::StatusOr<std::vector<RecordView>> marks = AttendanceWhere(client, "meeting", meeting);
  if (!marks.ok()) return marks.status();
  Present present;
  for (const RecordView& mark : *marks) {
    absl::StatusOr<std::optional<RecordView>> p = client.Get("person", TextOf(mark, "person"));
    if (!p.ok()) return p.status();
    if (p->has_value()) present.emplace_back(**p, mark);
  }
  std::sort(present.begin(), present.end(), [](const auto& x, const auto& y) {
    return TextOf(x.first, "full_name") < TextOf(y.first, "full_name");
  });
  return present;
}

void PrintMeeting(Session& s, const RecordView& meeting, const Present& present,
                  const CommunityNames& names) {
  s.out << "id: " << meeting.id << "\ncommunity: " << NameOf(names, meeting.community_id) << "\n";
  for (const auto& [field, value] : meeting.fields) {
    s.out << field << ": " << ValueToText(value) << "\n";
  }
  s.out << "attended: " << present.size() << "\n";
  for (const auto& [p, mark] : present) {
    const std::string role = TextOf(mark, "role"), mode = TextOf(mark, "mode");
    s.out << "  " << TextOf(p, "full_name") << (role.empty() ? "" : ", " + role)
          << (mode.empty() ? "" : ", " + mode) << "  " << p.id << "\n";
  }
}

absl::Status ShowMeeting(Session& s, const MeetingArgs& a) {
  absl::StatusOr<RecordView> meeting = Resolve(s.client, "meeting", a.meeting);
  if (!meeting.ok()) return meeting.status();
  absl::StatusOr<Present> present = PresentAt(s.client, meeting->id);
  if (!present.ok()) return present.status();
  absl::StatusOr<RecordSync> sync = s.client.SyncStateOf("meeting", meeting->id);
  if (!sync.ok()) return sync.status();
  if (a.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [p, mark] : *present) {
      list.push_back({{"person", RecordJson(p)}, {"attendance", RecordJson(mark)}});
    }
    PrintJson(
        s.out,
        {{"meeting", RecordJson(*meeting)}, {"attended", list}, {"sync", client::ToJson(*sync)}});
    return absl::OkStatus();
  }
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  s.out << "sync: " << client::SyncText(*sync) << "\n";
  PrintMeeting(s, *meeting, *present, *names);
  return absl::OkStatus();
}

}  // namespace

void AddMeetingCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<MeetingArgs>();
  CLI::App* meetings = app.add_subcommand("meetings", "working group meetings: new, list, show");
  meetings->require_subcommand(1);
  CLI::App* add = meetings->add_subcommand("new", "record a meeting");
  add->add_option("--community", a->community, "community: name or id");
  add->add_option("--date", a->date, "YYYY-MM-DD (default: today)")->transform(DateTyped());
  add->add_option("--number", a->number, "number in the series (default: the next one)");
  add->add_option("--format", a->format, ChoicesHelp("meeting", "format"));
  add->add_option("--topics", a->topics, "what was discussed");
  add->add_option("--notes", a->notes, "notes");
  CLI::App* list = meetings->add_subcommand("list", "meetings by date, with attendance");
  list->add_option("--community", a->community, "only this community: name or id");
  list->add_option("--from", a->from, "from this date, YYYY-MM-DD")->transform(DateTyped());
  list->add_option("--to", a->to, "up to this date, YYYY-MM-DD")->transform(DateTyped());
  list->add_flag("--json", a->json, "print JSON");
  CLI::App* show = meetings->add_subcommand("show", "a meeting and who attended");
  show->add_option("meeting", a->meeting, "id or id prefix")->required();
  show->add_flag("--json", a->json, "print JSON");
  table.Add(add, [a](Session& s) { return NewMeeting(s, *a); });
  table.Add(list, [a](Session& s) { return ListMeetings(s, *a); });
  table.Add(show, [a](Session& s) { return ShowMeeting(s, *a); });
}

}  // namespace hromada::cli
