// persons add | find | show | edit: the participants of the working groups.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/command.h"
#include "client/cli/output.h"
#include "client/cli/parse.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/src/json.h"
#include "shared/base/text.h"
#include "shared/cli/choices.h"
#include "shared/sync/validate.h"

namespace hromada::cli {
namespace {

struct PersonArgs {
  std::vector<std::string> name;  // the words of a new person's full name
  std::string community, gender, birth_year, phone, org, org_kind;
  // Yes/no questions: set by --idp / --no-idp and friends; unset is a
  // question nobody asked, which reports tell apart from "no".
  std::map<std::string, bool> flags;
  std::string who;  // find: part of a name; show, edit: a person
  std::vector<std::string> assignments;
  bool json = false;
};

absl::StatusOr<Fields> NewPersonFields(const PersonArgs& a) {
  absl::StatusOr<std::string> typed = NormalizeText(absl::StrJoin(a.name, " "));
  if (!typed.ok()) return typed.status();
  const std::string name = SingleSpaced(*typed);
  if (name.empty()) return absl::InvalidArgumentError("a person needs a name");
  Fields fields{{"full_name", name}};
  const std::pair<const char*, const std::string*> texts[] = {{"gender", &a.gender},
                                                              {"birth_year", &a.birth_year},
                                                              {"phone", &a.phone},
                                                              {"organisation", &a.org},
                                                              {"organisation_kind", &a.org_kind}};
  for (const auto& [field, text] : texts) {
    if (absl::Status s = SetIfGiven("person", field, *text, fields); !s.ok()) return s;
  }
  for (const auto& [field, yes] : a.flags) fields[field] = yes;
  return fields;
}

// A likely duplicate is cheaper to catch now than to merge later.
void NoteNamesakes(Session& s, const std::string& id, const std::string& name) {
  const std::string key = SearchKey(name);
  auto same = ListWhere(s.client, "person", [&](const RecordView& r) {
    return r.id != id && SearchKey(TextOf(r, "full_name")) == key;
  });
  if (!same.ok()) return;
  for (const RecordView& r : *same) {
    s.err << "note: " << r.id << " is also named " << TextOf(r, "full_name")
          << "; if it is the same person, use that id instead\n";
  }
}

absl::Status AddPerson(Session& s, const PersonArgs& a) {
  absl::StatusOr<std::string> community = ResolveCommunity(s.client, a.community);
  if (!community.ok()) return community.status();
  absl::StatusOr<Fields> fields = NewPersonFields(a);
  if (!fields.ok()) return fields.status();
  absl::StatusOr<std::string> id = s.client.Put("person", "", *community, *fields);
  if (!id.ok()) return id.status();
  s.out << *id << "\n";
  NoteNamesakes(s, *id, std::get<std::string>(fields->at("full_name")));
  return absl::OkStatus();
}

std::string PersonLine(const RecordView& p, const CommunityNames& names) {
  std::string line =
      absl::StrCat(p.id, "  ", TextOf(p, "full_name"), "  (", NameOf(names, p.community_id));
  if (IntOf(p, "birth_year") > 0) absl::StrAppend(&line, ", born ", IntOf(p, "birth_year"));
  return line + ")";
}

absl::Status FindPersons(Session& s, const PersonArgs& a) {
  if (!IsValidUtf8(a.who)) {
    return absl::InvalidArgumentError(
        "the name typed is not valid UTF-8 text; check the terminal's encoding");
  }
  const std::string key = SearchKey(a.who);
  if (key.empty()) return absl::InvalidArgumentError("type a part of the name to look for");
  auto found = ListWhere(s.client, "person", [&](const RecordView& r) {
    return HasEveryWord(TextOf(r, "full_name"), a.who);
  });
  if (!found.ok()) return found.status();
  std::sort(found->begin(), found->end(), [](const RecordView& x, const RecordView& y) {
    return TextOf(x, "full_name") < TextOf(y, "full_name");
  });
  if (a.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const RecordView& p : *found) list.push_back(RecordJson(p));
    PrintJson(s.out, list);
    return absl::OkStatus();
  }
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  if (found->empty()) s.out << "No person's name contains '" << a.who << "'.\n";
  for (const RecordView& p : *found) s.out << PersonLine(p, *names) << "\n";
  return absl::OkStatus();
}

// The meetings `person_id` attended, by date.
absl::StatusOr<std::vector<RecordView>> MeetingsOf(Client& client, const std::string& person_id) {
  absl::StatusOr<std::vector<RecordView>> marks = AttendanceWhere(client, "person", person_id);
  if (!marks.ok()) return marks.status();
  std::vector<RecordView> meetings;
  for (const RecordView& mark : *marks) {
    absl::StatusOr<std::optional<RecordView>> m = client.Get("meeting", TextOf(mark, "meeting"));
    if (!m.ok()) return m.status();
    if (m->has_value()) meetings.push_back(**m);
  }
  std::sort(meetings.begin(), meetings.end(), [](const RecordView& x, const RecordView& y) {
    return TextOf(x, "date") < TextOf(y, "date");
  });
  return meetings;
}

// The other person records merged with `id` (person_merge, chains too),
// by id; merges of records this device does not hold are left out.
absl::StatusOr<std::vector<RecordView>> TwinsOf(Client& client, const std::string& id) {
  std::multimap<std::string, std::string> links;
  absl::Status st = client.ForEach("person_merge", [&](const RecordView& r) {
    links.emplace(TextOf(r, "person"), TextOf(r, "same_as"));
    links.emplace(TextOf(r, "same_as"), TextOf(r, "person"));
    return true;
  });
  if (!st.ok()) return st;
  std::set<std::string> group{id};
  std::vector<std::string> todo{id};
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    for (auto [it, end] = links.equal_range(next); it != end; ++it) {
      if (group.insert(it->second).second) todo.push_back(it->second);
    }
  }
  std::vector<RecordView> twins;
  for (const std::string& twin : group) {
    if (twin == id) continue;
    absl::StatusOr<std::optional<RecordView>> p = client.Get("person", twin);
    if (!p.ok()) return p.status();
    if (p->has_value()) twins.push_back(**p);
  }
  return twins;
}

// The meetings of `person` and its twins together, each once, by date.
absl::StatusOr<std::vector<RecordView>> CombinedMeetings(Client& client, const RecordView& person,
                                                         const std::vector<RecordView>& twins) {
  absl::StatusOr<std::vector<RecordView>> all = MeetingsOf(client, person.id);
  if (!all.ok()) return all.status();
  for (const RecordView& twin : twins) {
    absl::StatusOr<std::vector<RecordView>> more = MeetingsOf(client, twin.id);
    if (!more.ok()) return more.status();
    all->insert(all->end(), more->begin(), more->end());
  }
  std::stable_sort(all->begin(), all->end(), [](const RecordView& x, const RecordView& y) {
    const std::string dx = TextOf(x, "date"), dy = TextOf(y, "date");
    return dx != dy ? dx < dy : x.id < y.id;
  });
  all->erase(std::unique(all->begin(), all->end(),
                         [](const RecordView& x, const RecordView& y) { return x.id == y.id; }),
             all->end());
  return all;
}

absl::Status ShowPerson(Session& s, const PersonArgs& a) {
  absl::StatusOr<RecordView> person = Resolve(s.client, "person", a.who);
  if (!person.ok()) return person.status();
  absl::StatusOr<std::vector<RecordView>> twins = TwinsOf(s.client, person->id);
  if (!twins.ok()) return twins.status();
  absl::StatusOr<std::vector<RecordView>> meetings = CombinedMeetings(s.client, *person, *twins);
  if (!meetings.ok()) return meetings.status();
  absl::StatusOr<RecordSync> sync = s.client.SyncStateOf("person", person->id);
  if (!sync.ok()) return sync.status();
  if (a.json) {
    nlohmann::json list = nlohmann::json::array(), same = nlohmann::json::array();
    for (const RecordView& m : *meetings) list.push_back(RecordJson(m));
    for (const RecordView& t : *twins) same.push_back(RecordJson(t));
    PrintJson(s.out, {{"person", RecordJson(*person)},
                      {"same_as", same},
                      {"meetings", list},
                      {"sync", client::ToJson(*sync)}});
    return absl::OkStatus();
  }
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  s.out << "id: " << person->id << "\ncommunity: " << NameOf(*names, person->community_id) << "\n";
  for (const auto& [field, value] : person->fields)
    s.out << field << ": " << ValueToText(value) << "\n";
  s.out << "sync: " << client::SyncText(*sync) << "\n";
  for (const RecordView& t : *twins) {
    s.out << "same person as: " << TextOf(t, "full_name") << "  " << t.id << " ("
          << NameOf(*names, t.community_id) << ")\n";
  }
  s.out << "meetings attended: " << meetings->size()
        << (twins->empty() ? "" : " (with the merged records)") << "\n";
  for (const RecordView& m : *meetings) {
    s.out << "  " << Label(m) << " in " << NameOf(*names, m.community_id) << "  " << m.id << "\n";
  }
  return absl::OkStatus();
}

absl::Status EditPerson(Session& s, const PersonArgs& a) {
  absl::StatusOr<RecordView> person = Resolve(s.client, "person", a.who);
  if (!person.ok()) return person.status();
  if (a.assignments.empty() && a.flags.empty()) {
    return absl::InvalidArgumentError("give the changes as field=value (or --idp, --no-idp, …)");
  }
  absl::StatusOr<Fields> fields = ParseAssignments("person", a.assignments);
  if (!fields.ok()) return fields.status();
  for (const auto& [field, yes] : a.flags) (*fields)[field] = yes;
  if (auto name = fields->find("full_name"); name != fields->end()) {
    if (const auto* text = std::get_if<std::string>(&name->second))
      name->second = SingleSpaced(*text);
  }
  absl::StatusOr<std::string> id = s.client.Put("person", person->id, "", *fields);
  if (!id.ok()) return id.status();
  s.out << "Updated " << *id << " (" << TextOf(*person, "full_name") << ").\n";
  return absl::OkStatus();
}

// --FLAG and --no-FLAG for each yes/no question; giving neither leaves it
// not asked, giving both is refused.
void AddYesNoOptions(CLI::App* cmd, PersonArgs& a) {
  static const std::pair<const char*, const char*> kQuestions[] = {
      {"idp", "internally displaced"},
      {"veteran", "a veteran"},
      {"disability", "has a disability"},
      {"youth", "a young person"}};
  for (const auto& [field, meaning] : kQuestions) {
    const std::string name = field;
    std::map<std::string, bool>* flags = &a.flags;
    CLI::Option* yes = cmd->add_flag_callback(
        "--" + name, [flags, name] { (*flags)[name] = true; }, std::string("yes: ") + meaning);
    CLI::Option* no = cmd->add_flag_callback(
        "--no-" + name, [flags, name] { (*flags)[name] = false; },
        std::string("no: not ") + meaning);
    yes->excludes(no);
  }
}

void AddPersonOptions(CLI::App* add, PersonArgs& a) {
  add->add_option("name", a.name, "full name (quoted, or as several words)")->required();
  add->add_option("--community", a.community, "home community: name or id");
  add->add_option("--gender", a.gender, ChoicesHelp("person", "gender"));
  add->add_option("--birth-year", a.birth_year, "year of birth");
  add->add_option("--phone", a.phone, "phone number");
  add->add_option("--org", a.org, "organisation");
  add->add_option("--org-kind", a.org_kind,
                  ChoicesHelp("person", "organisation_kind", "kind of organisation"));
  AddYesNoOptions(add, a);
}

}  // namespace

void AddPersonCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<PersonArgs>();
  CLI::App* persons = app.add_subcommand("persons", "participants: add, find, show, edit");
  persons->require_subcommand(1);
  CLI::App* add = persons->add_subcommand("add", "register a participant");
  AddPersonOptions(add, *a);
  CLI::App* find = persons->add_subcommand("find", "find persons by part of the name");
  find->add_option("text", a->who, "part of a name, in either script")->required();
  find->add_flag("--json", a->json, "print JSON");
  CLI::App* show = persons->add_subcommand("show", "a person and the meetings they attended");
  show->add_option("person", a->who, "id, id prefix or name")->required();
  show->add_flag("--json", a->json, "print JSON");
  CLI::App* edit = persons->add_subcommand("edit", "change a person: edit P field=value...");
  edit->add_option("person", a->who, "id, id prefix or name")->required();
  edit->add_option("fields", a->assignments, "field=value; field= clears it");
  AddYesNoOptions(edit, *a);
  table.Add(add, [a](Session& s) { return AddPerson(s, *a); });
  table.Add(find, [a](Session& s) { return FindPersons(s, *a); });
  table.Add(show, [a](Session& s) { return ShowPerson(s, *a); });
  table.Add(edit, [a](Session& s) { return EditPerson(s, *a); });
}

}  // namespace hromada::cli
