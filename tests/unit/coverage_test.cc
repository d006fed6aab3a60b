// The coverage grid (shared/report/coverage.h): communities by month, read
// off a report over hand-made records whose figures can be counted by eye.
#include "shared/report/coverage.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hromada/v1/record.pb.h"
#include "shared/base/uuid.h"
#include "shared/forms/survey.h"
#include "shared/sync/merge.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::FieldList;
using test::IdOf;
using test::Int;
using test::RefTo;
using test::Text;

const std::string kStanislav = IdOf(0x61), kBilozerka = IdOf(0x62), kKochubeivka = IdOf(0x63);

class CoverageTest : public ::testing::Test {
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
  void Community(const std::string& id, const char* uk, const char* latin) {
    Put("community", id, "", {{"name_uk", Text(uk)}, {"name_latin", Text(latin)}});
  }
  void Meeting(int n, const std::string& community, const std::string& date, bool deleted = false) {
    Put("meeting", IdOf(n), community, {{"date", Text(date)}, {"number", Int(n)}}, deleted);
  }
  void Attend(int meeting, int person, const std::string& community) {
    Put("person", IdOf(person), community, {{"full_name", Text("Особа")}});
    Put("attendance", IdOf(200 + meeting * 10 + person), community,
        {{"meeting", RefTo(IdOf(meeting))}, {"person", RefTo(IdOf(person))}});
  }
  void Respond(int n, const std::string& community, const std::string& date, const char* state) {
    Put("survey_response", IdOf(n), community,
        {{"survey", RefTo(Uuid::Parse(SurveyId("talk", 1))->bytes())},
         {"survey_version", Int(1)},
         {"date", Text(date)},
         {"answers", Text(R"({"safe":3})")},
         {"state", Text(state)}});
  }
  void Survey() {
    absl::StatusOr<SurveyForm> f = ParseSurveyFormJson(
        R"({"form":"talk","version":1,"title":"Розмова","questions":[
            {"id":"safe","type":"rating","text":"Безпечно?","min":1,"max":5}]})");
    ASSERT_TRUE(f.ok()) << f.status();
    Put("survey", Uuid::Parse(SurveyId("talk", 1))->bytes(), "",
        {{"form", Text("talk")},
         {"title", Text("Розмова")},
         {"version", Int(1)},
         {"questions", Text(QuestionsToJson(*f))}});
  }

  absl::StatusOr<Coverage> Grid(const std::string& last_month, int months,
                                const std::vector<std::string>& communities = {}) {
    absl::StatusOr<ReportQuery> query = CoverageQuery(last_month, months);
    if (!query.ok()) return query.status();
    ReportBuilder builder(*query);
    for (const auto& [kind, state] : states_) {
      if (absl::Status s = builder.Add(kind, state); !s.ok()) return s;
    }
    absl::StatusOr<Report> report = builder.Finish();
    if (!report.ok()) return report.status();
    return CountCoverage(*report, communities);
  }

  std::vector<std::pair<std::string, std::string>> states_;
};

TEST_F(CoverageTest, QueryCoversWholeMonths) {
  absl::StatusOr<ReportQuery> q = CoverageQuery("2024-03", 3);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->from, "2024-01-01");
  EXPECT_EQ(q->to, "2024-03-31");
  EXPECT_EQ(q->community_id, "");
  q = CoverageQuery("2024-02", 1);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->from, "2024-02-01");
  EXPECT_EQ(q->to, "2024-02-29") << "a leap year's February";
  q = CoverageQuery("2025-01", 2);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->from, "2024-12-01") << "across the new year";
}

TEST_F(CoverageTest, BadMonthsAndCountsAreRefused) {
  for (const char* bad : {"", "2024", "2024-13", "2024-3", "03.2024", "2024-03-01"}) {
    absl::StatusOr<ReportQuery> q = CoverageQuery(bad, 6);
    EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(CoverageQuery("2024-03", 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CoverageQuery("2024-03", kMaxCoverageMonths + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CoverageQuery("2024-03", kMaxCoverageMonths).ok());
  Report partial;
  partial.query.from = "2024-01-05";
  partial.query.to = "2024-03-31";
  EXPECT_EQ(CountCoverage(partial, {}).status().code(), absl::StatusCode::kInvalidArgument);
  partial.query.from = "";
  EXPECT_EQ(CountCoverage(partial, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CoverageTest, CountsEachCommunityByMonthAndShowsWhoDidNotReport) {
  Community(kStanislav, "Станіслав", "Stanislav");
  Community(kBilozerka, "Білозерка", "Bilozerka");
  Community(kKochubeivka, "Кочубеївка", "Kochubeivka");
  Survey();
  // Bilozerka: two meetings in May (3 and 2 present), one in June (1).
  Meeting(1, kBilozerka, "2024-05-01");
  Meeting(2, kBilozerka, "2024-05-31");
  Meeting(3, kBilozerka, "2024-06-10");
  for (int p : {11, 12, 13}) Attend(1, p, kBilozerka);
  for (int p : {11, 12}) Attend(2, p, kBilozerka);
  Attend(3, 13, kBilozerka);
  // Stanislav: no meeting, one final response in June, a draft in May.
  Respond(41, kStanislav, "2024-06-02", "final");
  Respond(42, kStanislav, "2024-05-02", "draft");
  // Kochubeivka: a deleted meeting in May and one before the grid.
  Meeting(4, kKochubeivka, "2024-05-05", /*deleted=*/true);
  Meeting(5, kKochubeivka, "2024-03-30");

  absl::StatusOr<Coverage> grid = Grid("2024-06", 2);
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_EQ(grid->months, (std::vector<std::string>{"2024-05", "2024-06"}));
  ASSERT_EQ(grid->rows.size(), 3u);
  const CoverageRow& bilozerka = grid->rows[0];
  const CoverageRow& kochubeivka = grid->rows[1];
  const CoverageRow& stanislav = grid->rows[2];
  EXPECT_EQ(bilozerka.name_latin, "Bilozerka");
  EXPECT_EQ(bilozerka.name_uk, "Білозерка");
  EXPECT_EQ(bilozerka.community_id, IdToString(kBilozerka));
  EXPECT_EQ(kochubeivka.name_latin, "Kochubeivka");
  EXPECT_EQ(stanislav.name_latin, "Stanislav");
  ASSERT_EQ(bilozerka.cells.size(), 2u);
  EXPECT_EQ(bilozerka.cells[0].meetings, 2);
  EXPECT_EQ(bilozerka.cells[0].attendances, 5);
  EXPECT_EQ(bilozerka.cells[0].survey_responses, 0);
  EXPECT_EQ(bilozerka.cells[1].meetings, 1);
  EXPECT_EQ(bilozerka.cells[1].attendances, 1);
  EXPECT_TRUE(bilozerka.cells[0].reported());
  EXPECT_FALSE(stanislav.cells[0].reported()) << "a draft is no report";
  EXPECT_TRUE(stanislav.cells[1].reported());
  EXPECT_EQ(stanislav.cells[1].survey_responses, 1);
  EXPECT_EQ(stanislav.cells[1].meetings, 0);
  for (const CoverageCell& c : kochubeivka.cells) {
    EXPECT_FALSE(c.reported()) << "a deleted meeting, or one before the grid, is no report";
  }
}

TEST_F(CoverageTest, MergedPersonsAtOneMeetingCountOnce) {
  Community(kBilozerka, "Білозерка", "Bilozerka");
  Meeting(1, kBilozerka, "2024-05-01");
  Attend(1, 11, kBilozerka);
  Attend(1, 12, kBilozerka);
  Put("person_merge", IdOf(150), kBilozerka,
      {{"person", RefTo(IdOf(11))}, {"same_as", RefTo(IdOf(12))}});
  absl::StatusOr<Coverage> grid = Grid("2024-05", 1);
  ASSERT_TRUE(grid.ok()) << grid.status();
  ASSERT_EQ(grid->rows.size(), 1u);
  EXPECT_EQ(grid->rows[0].cells[0].attendances, 1) << "as the report counts them";
}

TEST_F(CoverageTest, RowsOnlyForTheCommunitiesAsked) {
  Community(kStanislav, "Станіслав", "Stanislav");
  Community(kBilozerka, "Білозерка", "Bilozerka");
  Meeting(1, kStanislav, "2024-05-01");
  Meeting(2, kBilozerka, "2024-05-01");
  const std::string unknown = IdToString(IdOf(0x70));
  absl::StatusOr<Coverage> grid = Grid("2024-05", 1, {IdToString(kStanislav), unknown});
  ASSERT_TRUE(grid.ok()) << grid.status();
  ASSERT_EQ(grid->rows.size(), 2u);
  EXPECT_EQ(grid->rows[0].name_latin, unknown) << "named by its id (digits sort first)";
  EXPECT_FALSE(grid->rows[0].cells[0].reported());
  EXPECT_EQ(grid->rows[1].name_latin, "Stanislav");
  EXPECT_EQ(grid->rows[1].cells[0].meetings, 1);
}

}  // namespace
}  // namespace hromada
