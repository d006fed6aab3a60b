#include "shared/report/report.h"

#include <utility>

#include "absl/base/internal/endian.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "hromada/v1/record.pb.h"
#include "shared/base/uuid.h"
#include "shared/report/report_data.h"
#include "shared/report/state_pipe.h"
#include "shared/sync/wire/record_view.h"

namespace hromada {
namespace report {

int32_t Interner::Index(absl::string_view id) {
  IdKey key;
  if (id.size() == 16)
    key = {absl::big_endian::Load64(id.data()), absl::big_endian::Load64(id.data() + 8)};
  if (last_index_ >= 0 && key == last_) return last_index_;
  auto [it, added] = index_.try_emplace(key, static_cast<int32_t>(ids_.size()));
  if (added) ids_.push_back(key);
  last_ = key;
  return last_index_ = it->second;
}

std::string Interner::Id(int32_t index) const {
  std::string out(16, '\0');
  absl::big_endian::Store64(out.data(), ids_[index].hi);
  absl::big_endian::Store64(out.data() + 8, ids_[index].lo);
  return out;
}

bool InPeriod(const ReportQuery& query, absl::string_view date) {
  if (!query.from.empty() && date < query.from) return false;
  if (!query.to.empty() && date > query.to) return false;
  return true;
}

namespace {

std::string Flag(const wire::ValueView& v) {
  if (v.kind != v1::Value::kFlag) return "";
  return v.flag ? "yes" : "no";
}

// Each adder copies what a report needs out of one live record; the views
// die with the call.
void AddPerson(const wire::RecordView& r, Data* data) {
  const int32_t i = data->person_ids.Index(r.id);
  if (i >= static_cast<int32_t>(data->persons.size())) data->persons.resize(i + 1);
  Person& p = data->persons[i];
  p.live = true;
  p.community = std::string(r.community_id);
  for (const wire::FieldView& f : r.fields) {
    if (f.name == "gender") p.gender = std::string(f.value.text());
    if (f.name == "organisation_kind") p.organisation_kind = std::string(f.value.text());
    if (f.name == "idp") p.idp = Flag(f.value);
    if (f.name == "veteran") p.veteran = Flag(f.value);
  }
}

void AddMeeting(const wire::RecordView& r, Data* data) {
  const int32_t i = data->meeting_ids.Index(r.id);
  if (i >= static_cast<int32_t>(data->meetings.size())) data->meetings.resize(i + 1);
  Meeting& m = data->meetings[i];
  m.live = true;
  m.community = std::string(r.community_id);
  for (const wire::FieldView& f : r.fields) {
    if (f.name == "date") m.date = std::string(f.value.text());
    if (f.name == "format") m.format = std::string(f.value.text());
    if (f.name == "number") m.number = f.value.integer;
  }
}

// The refs of a two-ref record (attendance, person_merge), or false.
bool TwoRefs(const wire::RecordView& r, absl::string_view a_name, absl::string_view b_name,
             absl::string_view* a, absl::string_view* b) {
  for (const wire::FieldView& f : r.fields) {
    if (f.name == a_name) *a = f.value.ref();
    if (f.name == b_name) *b = f.value.ref();
  }
  return !a->empty() && !b->empty();
}

void CountAttendance(absl::string_view meeting, absl::string_view person, Data* data) {
  data->attendances.push_back({data->meeting_ids.Index(meeting), data->person_ids.Index(person)});
}

void AddAttendance(const wire::RecordView& r, Data* data) {
  absl::string_view meeting, person;
  if (TwoRefs(r, "meeting", "person", &meeting, &person)) CountAttendance(meeting, person, data);
}

void AddMerge(const wire::RecordView& r, Data* data) {
  absl::string_view person, same_as;
  if (!TwoRefs(r, "person", "same_as", &person, &same_as)) return;
  data->merges.emplace_back(data->person_ids.Index(person), data->person_ids.Index(same_as));
}

void AddCommunity(const wire::RecordView& r, Data* data) {
  Community& c = data->communities[std::string(r.id)];
  for (const wire::FieldView& f : r.fields) {
    if (f.name == "name_uk") c.name_uk = std::string(f.value.text());
    if (f.name == "name_latin") c.name_latin = std::string(f.value.text());
  }
}

void AddSurvey(const wire::RecordView& r, Data* data) {
  Survey s;
  absl::string_view questions;
  for (const wire::FieldView& f : r.fields) {
    if (f.name == "form") s.form = std::string(f.value.text());
    if (f.name == "title") s.title = std::string(f.value.text());
    if (f.name == "version") s.version = f.value.integer;
    if (f.name == "questions") questions = f.value.text();
  }
  absl::StatusOr<std::vector<Question>> parsed = QuestionsFromJson(questions);
  if (!parsed.ok()) return;  // validation refuses such forms; count nothing
  s.questions = *std::move(parsed);
  data->surveys[std::string(r.id)] = std::move(s);
}

void AddResponse(const wire::RecordView& r, Data* data) {
  Response resp;
  resp.community = std::string(r.community_id);
  bool final = false;
  for (const wire::FieldView& f : r.fields) {
    if (f.name == "survey") resp.survey = std::string(f.value.ref());
    if (f.name == "date") resp.date = std::string(f.value.text());
    if (f.name == "answers") resp.answers = std::string(f.value.text());
    if (f.name == "state") final = f.value.text() == "final";
  }
  if (final) data->responses.push_back(std::move(resp));
}

void AddInitiative(const wire::RecordView& r, Data* data) {
  Initiative in;
  in.id = std::string(r.id);
  in.community = std::string(r.community_id);
  for (const wire::FieldView& f : r.fields) {
    absl::string_view status = f.name;
    if (f.name == "status") in.status = std::string(f.value.text());
    if (f.name == "title") in.title = std::string(f.value.text());
    if (f.name == "category") in.category = std::string(f.value.text());
    if (f.name == "donor") in.donor = std::string(f.value.text());
    if (f.name == "estimated_cost" && f.value.kind == v1::Value::kReal) {
      in.estimated_cost = f.value.real;
    }
    if (f.name == "estimated_cost" && f.value.kind == v1::Value::kInteger) {
      in.estimated_cost = static_cast<double>(f.value.integer);
    }
    if (absl::ConsumePrefix(&status, "entered_")) {
      in.entered[std::string(status)] = std::string(f.value.text());
    }
  }
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
  wire::RecordView scratch;  // reused: its field list keeps its capacity
};

ReportBuilder::ReportBuilder(ReportQuery query)
    : query_(std::move(query)), data_(std::make_unique<Data>()) {}
ReportBuilder::~ReportBuilder() = default;

namespace {

using AddFn = void (*)(const wire::RecordView&, report::Data*);

// What a report reads of each kind: the one table behind ReportKinds()
// and ReportBuilder::Add.
const std::map<std::string, AddFn, std::less<>>& Adders() {
  static const auto* adders = new std::map<std::string, AddFn, std::less<>>{
      {"attendance", report::AddAttendance}, {"community", report::AddCommunity},
      {"initiative", report::AddInitiative}, {"meeting", report::AddMeeting},
      {"person", report::AddPerson},         {"person_merge", report::AddMerge},
      {"survey", report::AddSurvey},         {"survey_response", report::AddResponse}};
  return *adders;
}

}  // namespace

const std::vector<std::string>& ReportKinds() {
  static const auto* kinds = [] {
    auto* out = new std::vector<std::string>;
    for (const auto& [kind, add] : Adders()) out->push_back(kind);
    return out;
  }();
  return *kinds;
}

absl::Status ReportBuilder::Add(absl::string_view kind, absl::string_view state) {
  const auto& adders = Adders();
  auto adder = adders.find(kind);
  if (adder == adders.end()) return absl::OkStatus();
  wire::RecordView& r = data_->scratch;
  if (!wire::ReadRecordView(state, &r)) {
    return absl::DataLossError(absl::StrCat("a stored ", kind, " record does not parse"));
  }
  if (!r.deleted()) adder->second(r, data_.get());
  return absl::OkStatus();
}

void ReportBuilder::AddAttendance(absl::string_view meeting, absl::string_view person) {
  report::CountAttendance(meeting, person, data_.get());
}

std::string ReportRefs(const v1::Record& record) {
  if (record.kind() != "attendance") return "";
  absl::string_view meeting, person;
  for (const v1::Field& f : record.fields()) {
    if (f.name() == "meeting") meeting = f.value().ref();
    if (f.name() == "person") person = f.value().ref();
  }
  if (meeting.size() != 16 || person.size() != 16) return "";
  return absl::StrCat(meeting, person);
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
  out.as_of = !query_.to.empty()      ? query_.to
              : !query_.as_of.empty() ? query_.as_of
                                      : report::Today();
  out.query.as_of = out.as_of;  // the date used, whoever asked, so equal reports render alike
  out.scope = report::ScopeName(*data_, scope);
  // Ids seen only as references (an attendance's person who never synced
  // here) get an empty, not-live entry.
  data_->persons.resize(data_->person_ids.size());
  data_->meetings.resize(data_->meeting_ids.size());
  report::CountPeople(*data_, scope, &out);
  report::RankNeeds(*data_, scope, &out);
  report::CountInitiatives(*data_, scope, &out);
  return out;
}

namespace {

// Runs `scan`, which pushes states into the pipe, and the report over them.
absl::StatusOr<Report> RunPipe(const ReportQuery& query, const StateOpenFn* open,
                               const std::function<absl::Status(report::StatePipe&)>& scan) {
  if (absl::Status s = CheckReportQuery(query); !s.ok()) return s;
  ReportBuilder builder(query);
  report::StatePipe pipe(&builder, open);  // reading, opening and counting overlap
  absl::Status scanned = scan(pipe);
  absl::Status counted = pipe.Close();
  if (!scanned.ok()) return scanned;
  if (!counted.ok()) return counted;
  return builder.Finish();
}

}  // namespace

absl::StatusOr<Report> RunReport(const ReportQuery& query,
                                 const std::function<absl::Status(const RecordStateFn&)>& scan) {
  return RunPipe(query, nullptr, [&](report::StatePipe& pipe) {
    return scan([&](absl::string_view kind, absl::string_view state) {
      return pipe.Push(kind, {}, state, {});
    });
  });
}

absl::StatusOr<Report> RunSealedReport(
    const ReportQuery& query, const StateOpenFn& open,
    const std::function<absl::Status(const SealedStateFn&)>& scan) {
  return RunPipe(query, &open, [&](report::StatePipe& pipe) {
    return scan([&](absl::string_view kind, absl::string_view id, absl::string_view sealed,
                    absl::string_view refs) { return pipe.Push(kind, id, sealed, refs); });
  });
}

}  // namespace hromada
