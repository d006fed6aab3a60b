// The report computation (shared/report/report.h) on hand-made records
// where every figure can be counted by eye: merges, double marks,
// tombstones, periods, needs across form versions, initiative histories.
#include "shared/report/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "hromada/v1/record.pb.h"
#include "shared/base/uuid.h"
#include "shared/forms/survey.h"
#include "shared/report/render.h"
#include "shared/sync/merge.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::FieldList;
using test::IdOf;
using test::Int;
using test::RefTo;
using test::Text;

const std::string kStanislav = IdOf(0x61), kBilozerka = IdOf(0x62);

class ReportTest : public ::testing::Test {
 protected:
  void Put(const std::string& kind, const std::string& id, const std::string& community,
           FieldList fields, bool deleted = false) {
    v1::Record r = test::RecordOf(kind, id, community, uint64_t{1} << 40, std::move(fields));
    if (deleted) {
      r.clear_fields();
      r.set_deleted_hlc(r.hlc());
    }
    StampChange(IdOf(0x99), &r);
    states_.push_back({kind, r.SerializeAsString()});
  }
  void Person(int n, const std::string& community, const std::string& gender = "") {
    FieldList f = {{"full_name", Text("Особа")}};
    if (!gender.empty()) f.push_back({"gender", Text(gender)});
    Put("person", IdOf(n), community, f);
  }
  void Meeting(int n, const std::string& community, const std::string& date) {
    Put("meeting", IdOf(n), community, {{"date", Text(date)}, {"number", Int(n)}});
  }
  void Attend(int meeting, int person, const std::string& community = kStanislav) {
    Put("attendance", IdOf(200 + meeting * 10 + person), community,
        {{"meeting", RefTo(IdOf(meeting))}, {"person", RefTo(IdOf(person))}});
  }
  void Merge(int person, int same_as) {
    Put("person_merge", IdOf(150 + person), kStanislav,
        {{"person", RefTo(IdOf(person))}, {"same_as", RefTo(IdOf(same_as))}});
  }

  absl::StatusOr<Report> Run(ReportQuery query) {
    if (query.as_of.empty()) query.as_of = "2026-06-30";
    // Fed in reverse too: the order of the stream must not matter.
    for (bool reverse : {false, true}) {
      ReportBuilder builder(query);
      std::vector<std::pair<std::string, std::string>> states = states_;
      if (reverse) std::reverse(states.begin(), states.end());
      for (const auto& [kind, state] : states) {
        if (absl::Status s = builder.Add(kind, state); !s.ok()) return s;
      }
      absl::StatusOr<Report> r = builder.Finish();
      if (!reverse) first_ = r;
      if (reverse && r.ok() && first_.ok()) {
        EXPECT_EQ(r->attendances, first_->attendances);
        EXPECT_EQ(r->individuals, first_->individuals);
      }
    }
    return first_;
  }

  std::vector<std::pair<std::string, std::string>> states_;
  absl::StatusOr<Report> first_;
};

TEST_F(ReportTest, MergedPersonsAreOneIndividualAndCountOncePerMeeting) {
  Person(1, kStanislav, "female");
  Person(2, kStanislav);  // person 1 registered again, without gender
  Person(3, kStanislav, "male");
  Person(4, kStanislav, "male");  // person 3 registered again
  Meeting(10, kStanislav, "2025-03-01");
  Meeting(11, kStanislav, "2025-04-01");
  Attend(10, 1);
  Attend(10, 2);  // the same individual, marked twice at one meeting
  Attend(11, 2);
  Attend(11, 3);
  Attend(11, 4);
  Merge(2, 1);
  Merge(4, 3);
  absl::StatusOr<Report> r = Run({});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->meetings, 2);
  EXPECT_EQ(r->attendances, 3);  // (10, 1), (11, 1), (11, 3)
  EXPECT_EQ(r->individuals, 2);
  EXPECT_EQ(r->merged_records, 2);
  ASSERT_EQ(r->meeting_rows.size(), 2u);
  EXPECT_EQ(r->meeting_rows[0].first_timers, 1);
  EXPECT_EQ(r->meeting_rows[1].first_timers, 1);
  const Breakdown& gender = r->breakdowns[1];
  ASSERT_EQ(gender.name, "gender");
  ASSERT_EQ(gender.rows.size(), 2u);  // female (from 1), male (3): no unknown
  EXPECT_EQ(gender.rows[0].count + gender.rows[1].count, 2);
}

TEST_F(ReportTest, MergeChainsAndCyclesResolveToOneIndividual) {
  for (int p = 1; p <= 4; ++p) Person(p, kStanislav);
  Meeting(10, kStanislav, "2025-03-01");
  for (int p = 1; p <= 4; ++p) Attend(10, p);
  Merge(4, 3);
  Merge(3, 2);
  Merge(2, 4);  // a cycle
  absl::StatusOr<Report> r = Run({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->individuals, 2);  // 1, and {2, 3, 4}
  EXPECT_EQ(r->attendances, 2);
}

TEST_F(ReportTest, DeletedRecordsDoNotCount) {
  Person(1, kStanislav);
  Meeting(10, kStanislav, "2025-03-01");
  Put("meeting", IdOf(11), kStanislav, {}, /*deleted=*/true);
  Attend(10, 1);
  Attend(11, 1);  // at a deleted meeting
  Put("attendance", IdOf(99), kStanislav, {}, /*deleted=*/true);
  absl::StatusOr<Report> r = Run({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->meetings, 1);
  EXPECT_EQ(r->attendances, 1);
}

// The apply rule keeps references home; a report does not trust that.
TEST_F(ReportTest, ReferencesAcrossCommunitiesAreIgnored) {
  Person(1, kStanislav);
  Person(2, kBilozerka);
  Person(3, kStanislav);
  Meeting(10, kStanislav, "2025-03-01");
  Attend(10, 1);
  Attend(10, 2);  // a Bilozerka person at a Stanislav meeting
  Put("person_merge", IdOf(50), kStanislav,
      {{"person", RefTo(IdOf(3))}, {"same_as", RefTo(IdOf(2))}});
  absl::StatusOr<Report> r = Run({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attendances, 1);
  EXPECT_EQ(r->individuals, 1);
  EXPECT_EQ(r->merged_records, 0);
}

TEST_F(ReportTest, PeriodSplitsNewFromReturningAndCommunityScopes) {
  for (int p = 1; p <= 2; ++p) Person(p, kStanislav);
  Person(3, kBilozerka);
  Person(4, kBilozerka);
  Meeting(10, kStanislav, "2024-11-01");
  Meeting(11, kStanislav, "2025-02-01");
  Meeting(12, kBilozerka, "2025-02-02");
  Attend(10, 1);
  Attend(11, 1);  // returning
  Attend(11, 2);  // new
  Attend(12, 4, kBilozerka);
  Attend(12, 3, kBilozerka);  // first time anywhere
  absl::StatusOr<Report> r = Run({"", "2025-01-01", "2025-12-31", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->meetings, 2);
  EXPECT_EQ(r->attendances, 4);
  EXPECT_EQ(r->individuals, 4);
  EXPECT_EQ(r->new_individuals, 3);
  EXPECT_EQ(r->returning_individuals, 1);
  r = Run({IdToString(kStanislav), "2025-01-01", "", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->meetings, 1);
  EXPECT_EQ(r->individuals, 2);
  EXPECT_TRUE(r->communities.empty());
}

TEST_F(ReportTest, NeedsAddUpAcrossVersionsByBordaAndShare) {
  auto form = [](int version) {
    nlohmann::json options = {{{"id", "water"}, {"label", "Вода"}},
                              {{"id", "shelter"}, {"label", "Укриття"}},
                              {{"id", "roads"}, {"label", "Дороги"}}};
    if (version == 2) options.push_back({{"id", "jobs"}, {"label", "Робота"}});
    return nlohmann::json{
        {"form", "needs"},
        {"version", version},
        {"title", "Потреби"},
        {"questions",
         {{{"id", "top"}, {"type", "ranking"}, {"text", "Що найважливіше?"}, {"options", options}},
          {{"id", "safe"},
           {"type", "single_choice"},
           {"text", "Безпечно?"},
           {"options", {{{"id", "yes"}, {"label", "Так"}}, {{"id", "no"}, {"label", "Ні"}}}}}}}}
        .dump();
  };
  for (int v : {1, 2}) {
    absl::StatusOr<SurveyForm> f = ParseSurveyFormJson(form(v));
    ASSERT_TRUE(f.ok()) << f.status();
    Put("survey", Uuid::Parse(SurveyId("needs", v))->bytes(), "",
        {{"form", Text("needs")},
         {"title", Text("Потреби")},
         {"version", Int(v)},
         {"questions", Text(QuestionsToJson(*f))}});
  }
  auto respond = [&](int n, int version, nlohmann::json answers, const char* state = "final") {
    Put("survey_response", IdOf(n), kStanislav,
        {{"survey", RefTo(Uuid::Parse(SurveyId("needs", version))->bytes())},
         {"survey_version", Int(version)},
         {"date", Text("2025-05-01")},
         {"answers", Text(answers.dump())},
         {"state", Text(state)}});
  };
  respond(1, 1, {{"top", {"water", "shelter"}}, {"safe", "yes"}});  // water 3, shelter 2
  respond(2, 2, {{"top", {"jobs", "water", "roads", "shelter"}}, {"safe", "no"}});  // 4,3,2,1
  respond(3, 2, {{"top", {"shelter"}}});                                            // shelter 4
  respond(4, 2, {{"top", {"roads"}}, {"safe", "yes"}}, "draft");                    // not counted
  absl::StatusOr<Report> r = Run({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->survey_responses, 3);
  ASSERT_EQ(r->needs.size(), 2u);
  const NeedQuestion& top = r->needs[0];
  EXPECT_EQ(top.method, "borda");
  EXPECT_EQ(top.respondents, 3);
  std::map<std::string, double> points;
  for (const NeedRow& row : top.ranked) points[row.option_id] = row.score;
  EXPECT_EQ(points["shelter"], 7);
  EXPECT_EQ(points["water"], 6);
  EXPECT_EQ(points["jobs"], 4);
  EXPECT_EQ(points["roads"], 2);
  EXPECT_EQ(top.ranked[0].option_id, "shelter");
  EXPECT_EQ(top.ranked[0].label, "Укриття");
  const NeedQuestion& safe = r->needs[1];
  EXPECT_EQ(safe.method, "share");
  EXPECT_EQ(safe.respondents, 2);
  EXPECT_DOUBLE_EQ(safe.ranked[0].score, 0.5);
}

TEST_F(ReportTest, InitiativesCountAsOfADateWithDaysInEachStatus) {
  Put("initiative", IdOf(1), kStanislav,
      {{"title", Text("Укриття")},
       {"status", Text("funded")},
       {"entered_proposed", Text("2025-01-01")},
       {"entered_prioritised", Text("2025-01-11")},
       {"entered_under_consideration", Text("2025-02-10")},
       {"entered_awaiting_funding", Text("2025-03-01")},
       {"entered_funded", Text("2025-06-01")}});
  Put("initiative", IdOf(2), kStanislav,
      {{"title", Text("Вода")},
       {"status", Text("rejected")},
       {"entered_proposed", Text("2025-01-01")},
       {"entered_rejected", Text("2025-01-21")}});
  absl::StatusOr<Report> r = Run({"", "", "2025-04-01", ""});  // before "funded"
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->initiatives, 2);
  std::map<std::string, StatusRow> by;
  for (const StatusRow& row : r->statuses) by[row.status] = row;
  EXPECT_EQ(by["awaiting_funding"].current, 1);
  EXPECT_EQ(by["funded"].current, 0);
  EXPECT_EQ(by["rejected"].current, 1);
  EXPECT_EQ(by["proposed"].passed, 2);
  EXPECT_DOUBLE_EQ(by["proposed"].mean_days, 15);          // 10 and 20
  EXPECT_DOUBLE_EQ(by["awaiting_funding"].mean_days, 31);  // 2025-03-01 .. as of 04-01
  r = Run({"", "", "2024-12-31", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->initiatives, 0) << "not proposed yet then";
}

// Issue 19: dates out of order (a proposal dated after the moves that
// followed it) do not make the initiative "proposed" again: its status is
// the furthest it reached, as on every replica.
TEST_F(ReportTest, InitiativeDatesOutOfOrderKeepTheStatusReached) {
  Put("initiative", IdOf(1), kStanislav,
      {{"title", Text("Укриття в школі")},
       {"status", Text("in_progress")},
       {"entered_proposed", Text("2026-01-10")},
       {"entered_prioritised", Text("2024-06-01")},
       {"entered_under_consideration", Text("2024-06-10")},
       {"entered_awaiting_funding", Text("2024-06-20")},
       {"entered_funded", Text("2024-07-01")},
       {"entered_in_progress", Text("2024-05-01")}});
  absl::StatusOr<Report> r = Run({"", "", "2026-03-01", ""});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->initiative_rows.size(), 1u);
  EXPECT_EQ(r->initiative_rows[0].status, "in_progress");
  EXPECT_EQ(r->initiative_rows[0].since, "2024-05-01");
  std::map<std::string, StatusRow> by;
  for (const StatusRow& row : r->statuses) by[row.status] = row;
  EXPECT_EQ(by["in_progress"].current, 1);
  EXPECT_EQ(by["proposed"].current, 0);
  EXPECT_EQ(by["funded"].mean_days, 0) << "no negative or inflated days";
}

// Issue 13: a rating shows as its distribution, text answers are listed
// (only those in the scope and period), initiatives are listed in full.
TEST_F(ReportTest, RatingsAsDistributionsAndTextAnswersListed) {
  const std::string form = R"({"form":"talk","version":1,"title":"Розмова","questions":[
      {"id":"safe","type":"rating","text":"Безпечно?","min":1,"max":5},
      {"id":"say","type":"text","text":"Що ще?"}]})";
  absl::StatusOr<SurveyForm> f = ParseSurveyFormJson(form);
  ASSERT_TRUE(f.ok()) << f.status();
  Put("survey", Uuid::Parse(SurveyId("talk", 1))->bytes(), "",
      {{"form", Text("talk")},
       {"title", Text("Розмова")},
       {"version", Int(1)},
       {"questions", Text(QuestionsToJson(*f))}});
  auto respond = [&](int n, const std::string& community, const std::string& date,
                     nlohmann::json answers) {
    Put("survey_response", IdOf(n), community,
        {{"survey", RefTo(Uuid::Parse(SurveyId("talk", 1))->bytes())},
         {"survey_version", Int(1)},
         {"date", Text(date)},
         {"answers", Text(answers.dump())},
         {"state", Text("final")}});
  };
  respond(1, kStanislav, "2025-05-02", {{"safe", 4}, {"say", "Світло\nна вулиці"}});
  respond(2, kStanislav, "2025-05-01", {{"safe", 4}, {"say", "Автобус"}});
  respond(3, kStanislav, "2025-05-03", {{"safe", 1}});
  respond(4, kBilozerka, "2025-05-01", {{"safe", 2}, {"say", "Інша громада"}});
  respond(5, kStanislav, "2024-01-01", {{"say", "Поза періодом"}});
  absl::StatusOr<Report> r = Run({IdToString(kStanislav), "2025-01-01", "", ""});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->needs.size(), 1u);
  const NeedQuestion& safe = r->needs[0];
  EXPECT_EQ(safe.method, "count");
  EXPECT_EQ(safe.respondents, 3);
  ASSERT_EQ(safe.ranked.size(), 5u) << "every value 1..5, chosen or not";
  std::vector<int64_t> counts;
  for (const NeedRow& row : safe.ranked) counts.push_back(row.responses);
  EXPECT_EQ(counts, (std::vector<int64_t>{1, 0, 0, 2, 0}));
  EXPECT_EQ(safe.ranked[3].label, "4");
  EXPECT_EQ(safe.ranked[3].score, 2);
  ASSERT_EQ(r->text_answers.size(), 1u);
  const TextQuestion& say = r->text_answers[0];
  EXPECT_EQ(say.question_id, "say");
  EXPECT_EQ(say.text, "Що ще?");
  ASSERT_EQ(say.answers.size(), 2u) << "not another community's, not outside the period";
  EXPECT_EQ(say.answers[0].date, "2025-05-01");
  EXPECT_EQ(say.answers[0].text, "Автобус");
  EXPECT_EQ(say.answers[1].text, "Світло\nна вулиці");
}

TEST_F(ReportTest, InitiativesAreListedWithDaysInTheirStatus) {
  Put("community", kStanislav, "",
      {{"name_uk", Text("Станіслав")}, {"name_latin", Text("Stanislav")}});
  Put("initiative", IdOf(1), kStanislav,
      {{"title", Text("Укриття")},
       {"category", Text("безпека")},
       {"donor", Text("UNDP")},
       {"estimated_cost", test::Real(250000.5)},
       {"status", Text("funded")},
       {"entered_proposed", Text("2025-01-01")},
       {"entered_funded", Text("2025-03-01")}});
  Put("initiative", IdOf(2), kStanislav, {{"title", Text("Вода")}, {"status", Text("proposed")}});
  absl::StatusOr<Report> r = Run({"", "", "2025-04-01", ""});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->initiative_rows.size(), 2u);
  const InitiativeRow& shelter = r->initiative_rows[1];  // funded after proposed
  EXPECT_EQ(shelter.title, "Укриття");
  EXPECT_EQ(shelter.community_name, "Stanislav");
  EXPECT_EQ(shelter.category, "безпека");
  EXPECT_EQ(shelter.donor, "UNDP");
  EXPECT_DOUBLE_EQ(shelter.estimated_cost, 250000.5);
  EXPECT_EQ(shelter.status, "funded");
  EXPECT_EQ(shelter.since, "2025-03-01");
  EXPECT_EQ(shelter.days_in_status, 31);
  const InitiativeRow& water = r->initiative_rows[0];
  EXPECT_EQ(water.title, "Вода");
  EXPECT_EQ(water.status, "proposed");
  EXPECT_EQ(water.estimated_cost, -1);
  EXPECT_EQ(water.days_in_status, -1) << "no dates: unknown";
}

TEST_F(ReportTest, BadQueriesAndBadBytesAreRefused) {
  EXPECT_EQ(Run({"", "2025-13-01", "", ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({"", "2025-05-01", "2025-04-01", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({"not-an-id", "", "", ""}).status().code(), absl::StatusCode::kInvalidArgument);
  ReportBuilder builder({});
  EXPECT_EQ(builder.Add("meeting", "\xff\xff\xff").code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(builder.Add("unknown_kind", "\xff").ok())
      << "kinds a report does not read are skipped";
}

// RunReport hands states to a counting thread in batches: the figures are
// the builder's, errors from either side come back, and big streams (many
// batches) lose nothing.
TEST_F(ReportTest, RunReportCountsThroughItsPipeAndReturnsErrors) {
  Person(1, kStanislav);
  for (int m = 0; m < 20000; ++m) {
    Put("meeting", Uuid::V4().bytes(), kStanislav, {{"date", Text("2025-01-01")}});
  }
  Put("meeting", IdOf(10), kStanislav, {{"date", Text("2025-01-02")}});
  Attend(10, 1);
  auto scan_all = [&](const RecordStateFn& fn) {
    for (const auto& [kind, state] : states_) {
      if (absl::Status s = fn(kind, state); !s.ok()) return s;
    }
    return absl::OkStatus();
  };
  absl::StatusOr<Report> r = RunReport({"", "", "2026-01-01", ""}, scan_all);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->meetings, 20001);
  EXPECT_EQ(r->attendances, 1);

  r = RunReport({}, [](const RecordStateFn&) { return absl::UnavailableError("disk gone"); });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  states_.push_back({"meeting", "\xff\xff"});
  r = RunReport({}, scan_all);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  r = RunReport({"", "bad", "", ""}, scan_all);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

// RunSealedReport opens each state on opener threads with the given
// function: the figures equal the plain report's, over many batches, and an
// opener's refusal (a damaged or altered row) stops the report with it.
TEST_F(ReportTest, RunSealedReportOpensOnItsThreadsAndReturnsTheirErrors) {
  Person(1, kStanislav);
  for (int m = 0; m < 20000; ++m) {
    Put("meeting", Uuid::V4().bytes(), kStanislav, {{"date", Text("2025-01-01")}});
  }
  Put("meeting", IdOf(10), kStanislav, {{"date", Text("2025-01-02")}});
  Attend(10, 1);
  // "Sealing" for the test: the state with its kind in front, which the
  // opener checks and strips, as AEAD checks its associated data.
  auto scan_sealed = [&](const SealedStateFn& fn) {
    for (const auto& [kind, state] : states_) {
      if (absl::Status s = fn(kind, "id", kind + state, ""); !s.ok()) return s;
    }
    return absl::OkStatus();
  };
  std::atomic<int> opened{0};
  const StateOpenFn open = [&](absl::string_view kind, absl::string_view id,
                               absl::string_view sealed, std::string* state) {
    ++opened;
    if (id != "id" || !absl::StartsWith(sealed, kind)) return absl::DataLossError("altered");
    state->assign(sealed.data() + kind.size(), sealed.size() - kind.size());
    return absl::OkStatus();
  };
  absl::StatusOr<Report> r = RunSealedReport({"", "", "2026-01-01", ""}, open, scan_sealed);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->meetings, 20001);
  EXPECT_EQ(r->attendances, 1);
  EXPECT_EQ(opened.load(), static_cast<int>(states_.size()));

  const StateOpenFn refuse = [](absl::string_view, absl::string_view, absl::string_view,
                                std::string*) { return absl::DataLossError("altered"); };
  r = RunSealedReport({}, refuse, scan_sealed);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  r = RunSealedReport({}, open,
                      [](const SealedStateFn&) { return absl::UnavailableError("gone"); });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
}

// A device store keeps an attendance's meeting and person ids in clear
// (ReportRefs) and hands those instead of its sealed state: the report is
// the same as from the states (merges, a double mark, a tombstone, a
// meeting out of the period), and no attendance is opened.
TEST_F(ReportTest, AttendancesCountFromTheirClearRefsWithoutOpening) {
  Person(1, kStanislav, "female");
  Person(2, kStanislav, "male");
  Person(3, kStanislav);
  Merge(3, 1);
  Meeting(10, kStanislav, "2025-03-01");
  Meeting(11, kStanislav, "2025-04-01");
  Meeting(12, kStanislav, "2027-01-01");
  Attend(10, 1);
  Attend(10, 3);  // the same individual as 1
  Attend(11, 2);
  Attend(12, 2);
  Put("attendance", IdOf(299), kStanislav,
      {{"meeting", RefTo(IdOf(11))}, {"person", RefTo(IdOf(1))}}, /*deleted=*/true);
  const ReportQuery query{"", "", "2026-06-30", ""};
  absl::StatusOr<Report> plain = RunReport(query, [&](const RecordStateFn& fn) {
    for (const auto& [kind, state] : states_) {
      if (absl::Status s = fn(kind, state); !s.ok()) return s;
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(plain.ok()) << plain.status();
  ASSERT_EQ(plain->attendances, 2);  // 1 and 3 merged at 10, 2 at 11; 12 is later

  std::atomic<int> opened{0};
  const StateOpenFn open = [&](absl::string_view, absl::string_view, absl::string_view sealed,
                               std::string* state) {
    ++opened;
    state->assign(sealed.data(), sealed.size());
    return absl::OkStatus();
  };
  int live_attendances = 0;
  auto scan = [&](const SealedStateFn& fn) {
    for (const auto& [kind, state] : states_) {
      v1::Record r;
      EXPECT_TRUE(r.ParseFromString(state));
      if (IsDeleted(r)) continue;  // a store hands live records only
      const std::string refs = ReportRefs(r);
      EXPECT_EQ(refs.empty(), kind != "attendance") << kind;
      live_attendances += !refs.empty();
      absl::Status s = refs.empty() ? fn(kind, r.id(), state, "") : fn(kind, r.id(), "", refs);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  };
  absl::StatusOr<Report> sealed = RunSealedReport(query, open, scan);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(RenderJson(*sealed), RenderJson(*plain));
  EXPECT_EQ(live_attendances, 4);
  EXPECT_EQ(opened.load(), 7) << "the persons, the merge and the meetings only";

  sealed = RunSealedReport(
      query, open, [](const SealedStateFn& fn) { return fn("attendance", "id", "", "too short"); });
  EXPECT_EQ(sealed.status().code(), absl::StatusCode::kDataLoss);
}

TEST(ReportRefsTest, OnlyAnAttendanceWithBothRefs) {
  v1::Record r = test::RecordOf("attendance", IdOf(1), kStanislav, 1,
                                {{"meeting", RefTo(IdOf(2))}, {"person", RefTo(IdOf(3))}});
  EXPECT_EQ(ReportRefs(r), IdOf(2) + IdOf(3));
  r = test::RecordOf("attendance", IdOf(1), kStanislav, 1, {{"meeting", RefTo(IdOf(2))}});
  EXPECT_EQ(ReportRefs(r), "");
  r = test::RecordOf("person_merge", IdOf(1), kStanislav, 1,
                     {{"person", RefTo(IdOf(2))}, {"same_as", RefTo(IdOf(3))}});
  EXPECT_EQ(ReportRefs(r), "");
}

}  // namespace
}  // namespace hromada
