#include "shared/report/report.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "hromada/v1/record.pb.h"
#include "shared/merge.h"
#include "shared/report/report_data.h"
#include "shared/uuid.h"

namespace hromada {
namespace report {

int32_t Interner::Index(absl::string_view id) {
  auto [it, added] = index_.try_emplace(id, static_cast<int32_t>(ids_.size()));
  if (added) ids_.emplace_back(id);
  return it->second;
}

bool InPeriod(const ReportQuery& query, absl::string_view date) {
  if (!query.from.empty() && date < query.from) return false;
  if (!query.to.empty() && date > query.to) return false;
  return true;
}

namespace {

// Reads a record's fields by name. Values of the wrong type read as empty:
// validation keeps them out, and a report must not fail on one odd record.
class FieldReader {
 public:
  explicit FieldReader(const v1::Record& record) : record_(record) {}

  template <typename Fn>
  void Each(Fn&& fn) const {
    for (const v1::Field& f : record_.fields()) fn(f.name(), f.value());
  }

 private:
  const v1::Record& record_;
};

std::string Flag(const v1::Value& v) {
  if (v.v_case() != v1::Value::kFlag) return "";
  return v.flag() ? "yes" : "no";
}

void AddPerson(const v1::Record& r, Data* data) {
  const int32_t i = data->person_ids.Index(r.id());
  if (i >= static_cast<int32_t>(data->persons.size())) data->persons.resize(i + 1);
  Person& p = data->persons[i];
  p.live = true;
  p.community = r.community_id();
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "gender") p.gender = v.text();
    if (name == "organisation_kind") p.organisation_kind = v.text();
    if (name == "idp") p.idp = Flag(v);
    if (name == "veteran") p.veteran = Flag(v);
  });
}

void AddMeeting(const v1::Record& r, Data* data) {
  const int32_t i = data->meeting_ids.Index(r.id());
  if (i >= static_cast<int32_t>(data->meetings.size())) data->meetings.resize(i + 1);
  Meeting& m = data->meetings[i];
  m.live = true;
  m.community = r.community_id();
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "date") m.date = v.text();
    if (name == "format") m.format = v.text();
    if (name == "number") m.number = v.integer();
  });
}

void AddAttendance(const v1::Record& r, Data* data) {
  std::string meeting, person;
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "meeting") meeting = v.ref();
    if (name == "person") person = v.ref();
  });
  if (meeting.empty() || person.empty()) return;
  data->attendances.push_back(
      {data->meeting_ids.Index(meeting), data->person_ids.Index(person)});
}

void AddMerge(const v1::Record& r, Data* data) {
  std::string person, same_as;
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "person") person = v.ref();
    if (name == "same_as") same_as = v.ref();
  });
  if (person.empty() || same_as.empty()) return;
  data->merges.emplace_back(data->person_ids.Index(person), data->person_ids.Index(same_as));
}

void AddCommunity(const v1::Record& r, Data* data) {
  Community& c = data->communities[r.id()];
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "name_uk") c.name_uk = v.text();
    if (name == "name_latin") c.name_latin = v.text();
  });
}

void AddSurvey(const v1::Record& r, Data* data) {
  Survey s;
  std::string questions;
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "form") s.form = v.text();
    if (name == "title") s.title = v.text();
    if (name == "version") s.version = v.integer();
    if (name == "questions") questions = v.text();
  });
  absl::StatusOr<std::vector<Question>> parsed = QuestionsFromJson(questions);
  if (!parsed.ok()) return;  // validation refuses such forms; count nothing
  s.questions = *std::move(parsed);
  data->surveys[r.id()] = std::move(s);
}

void AddResponse(const v1::Record& r, Data* data) {
  Response resp;
  resp.community = r.community_id();
  bool final = false;
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "survey") resp.survey = v.ref();
    if (name == "date") resp.date = v.text();
    if (name == "answers") resp.answers = v.text();
    if (name == "state") final = v.text() == "final";
  });
  if (final) data->responses.push_back(std::move(resp));
}

void AddInitiative(const v1::Record& r, Data* data) {
  Initiative in;
  in.community = r.community_id();
  FieldReader(r).Each([&](const std::string& name, const v1::Value& v) {
    if (name == "status") in.status = v.text();
    if (absl::string_view(name).substr(0, 8) == "entered_") in.entered[name.substr(8)] = v.text();
  });
  data->initiatives.push_back(std::move(in));
}

bool IsDate(absl::string_view text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

std::string Today() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
}

std::string ScopeName(const report::Data& data, absl::string_view scope) {
  if (scope.empty()) return "all communities";
  auto it = data.communities.find(std::string(scope));
  if (it == data.communities.end()) return IdToString(scope);
  return absl::StrCat(it->second.name_uk, " (", it->second.name_latin, ")");
}

}  // namespace
}  // namespace report

struct ReportBuilder::Data : report::Data {
  v1::Record scratch;  // reused, so parsing a million records allocates little
};

ReportBuilder::ReportBuilder(ReportQuery query)
    : query_(std::move(query)), data_(std::make_unique<Data>()) {}
ReportBuilder::~ReportBuilder() = default;

const std::vector<std::string>& ReportKinds() {
  static const auto* kinds = new std::vector<std::string>{
      "attendance", "community", "initiative", "meeting", "person", "person_merge",
      "survey",     "survey_response"};
  return *kinds;
}

absl::Status ReportBuilder::Add(absl::string_view kind, absl::string_view state) {
  using AddFn = void (*)(const v1::Record&, report::Data*);
  static const auto* kAdders = new std::map<std::string, AddFn, std::less<>>{
      {"attendance", report::AddAttendance}, {"community", report::AddCommunity},
      {"initiative", report::AddInitiative}, {"meeting", report::AddMeeting},
      {"person", report::AddPerson},         {"person_merge", report::AddMerge},
      {"survey", report::AddSurvey},         {"survey_response", report::AddResponse}};
  auto adder = kAdders->find(kind);
  if (adder == kAdders->end()) return absl::OkStatus();
  v1::Record& r = data_->scratch;
  if (!r.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
    return absl::DataLossError(absl::StrCat("a stored ", kind, " record does not parse"));
  }
  if (!IsDeleted(r)) adder->second(r, data_.get());
  return absl::OkStatus();
}

absl::Status CheckReportQuery(const ReportQuery& query) {
  for (const auto& [name, date] : {std::pair<const char*, const std::string&>{"from", query.from},
                                   {"to", query.to},
                                   {"as of", query.as_of}}) {
    if (!date.empty() && !report::IsDate(date)) {
      return absl::InvalidArgumentError(
          absl::StrCat("the ", name, " date '", date, "' is not a date like 2026-03-01"));
    }
  }
  if (!query.from.empty() && !query.to.empty() && query.to < query.from) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period ends (", query.to, ") before it starts (", query.from, ")"));
  }
  if (!query.community_id.empty() && !Uuid::Parse(query.community_id).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", query.community_id, "' is not a community id"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Report> ReportBuilder::Finish() {
  if (absl::Status s = CheckReportQuery(query_); !s.ok()) return s;
  Report out;
  out.query = query_;
  std::string scope;
  if (!query_.community_id.empty()) scope = Uuid::Parse(query_.community_id)->bytes();
  out.as_of = !query_.to.empty() ? query_.to : !query_.as_of.empty() ? query_.as_of : report::Today();
  out.scope = report::ScopeName(*data_, scope);
  report::CountPeople(*data_, scope, &out);
  report::RankNeeds(*data_, scope, &out);
  report::CountInitiatives(*data_, scope, &out);
  return out;
}

absl::StatusOr<Report> RunReport(const ReportQuery& query,
                                 const std::function<absl::Status(const RecordStateFn&)>& scan) {
  if (absl::Status s = CheckReportQuery(query); !s.ok()) return s;
  ReportBuilder builder(query);
  absl::Status scanned =
      scan([&](absl::string_view kind, absl::string_view state) { return builder.Add(kind, state); });
  if (!scanned.ok()) return scanned;
  return builder.Finish();
}

}  // namespace hromada
