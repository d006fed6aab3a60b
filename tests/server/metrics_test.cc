// The metrics' arithmetic and text: a histogram's buckets are cumulative
// and end at the count, counters add up across threads, the pulled-record
// count agrees with protobuf's parser, and the JSON log formatter writes
// one parseable object a line whatever the message holds.
#include "server/ops/metrics.h"

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hromada/v1/sync.pb.h"
#include "server/ops/json_log.h"

namespace hromada::server {
namespace {

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  m.RecordCall(SyncMethod::kPush, absl::StatusCode::kOk, 0.0005);
  m.RecordCall(SyncMethod::kPush, absl::StatusCode::kOk, 0.003);
  m.RecordCall(SyncMethod::kPush, absl::StatusCode::kUnavailable, 60);
  const std::string text = m.Render();
  EXPECT_TRUE(absl::StrContains(
      text, "hromada_call_duration_seconds_bucket{method=\"Push\",le=\"0.001\"} 1\n"));
  EXPECT_TRUE(absl::StrContains(
      text, "hromada_call_duration_seconds_bucket{method=\"Push\",le=\"0.005\"} 2\n"));
  EXPECT_TRUE(absl::StrContains(
      text, "hromada_call_duration_seconds_bucket{method=\"Push\",le=\"10\"} 2\n"));
  EXPECT_TRUE(absl::StrContains(
      text, "hromada_call_duration_seconds_bucket{method=\"Push\",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_call_duration_seconds_count{method=\"Push\"} 3\n"));
  EXPECT_TRUE(
      absl::StrContains(text, "hromada_call_duration_seconds_sum{method=\"Push\"} 60.0035\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_calls_total{method=\"Push\",code=\"OK\"} 2\n"));
  EXPECT_TRUE(
      absl::StrContains(text, "hromada_calls_total{method=\"Push\",code=\"UNAVAILABLE\"} 1\n"));
  EXPECT_FALSE(absl::StrContains(text, "hromada_calls_total{method=\"Pull\""));
}

TEST(MetricsTest, CountersAddUpAcrossThreads) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 10000; ++i) {
        m.RecordPushed(2);
        m.RecordRefusal(Refusal::kServerBusy);
        m.RecordCall(SyncMethod::kPull, absl::StatusCode::kOk, 0.01);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const std::string text = m.Render();
  EXPECT_TRUE(absl::StrContains(text, "hromada_records_pushed_total 80000\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_refusals_total{reason=\"server_busy\"} 40000\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_calls_total{method=\"Pull\",code=\"OK\"} 40000\n"));
}

TEST(MetricsTest, RefusalsByReasonAndCode) {
  Metrics m;
  m.RecordRefusal(Refusal::kEnrolRate);
  m.RecordLogicRefusal(absl::StatusCode::kPermissionDenied);
  m.RecordChangeRefused(3);  // INVALID_ARGUMENT
  const std::string text = m.Render();
  EXPECT_TRUE(absl::StrContains(text, "hromada_refusals_total{reason=\"enrol_rate\"} 1\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_refusals_total{reason=\"unauthenticated\"} 0\n"));
  EXPECT_TRUE(absl::StrContains(text, "hromada_refusals_total{reason=\"PERMISSION_DENIED\"} 1\n"));
  EXPECT_TRUE(
      absl::StrContains(text, "hromada_changes_refused_total{code=\"INVALID_ARGUMENT\"} 1\n"));
}

TEST(MetricsTest, CountPulledRecordsAgreesWithTheParser) {
  for (int n : {0, 1, 7, 300}) {
    v1::PullResponse page;
    for (int i = 0; i < n; ++i) {
      v1::Record* r = page.add_records();
      r->set_kind("person");
      r->set_id(std::string(16, static_cast<char>(i)));
    }
    page.set_next_cursor(42);
    page.set_more(true);
    page.set_server_time_ms(1234567);
    EXPECT_EQ(CountPulledRecords(page.SerializeAsString()), static_cast<uint64_t>(n));
  }
  EXPECT_EQ(CountPulledRecords("\x0a\xff\xff"), 0u);  // truncated: not a page
}

TEST(JsonLogTest, EveryLineParsesWhateverTheMessage) {
  JsonLogFormatter formatter;
  for (std::string message :
       {std::string("plain"), std::string("quote \" and \\ and \n newline"), std::string("Олена"),
        std::string("bad utf-8 \xff\xfe here"), std::string("nul \0 inside", 13)}) {
    spdlog::details::log_msg msg("hromada", spdlog::level::warn, message);
    spdlog::memory_buf_t out;
    formatter.format(msg, out);
    const std::string line(out.data(), out.size());
    ASSERT_TRUE(absl::EndsWith(line, "\n"));
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << line;
    EXPECT_EQ(parsed["level"], "warning");
    EXPECT_EQ(parsed["logger"], "hromada");
    if (message == "Олена") {
      EXPECT_EQ(parsed["message"], message);
    }
  }
}

}  // namespace
}  // namespace hromada::server
