// The generated dataset with known answers (tests/support/dataset.h),
// recorded offline on three field devices through the real client library,
// synced through a real server, merged by a coordinator. Every report gives
// exactly the known figures, from the server's database (the real
// `hromada-server admin report`) and from the coordinator's local store,
// and the two agree to the last byte of JSON.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "shared/report/render.h"
#include "tests/integration/fixture.h"
#include "tests/report/report_figures.h"
#include "tests/support/chromium.h"
#include "tests/support/dataset.h"

namespace hromada::test {
namespace {

using json = nlohmann::json;

const std::vector<std::pair<std::string, std::string>> kNetwork = {
    {"Stanislav", "Станіслав"},      {"Bilozerka", "Білозерка"},
    {"Chornobaivka", "Чорнобаївка"}, {"Kochubeivka", "Кочубеївка"},
    {"Vysokopillia", "Високопілля"}, {"Novovorontsovka", "Нововоронцовка"}};

class ReportDatasetTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    std::vector<std::string> latin;
    for (const auto& [name, uk] : kNetwork) {
      ids_.push_back(AddCommunity(name, uk));
      latin.push_back(name);
    }
    data_ = MakeDataset(DatasetSpec{}, ids_, latin);
    for (int d = 0; d <= kCoordinator; ++d) {
      std::string communities;
      for (int c : DeviceCommunities(d)) communities += (communities.empty() ? "" : ",") + latin[c];
      devices_.push_back(NewDevice(absl::StrCat("device-", d), communities,
                                   d == kCoordinator ? "network-coordinator" : "field"));
      ASSERT_NE(devices_.back(), nullptr);
    }
    for (int round = 1; round <= 3; ++round) {
      for (int d = 0; d <= kCoordinator; ++d) Write(d, round);
      // The coordinator first: field devices fill the forms it publishes.
      // Twice, so every device has what the others wrote before it marks
      // attendance at their meetings (a device can only name what it has).
      for (int pass = 0; pass < 2; ++pass) {
        for (int d : {kCoordinator, 0, 1, 2}) SyncDevice(d);
      }
    }
    SyncDevice(kCoordinator);  // round 3's merges came from it; pull the rest
  }

  void Write(int device, int round) {
    std::vector<Edit> edits;
    for (const PlannedEdit& e : data_.edits) {
      if (e.device == device && e.round == round) edits.push_back(e.edit);
    }
    if (edits.empty()) return;
    absl::StatusOr<std::vector<std::string>> ids = devices_[device]->PutAll(edits);
    ASSERT_TRUE(ids.ok()) << "device " << device << " round " << round << ": " << ids.status();
  }

  void SyncDevice(int device) {
    absl::StatusOr<SyncReport> r = devices_[device]->Sync();
    ASSERT_TRUE(r.ok()) << "device " << device << ": " << r.status();
    EXPECT_EQ(r->rejected, 0u) << "device " << device;
  }

  // The report as JSON from the server's database, through the binary.
  json ServerReport(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    absl::StatusOr<std::string> out = server_->Admin("report", all);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? json::parse(*out, nullptr, false) : json();
  }

  // The same report from the coordinator's local store.
  Report DeviceReport(const ReportQuery& query) {
    absl::StatusOr<Report> r = BuildReport(*devices_[kCoordinator], query);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Report{};
  }

  // Checks the server's and the device's reports are the same, returns it.
  Report Both(const ReportQuery& query, const std::vector<std::string>& args) {
    const Report device = DeviceReport(query);
    const json server = ServerReport(args);
    EXPECT_EQ(server, json::parse(RenderJson(device))) << "server and device disagree";
    return device;
  }

  std::vector<std::string> ids_;
  Dataset data_;
  std::vector<std::unique_ptr<Client>> devices_;
};

int64_t Count(const Report& r, const std::string& breakdown, const std::string& key) {
  for (const Breakdown& b : r.breakdowns) {
    if (b.name != breakdown) continue;
    for (const CountRow& row : b.rows) {
      if (row.key == key) return row.count;
    }
  }
  return 0;
}

TEST_F(ReportDatasetTest, WholeNetworkGivesTheKnownFigures) {
  const Expected& e = data_.expected;
  ASSERT_EQ(e.meetings, 54);
  ASSERT_EQ(e.attendances, 730);
  ASSERT_EQ(e.individuals, 140);
  ASSERT_GT(e.attendance_records, e.attendances) << "the dataset double-marks some";
  const Report r = Both({"", "", e.as_of, ""}, {"--to", e.as_of});
  EXPECT_EQ(r.meetings, 54);
  EXPECT_EQ(r.attendances, 730);
  EXPECT_EQ(r.individuals, 140);
  EXPECT_EQ(r.merged_records, e.merged_records);
  EXPECT_EQ(r.new_individuals, 140);
  EXPECT_EQ(r.returning_individuals, 0);
  ASSERT_EQ(r.communities.size(), 6u);
  for (const CommunityRow& c : r.communities) {
    const ExpectedCommunity& x = e.communities.at(c.name_latin);
    EXPECT_EQ(c.meetings, x.meetings) << c.name_latin;
    EXPECT_EQ(c.attendances, x.attendances) << c.name_latin;
    EXPECT_EQ(c.individuals, x.individuals) << c.name_latin;
  }
  for (const auto& [breakdown, expected] :
       std::map<std::string, const std::map<std::string, int64_t>*>{
           {"gender", &e.gender},
           {"idp", &e.idp},
           {"veteran", &e.veteran},
           {"organisation_kind", &e.organisation_kind}}) {
    for (const auto& [key, n] : *expected) {
      EXPECT_EQ(Count(r, breakdown, key), n) << breakdown << "=" << key;
    }
  }
}

TEST_F(ReportDatasetTest, APeriodCountsNewAndReturningParticipants) {
  const Expected& e = data_.expected;
  const Report r =
      Both({"", e.period_from, e.period_to, ""}, {"--from", e.period_from, "--to", e.period_to});
  EXPECT_EQ(r.meetings, e.period_meetings);
  EXPECT_EQ(r.attendances, e.period_attendances);
  EXPECT_EQ(r.individuals, e.period_individuals);
  EXPECT_EQ(r.new_individuals, e.period_new);
  EXPECT_EQ(r.returning_individuals, e.period_returning);
  EXPECT_GT(e.period_returning, 0);
}

TEST_F(ReportDatasetTest, ACommunityReportHasThatCommunitysFigures) {
  const ExpectedCommunity& x = data_.expected.communities.at("Bilozerka");
  // By name in the other script, as a coordinator may type it.
  const Report r = Both({ids_[1], "", data_.expected.as_of, ""},
                        {"--community", "Білозерка", "--to", data_.expected.as_of});
  EXPECT_EQ(r.meetings, x.meetings);
  EXPECT_EQ(r.attendances, x.attendances);
  EXPECT_EQ(r.individuals, x.individuals);
  EXPECT_TRUE(r.communities.empty());
}

TEST_F(ReportDatasetTest, NeedsAreRankedByBordaAndShares) {
  const Expected& e = data_.expected;
  const Report r = Both({"", "", e.as_of, ""}, {"--to", e.as_of});
  EXPECT_EQ(r.survey_responses, e.survey_responses) << "drafts do not count";
  ASSERT_EQ(r.needs.size(), 2u);
  const NeedQuestion& top = r.needs[0];
  EXPECT_EQ(top.question_id, "top_needs");
  EXPECT_EQ(top.method, "borda");
  EXPECT_EQ(top.respondents, e.survey_responses);
  for (const NeedRow& row : top.ranked)
    EXPECT_EQ(row.score, e.borda.at(row.option_id)) << row.option_id;
  for (size_t i = 1; i < top.ranked.size(); ++i)
    EXPECT_GE(top.ranked[i - 1].score, top.ranked[i].score);
  const NeedQuestion& concern = r.needs[1];
  EXPECT_EQ(concern.method, "share");
  EXPECT_EQ(concern.respondents, e.concern_respondents);
  for (const NeedRow& row : concern.ranked) {
    const int64_t n =
        e.concern_counts.count(row.option_id) ? e.concern_counts.at(row.option_id) : 0;
    EXPECT_EQ(row.responses, n) << row.option_id;
    EXPECT_DOUBLE_EQ(row.score, static_cast<double>(n) / e.concern_respondents) << row.option_id;
  }
}

TEST_F(ReportDatasetTest, InitiativesByStatusAndDaysInStatus) {
  const Expected& e = data_.expected;
  const Report r = Both({"", "", e.as_of, ""}, {"--to", e.as_of});
  int64_t total = 0;
  for (const auto& [status, n] : e.status_current) total += n;
  EXPECT_EQ(r.initiatives, total);
  for (const StatusRow& row : r.statuses) {
    const auto get = [&](const std::map<std::string, int64_t>& m) {
      return m.count(row.status) ? m.at(row.status) : 0;
    };
    EXPECT_EQ(row.current, get(e.status_current)) << row.status;
    EXPECT_EQ(row.passed, get(e.status_passed)) << row.status;
    if (row.passed > 0) {
      EXPECT_DOUBLE_EQ(row.mean_days, static_cast<double>(get(e.status_days)) / row.passed)
          << row.status;
    }
  }
}

// The coordinator's deliverable: the server's HTML report, opened in a real
// browser, shows the known figures.
TEST_F(ReportDatasetTest, TheHtmlReportShowsTheFiguresInABrowser) {
  ASSERT_TRUE(ChromiumAvailable()) << "install chromium (scripts/setup.sh does)";
  const std::string html = dir_.Path("report.html");
  ASSERT_TRUE(
      server_->Admin("report", {"--format", "html", "--output", html, "--to", data_.expected.as_of})
          .ok());
  absl::StatusOr<std::string> dom = RenderedDom(html);
  ASSERT_TRUE(dom.ok()) << dom.status();
  const std::map<std::string, std::string> shown = DataFigures(*dom);
  EXPECT_EQ(shown.at("meetings"), "54");
  EXPECT_EQ(shown.at("attendances"), "730");
  EXPECT_EQ(shown.at("individuals"), "140");
  const Report device = DeviceReport({"", "", data_.expected.as_of, ""});
  for (const std::string& problem : FigureProblems(ExpectedFigures(device), shown)) {
    ADD_FAILURE() << problem;
  }
  // Issue 13: people's words, not codes, and who prepared it.
  EXPECT_NE(dom->find(">Жінки<"), std::string::npos);
  EXPECT_NE(dom->find("Підготовлено: "), std::string::npos);
  for (const char* code : {">female<", ">male<", ">in_person<", ">online<", ">proposed<"}) {
    EXPECT_EQ(dom->find(code), std::string::npos) << code;
  }
}

TEST_F(ReportDatasetTest, TheServerReportSpeaksEnglishOnRequest) {
  absl::StatusOr<std::string> table = server_->Admin(
      "report", {"--lang", "en", "--prepared-by", "Network office", "--to", data_.expected.as_of});
  ASSERT_TRUE(table.ok()) << table.status();
  for (const char* text : {"Women", "Men", "Prepared by: Network office, "}) {
    EXPECT_NE(table->find(text), std::string::npos) << text;
  }
  EXPECT_FALSE(server_->Admin("report", {"--lang", "fr"}).ok());
}

}  // namespace
}  // namespace hromada::test
