// Tests of an initiative's statuses and moves (shared/sync/initiative.h): one
// step along the pipeline or to rejected, nothing out of a final status,
// and days between status dates.
#include "shared/sync/initiative.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "shared/sync/schema.h"

namespace hromada {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::string> kPipeline = {
    "proposed", "prioritised", "under_consideration", "awaiting_funding",
    "funded",   "in_progress", "implemented"};

TEST(InitiativeTest, StatusesAreThePipelineThenRejected) {
  std::vector<std::string> expected = kPipeline;
  expected.push_back("rejected");
  EXPECT_EQ(InitiativeStatuses(), expected);
  EXPECT_TRUE(IsInitiativeStatus("awaiting_funding"));
  EXPECT_FALSE(IsInitiativeStatus("Funded"));
  EXPECT_FALSE(IsInitiativeStatus(""));
}

TEST(InitiativeTest, StatusesMatchTheSchemaEnum) {
  const FieldSpec* status = FindKind("initiative")->Find("status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->values, InitiativeStatuses());
  for (const std::string& s : InitiativeStatuses()) {
    EXPECT_NE(FindKind("initiative")->Find(EnteredField(s)), nullptr) << s;
  }
}

TEST(InitiativeTest, EveryAllowedMove) {
  for (size_t i = 0; i + 1 < kPipeline.size(); ++i) {
    EXPECT_TRUE(CheckTransition(kPipeline[i], kPipeline[i + 1]).ok()) << kPipeline[i];
    EXPECT_TRUE(CheckTransition(kPipeline[i], "rejected").ok()) << kPipeline[i];
    EXPECT_THAT(NextStatuses(kPipeline[i]), ElementsAre(kPipeline[i + 1], "rejected"));
  }
}

TEST(InitiativeTest, RefusesSkippingGoingBackAndStaying) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"proposed", "funded"},
      {"prioritised", "awaiting_funding"},
      {"funded", "proposed"},
      {"in_progress", "funded"},
      {"awaiting_funding", "awaiting_funding"},
      {"proposed", "implemented"}};
  for (const auto& [from, to] : refused) {
    absl::Status s = CheckTransition(from, to);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << from << " -> " << to;
  }
  EXPECT_EQ(CheckTransition("funded", "proposed").message(),
            "an initiative that is funded can move to in_progress or rejected, not to proposed");
}

TEST(InitiativeTest, FinalStatusesGoNowhere) {
  for (const char* final_status : {"implemented", "rejected"}) {
    EXPECT_TRUE(NextStatuses(final_status).empty());
    for (const std::string& to : InitiativeStatuses()) {
      absl::Status s = CheckTransition(final_status, to);
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << final_status << " -> " << to;
      EXPECT_THAT(std::string(s.message()), HasSubstr("is final"));
    }
  }
}

TEST(InitiativeTest, UnknownStatusesAreInvalid) {
  absl::Status s = CheckTransition("proposed", "approved");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("\"approved\" is not an initiative status"));
  EXPECT_EQ(CheckTransition("done", "rejected").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(NextStatuses("done").empty());
}

// Issue 19: a move dated before the status it leaves was entered is
// refused; the same day, or later, is allowed.
TEST(InitiativeTest, AMoveCannotGoBackInTime) {
  EXPECT_TRUE(CheckMove("funded", "2024-07-01", "in_progress", "2024-07-01").ok());
  EXPECT_TRUE(CheckMove("funded", "2024-07-01", "in_progress", "2024-08-01").ok());
  EXPECT_TRUE(CheckMove("funded", "", "in_progress", "2024-05-01").ok()) << "no date known";
  const absl::Status s = CheckMove("funded", "2024-07-01", "in_progress", "2024-05-01");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "it is funded since 2024-07-01, so it cannot have moved to in_progress on 2024-05-01, "
            "before that");
  EXPECT_EQ(CheckMove("funded", "2024-07-01", "proposed", "2024-08-01"),
            CheckTransition("funded", "proposed"));
}

// Dates out of order (written before moves were checked, or on two
// devices) do not reorder the history: the pipeline does.
TEST(InitiativeTest, HistoryIsInPipelineOrder) {
  const std::map<std::string, std::string> entered = {
      {"proposed", "2026-01-10"},    {"prioritised", "2024-06-01"}, {"funded", "2024-07-01"},
      {"in_progress", "2024-05-01"}, {"awaiting_funding", ""},      {"approved", "2024-01-01"}};
  std::vector<std::string> order;
  for (const StatusStep& step : StatusHistory(entered, "")) order.push_back(step.status);
  EXPECT_THAT(order, ElementsAre("proposed", "prioritised", "funded", "in_progress"));
  order.clear();
  for (const StatusStep& step : StatusHistory(entered, "2024-06-15")) order.push_back(step.status);
  EXPECT_THAT(order, ElementsAre("prioritised", "in_progress")) << "as of a date";
  EXPECT_EQ(
      StatusHistory({{"proposed", "2024-01-01"}, {"rejected", "2024-01-01"}}, "").back().status,
      "rejected");
}

TEST(InitiativeTest, EnteredField) {
  EXPECT_EQ(EnteredField("funded"), "entered_funded");
  EXPECT_EQ(EnteredField("under_consideration"), "entered_under_consideration");
}

TEST(InitiativeTest, DaysBetween) {
  EXPECT_EQ(DaysBetween("2026-03-01", "2026-03-01"), 0);
  EXPECT_EQ(DaysBetween("2026-03-01", "2026-03-15"), 14);
  EXPECT_EQ(DaysBetween("2024-02-28", "2024-03-01"), 2) << "a leap year";
  EXPECT_EQ(DaysBetween("2025-12-31", "2026-01-01"), 1);
  EXPECT_EQ(DaysBetween("2026-03-15", "2026-03-01"), -14);
  EXPECT_EQ(DaysBetween("2023-01-01", "2025-01-01"), 731);
}

TEST(InitiativeTest, DaysBetweenNonDatesIsMinusOne) {
  for (const char* bad : {"", "2026-02-30", "2026-3-1", "01.03.2026", "2026-03-01T10:00"}) {
    EXPECT_EQ(DaysBetween(bad, "2026-03-01"), -1) << bad;
    EXPECT_EQ(DaysBetween("2026-03-01", bad), -1) << bad;
  }
}

}  // namespace
}  // namespace hromada
