#include "tests/support/dataset.h"

#include <algorithm>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "shared/base/text.h"
#include "shared/forms/survey.h"
#include "shared/sync/initiative.h"

namespace hromada::test {
namespace {

const char* const kFirst[] = {"Олена",  "Ірина", "Тетяна", "Наталія",   "Оксана", "Галина",
                              "Юлія",   "Марія", "Андрій", "Олександр", "Сергій", "Володимир",
                              "Микола", "Іван",  "Дмитро", "Василь",    "Євген",  "Богдан"};
const char* const kLast[] = {"Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Шевченко",
                             "Олійник",   "Мельник",    "Поліщук",  "Левченко",  "Гончаренко",
                             "Савченко",  "Руденко",    "Мороз",    "Лисенко",   "Марченко"};
const char* const kOrgKinds[] = {
    "council",  "police",    "emergency_service", "ngo",
    "resident", "education", "medical",           "military_administration"};
const char* const kNeeds[] = {"shelter", "water", "heating", "transport", "jobs", "safety"};
const char* const kConcerns[] = {"shelling", "mines", "prices", "isolation"};

std::string Day(int offset) { return absl::FormatCivilTime(absl::CivilDay(2024, 1, 8) + offset); }

struct Person {
  int individual, community, device;
  std::string id;
};

struct Individual {
  int community;
  std::vector<int> records;  // indexes into persons; [0] primary
  std::string gender, org_kind;
  bool idp, veteran;
};

struct Meeting {
  int community, device;
  std::string id, date;
};

class Planner {
 public:
  Planner(const DatasetSpec& spec, const std::vector<std::string>& ids,
          const std::vector<std::string>& names)
      : spec_(spec), ids_(ids), names_(names), rng_(spec.seed) {}

  Dataset Run() {
    PlanPeople();
    PlanMeetings();
    PlanAttendance();
    PlanSurveys();
    PlanInitiatives();
    return std::move(out_);
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  Expected& E() { return out_.expected; }
  void Add(int device, int round, std::string kind, std::string id, int community, Fields f) {
    out_.edits.push_back(
        {device, round,
         Edit{std::move(kind), std::move(id), community < 0 ? "" : ids_[community], std::move(f)}});
  }
  std::vector<int> Devices(int community) const {
    std::vector<int> out;
    for (int d = 0; d < kFieldDevices; ++d) {
      const std::vector<int> c = DeviceCommunities(d);
      if (std::find(c.begin(), c.end(), community) != c.end()) out.push_back(d);
    }
    return out;
  }

  void PlanPeople();
  void PlanMeetings();
  void PlanAttendance();
  void PlanSurveys();
  void PlanInitiatives();
  void CountAttendance(const std::set<std::pair<int, int>>& pairs);

  const DatasetSpec& spec_;
  const std::vector<std::string>& ids_;
  const std::vector<std::string>& names_;
  std::mt19937_64 rng_;
  std::vector<Person> persons_;
  std::vector<Individual> individuals_;
  std::vector<Meeting> meetings_;
  Dataset out_;
};

void Planner::PlanPeople() {
  for (int i = 0; i < spec_.individuals; ++i) {
    Individual ind{i % 6,
                   {},
                   Chance(0.05) ? "" : (Chance(0.6) ? "female" : "male"),
                   kOrgKinds[Pick(8)],
                   Chance(0.3),
                   Chance(0.1)};
    const std::string name = absl::StrCat(kFirst[Pick(18)], " ", kLast[Pick(15)]);
    const int birth_year = 1950 + Pick(55);
    Fields f{{"full_name", name},
             {"organisation_kind", ind.org_kind},
             {"idp", ind.idp},
             {"veteran", ind.veteran},
             {"birth_year", int64_t{birth_year}}};
    if (!ind.gender.empty()) f["gender"] = ind.gender;
    ++E().gender[ind.gender.empty() ? "unknown" : ind.gender];
    ++E().organisation_kind[ind.org_kind];
    ++E().idp[ind.idp ? "yes" : "no"];
    ++E().veteran[ind.veteran ? "yes" : "no"];
    const std::vector<int> devices = Devices(ind.community);
    persons_.push_back({i, ind.community, devices[0], NewRecordId()});
    ind.records.push_back(static_cast<int>(persons_.size()) - 1);
    Add(devices[0], 1, "person", persons_.back().id, ind.community, f);
    const bool twice = devices.size() > 1 && E().merged_records < spec_.duplicates;
    if (twice) {
      // The same individual on the other device, under the Latin spelling
      // and without the gender, merged by the coordinator in round 3.
      persons_.push_back({i, ind.community, devices[1], NewRecordId()});
      ind.records.push_back(static_cast<int>(persons_.size()) - 1);
      Fields dup = f;
      dup["full_name"] = TransliterateUk(name);
      dup.erase("gender");
      Add(devices[1], 1, "person", persons_.back().id, ind.community, dup);
      Add(kCoordinator, 3, "person_merge", NewRecordId(), ind.community,
          {{"person", Ref{persons_.back().id}}, {"same_as", Ref{persons_[ind.records[0]].id}}});
      ++E().merged_records;
    }
    individuals_.push_back(std::move(ind));
  }
  E().individuals = spec_.individuals;
}

void Planner::PlanMeetings() {
  for (int c = 0; c < 6; ++c) {
    for (int k = 0; k < spec_.meetings_per_community; ++k) {
      const int days = 730 * k / spec_.meetings_per_community + 3 * c;
      Meeting m{c, Devices(c)[k % Devices(c).size()], NewRecordId(), Day(days)};
      Add(m.device, 1, "meeting", m.id, c,
          {{"date", m.date},
           {"number", int64_t{k + 1}},
           {"format", k % 4 == 3 ? "online" : "in_person"},
           {"topics", "безпека; відновлення"}});
      meetings_.push_back(m);
      ++E().meetings;
      ++E().communities[names_[c]].meetings;
      if (m.date >= E().period_from && m.date <= E().period_to) ++E().period_meetings;
    }
  }
}

void Planner::PlanAttendance() {
  // Every individual at one meeting of their community, then random pairs
  // until the total is reached.
  std::set<std::pair<int, int>> pairs;  // (meeting, individual)
  std::vector<std::vector<int>> by_community(6);
  for (int m = 0; m < static_cast<int>(meetings_.size()); ++m) {
    by_community[meetings_[m].community].push_back(m);
  }
  for (int i = 0; i < spec_.individuals; ++i) {
    const std::vector<int>& ms = by_community[individuals_[i].community];
    pairs.insert({ms[Pick(static_cast<int>(ms.size()))], i});
  }
  while (static_cast<int>(pairs.size()) < spec_.attendances) {
    const int i = Pick(spec_.individuals);
    const std::vector<int>& ms = by_community[individuals_[i].community];
    pairs.insert({ms[Pick(static_cast<int>(ms.size()))], i});
  }
  int doubles = 0, sames = 0;
  for (const auto& [m, i] : pairs) {
    const Individual& ind = individuals_[i];
    const Person& p = persons_[ind.records[Pick(static_cast<int>(ind.records.size()))]];
    auto mark = [&](const Person& who, int device) {
      Add(device, 2, "attendance", "", meetings_[m].community,
          {{"meeting", Ref{meetings_[m].id}}, {"person", Ref{who.id}}, {"role", "participant"}});
    };
    mark(p, p.device);
    ++E().attendance_records;
    if (ind.records.size() > 1 && doubles < spec_.double_marks) {
      const Person& other =
          persons_[&p == &persons_[ind.records[0]] ? ind.records[1] : ind.records[0]];
      mark(other, other.device);
      ++E().attendance_records;
      ++doubles;
    } else if (Devices(ind.community).size() > 1 && sames < spec_.same_marks) {
      const std::vector<int> devices = Devices(ind.community);
      mark(p, devices[0] == p.device ? devices[1] : devices[0]);  // same id: one record
      ++sames;
    }
  }
  CountAttendance(pairs);
}

void Planner::CountAttendance(const std::set<std::pair<int, int>>& pairs) {
  E().attendances = static_cast<int64_t>(pairs.size());
  std::map<int, std::string> first;  // individual -> first meeting date
  std::map<int, std::set<int>> per_community;
  std::set<int> in_period;
  for (const auto& [m, i] : pairs) {
    const std::string& date = meetings_[m].date;
    if (!first.count(i) || date < first[i]) first[i] = date;
    ++E().communities[names_[meetings_[m].community]].attendances;
    per_community[meetings_[m].community].insert(i);
    if (date >= E().period_from && date <= E().period_to) {
      ++E().period_attendances;
      in_period.insert(i);
    }
  }
  for (const auto& [c, set] : per_community) {
    E().communities[names_[c]].individuals = static_cast<int64_t>(set.size());
  }
  E().period_individuals = static_cast<int64_t>(in_period.size());
  for (int i : in_period) ++(first[i] >= E().period_from ? E().period_new : E().period_returning);
}

void Planner::PlanSurveys() {
  for (int version : {1, 2}) {
    absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(DatasetSurveyJson(version));
    if (!form.ok()) continue;  // the survey test reports a broken form
    Add(kCoordinator, 1, "survey", SurveyId("needs", version), -1,
        {{"form", form->form},
         {"title", form->title},
         {"version", int64_t{version}},
         {"questions", QuestionsToJson(*form)}});
  }
  for (int c = 0; c < 6; ++c) {
    for (int r = 0; r < spec_.responses_per_community + 1; ++r) {
      const int version = r % 2 + 1;
      const int options = version == 1 ? 6 : 7;  // version 2 adds mental_health
      std::vector<std::string> ranking(kNeeds, kNeeds + 6);
      if (version == 2) ranking.push_back("mental_health");
      std::shuffle(ranking.begin(), ranking.end(), rng_);
      ranking.resize(3);
      const std::string concern = kConcerns[Pick(4)];
      const bool final = r < spec_.responses_per_community;  // the last one stays a draft
      nlohmann::json answers{{"top_needs", ranking}, {"main_concern", concern}};
      Add(Devices(c)[0], 2, "survey_response", NewRecordId(), c,
          {{"survey", Ref{SurveyId("needs", version)}},
           {"survey_version", int64_t{version}},
           {"date", Day(400 + 10 * r + c)},
           {"respondent_gender", r % 3 ? "female" : "male"},
           {"answers", answers.dump()},
           {"state", final ? "final" : "draft"}});
      if (!final) continue;
      ++E().survey_responses;
      for (size_t pos = 0; pos < ranking.size(); ++pos) E().borda[ranking[pos]] += options - pos;
      ++E().concern_counts[concern];
      ++E().concern_respondents;
    }
  }
}

void Planner::PlanInitiatives() {
  const std::vector<std::string>& statuses = InitiativeStatuses();  // rejected last
  for (int c = 0; c < 6; ++c) {
    for (int k = 0; k < spec_.initiatives_per_community; ++k) {
      // Walk the pipeline a random number of steps, or get rejected.
      const int steps = Pick(7);
      const bool rejected = steps < 6 && Chance(0.2);
      std::vector<std::pair<std::string, int>> history;  // status, day offset
      int day = 200 + 30 * c + 60 * k;
      for (int s = 0; s <= steps; ++s) {
        history.push_back({statuses[s], day});
        day += 20 + Pick(40);  // all before as_of
      }
      if (rejected) history.push_back({"rejected", day});
      Fields f{{"title", absl::StrCat("Ініціатива ", c, "-", k)}, {"category", "safety"}};
      for (const auto& [status, d] : history) f[EnteredField(status)] = Day(d);
      f["status"] = history.back().first;
      Add(Devices(c)[0], 2, "initiative", NewRecordId(), c, f);
      const absl::CivilDay as_of = absl::CivilDay(2026, 6, 30);
      for (size_t h = 0; h < history.size(); ++h) {
        const absl::CivilDay start = absl::CivilDay(2024, 1, 8) + history[h].second;
        const absl::CivilDay end =
            h + 1 < history.size() ? absl::CivilDay(2024, 1, 8) + history[h + 1].second : as_of;
        ++E().status_passed[history[h].first];
        E().status_days[history[h].first] += end - start;
      }
      ++E().status_current[history.back().first];
    }
  }
}

}  // namespace

std::vector<int> DeviceCommunities(int device) {
  switch (device) {
    case 0:
      return {0, 1, 2};
    case 1:
      return {2, 3, 4};
    case 2:
      return {4, 5, 0};
    default:
      return {0, 1, 2, 3, 4, 5};
  }
}

Dataset MakeDataset(const DatasetSpec& spec, const std::vector<std::string>& community_ids,
                    const std::vector<std::string>& latin_names) {
  return Planner(spec, community_ids, latin_names).Run();
}

std::string DatasetSurveyJson(int version) {
  nlohmann::json options = nlohmann::json::array();
  for (const char* id : kNeeds) options.push_back({{"id", id}, {"label", id}});
  if (version == 2)
    options.push_back({{"id", "mental_health"}, {"label", "психологічна підтримка"}});
  nlohmann::json concerns = nlohmann::json::array();
  for (const char* id : kConcerns) concerns.push_back({{"id", id}, {"label", id}});
  return nlohmann::json{{"form", "needs"},
                        {"version", version},
                        {"title", "Потреби громади"},
                        {"questions",
                         {{{"id", "top_needs"},
                           {"type", "ranking"},
                           {"text", "Що найпотрібніше громаді?"},
                           {"required", true},
                           {"options", options}},
                          {{"id", "main_concern"},
                           {"type", "single_choice"},
                           {"text", "Що турбує найбільше?"},
                           {"options", concerns}}}}}
      .dump();
}

}  // namespace hromada::test
