// The pull rules (server/sync/pull_rules.h) over a real SQLite store: a device
// is not sent what it alone wrote, pages are bounded by bytes, and the
// cursor jumps past other scopes' records once nothing is left to send.
#include "server/sync/pull_rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/store/sqlite_store.h"
#include "server/sync/scope.h"
#include "shared/base/sqlite.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;
const std::string kA(16, 'a');  // communities
const std::string kB(16, 'b');
const std::string kMe(16, '1');  // the pulling device
const std::string kOther(16, '2');

std::string IdOf(int n) { return std::string(15, 'r') + static_cast<char>(n); }

// The stored state after `writer` pushed a person named `name`.
v1::Record Written(int n, const std::string& community, const std::string& writer,
                   const std::string& name = "Олена", int64_t ms = kNow) {
  v1::Record r = testing::PersonChange(IdOf(n), community, ms, name);
  StampChange(writer, &r);
  return r;
}

class PullRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDbPath("pull_rules");
    store_ = *SqliteStore::Open(path_);
  }

  // Writes the records in order; returns the updated_seq of the last.
  uint64_t Put(const std::vector<v1::Record>& records) {
    std::unique_ptr<WriteTxn> txn = *store_->BeginWrite();
    for (const v1::Record& r : records) EXPECT_TRUE(txn->PutRecord(r).ok());
    EXPECT_TRUE(txn->Commit().ok());
    return *store_->ScanChanges({0, {kA, kB, ""}}, [](const ChangeRow&) { return true; });
  }

  ChangePage Page(uint64_t cursor, size_t max_bytes = 1 << 20) {
    absl::StatusOr<ChangePage> page = SelectPullPage(*store_, scope_, cursor, max_bytes);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.value_or(ChangePage{});
  }

  // The ids of every record pulled from `cursor`, page by page.
  std::vector<std::string> PullAll(uint64_t cursor, size_t max_bytes) {
    std::vector<std::string> ids;
    for (ChangePage page;; cursor = page.next_cursor) {
      page = Page(cursor, max_bytes);
      for (const std::string& state : page.records) {
        v1::Record r;
        EXPECT_TRUE(r.ParseFromString(state));
        ids.push_back(r.id());
      }
      if (!page.more) break;
    }
    return ids;
  }

  uint64_t Pending(uint64_t cursor) {
    return EstimatePending(*store_, scope_, cursor).value_or(~0u);
  }

  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  const ReadScope scope_{{kA, ""}, kMe};
};

TEST_F(PullRulesTest, WhatTheDeviceAloneWroteIsNotSent) {
  Put({Written(1, kA, kMe), Written(2, kA, kOther), Written(3, kA, kMe)});
  EXPECT_EQ(PullAll(0, 1 << 20), std::vector<std::string>{IdOf(2)});
  EXPECT_EQ(Pending(0), 3u) << "an upper bound: the device's own records count too";
  EXPECT_EQ(Pending(2), 0u) << "only its own record is left: nothing to pull";
  Put({Written(4, kB, kOther)});
  EXPECT_EQ(Pending(3), 0u) << "another community's record is not this device's to pull";
}

TEST_F(PullRulesTest, ARecordTheDeviceAndAnotherWroteIsSent) {
  v1::Record state = Written(1, kA, kMe);
  v1::Record phone = testing::PersonChange(IdOf(1), kA, kNow + 1, "");
  phone.mutable_fields(0)->set_name("phone");
  StampChange(kOther, &phone);
  ASSERT_TRUE(Merge(phone, &state));
  ASSERT_EQ(state.fields_size(), 2);
  Put({state});
  EXPECT_EQ(PullAll(0, 1 << 20), std::vector<std::string>{IdOf(1)});
  EXPECT_EQ(Pending(0), 1u);
}

TEST_F(PullRulesTest, WithNothingLeftTheCursorJumpsToTheHighMark) {
  const uint64_t sent = Put({Written(1, kA, kOther)});
  const uint64_t high = Put({Written(3, kA, kMe), Written(2, kB, kOther)});
  ASSERT_GT(high, sent);
  ChangePage page = Page(0);
  EXPECT_EQ(page.records.size(), 1u);
  EXPECT_FALSE(page.more);
  EXPECT_EQ(page.next_cursor, high) << "past another community's and the device's own records";
  page = Page(high);
  EXPECT_TRUE(page.records.empty());
  EXPECT_EQ(page.next_cursor, high);
  EXPECT_EQ(Pending(high), 0u);
  EXPECT_EQ(Page(sent).next_cursor, high) << "only own and foreign records after the cursor";
}

TEST_F(PullRulesTest, PagesAreBoundedByBytesAndHoldAtLeastOneRecord) {
  Put({Written(1, kA, kOther), Written(2, kA, kOther), Written(3, kA, kOther)});
  ChangePage page = Page(0, /*max_bytes=*/1);
  ASSERT_EQ(page.records.size(), 1u) << "one record even over the budget";
  EXPECT_TRUE(page.more);
  const size_t one = page.records[0].size();
  page = Page(0, 2 * one);
  EXPECT_EQ(page.records.size(), 2u);
  EXPECT_TRUE(page.more);
  EXPECT_EQ(PullAll(0, 1), (std::vector<std::string>{IdOf(1), IdOf(2), IdOf(3)}));
}

TEST_F(PullRulesTest, AFullPageNeverMovesTheCursorPastAnUnsentRecord) {
  Put({Written(1, kA, kOther), Written(2, kA, kMe), Written(3, kA, kOther),
       Written(4, kB, kOther)});
  const ChangePage first = Page(0, 1);
  ASSERT_TRUE(first.more);
  const ChangePage second = Page(first.next_cursor, 1);
  ASSERT_EQ(second.records.size(), 1u);
  v1::Record r;
  ASSERT_TRUE(r.ParseFromString(second.records[0]));
  EXPECT_EQ(r.id(), IdOf(3));
  EXPECT_FALSE(second.more);
  EXPECT_EQ(PullAll(0, 1), (std::vector<std::string>{IdOf(1), IdOf(3)}));
  EXPECT_EQ(Pending(0), 4u) << "other communities' records count too";
  EXPECT_EQ(Pending(99), 0u) << "never below zero";
}

TEST_F(PullRulesTest, SharedRecordsAreSentToEveryDevice) {
  v1::Record community = Written(9, "", kOther, "Білозерка");
  community.set_kind("community");
  Put({community, Written(1, kB, kOther)});
  EXPECT_EQ(PullAll(0, 1 << 20), std::vector<std::string>{IdOf(9)});
}

TEST_F(PullRulesTest, CommunitiesInterleavedComeInUpdatedSeqOrder) {
  v1::Record shared = Written(5, "", kOther);
  shared.set_kind("community");
  Put({Written(1, kA, kOther), Written(2, kB, kOther), shared, Written(3, kA, kOther)});
  Put({Written(4, kB, kOther), Written(6, kA, kOther)});
  EXPECT_EQ(PullAll(0, 1), (std::vector<std::string>{IdOf(1), IdOf(5), IdOf(3), IdOf(6)}));
}

// A community named twice would be read twice by a change scan: the read
// scope names each once, whatever the device row holds.
TEST_F(PullRulesTest, AReadScopeNamesEachCommunityOnceAndTheRecordsComeOnce) {
  Device device;
  device.id = kMe;
  device.role = v1::ROLE_COORDINATOR;
  device.communities = {kB, kA, kB};
  const ReadScope scope = ReadScopeOf(device);
  std::vector<std::string> sorted = scope.communities;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_EQ(scope.communities, sorted);
  EXPECT_EQ(scope.communities.size(), 5u) << "A, B, their conflicts, and the shared records";
  Put({Written(1, kA, kOther), Written(2, kB, kOther)});
  absl::StatusOr<ChangePage> page = SelectPullPage(*store_, scope, 0, 1 << 20);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->records.size(), 2u);
}

// A pull's scan reads one index range per community, in updated_seq order,
// with no sorter: its cost follows the device's share, not the database.
// The SQL is the one sqlite_store.cc runs per community.
TEST_F(PullRulesTest, APullScansOnlyItsCommunitiesThroughTheIndex) {
  std::unique_ptr<sql::Db> db = *sql::Db::Open(path_);
  std::unique_ptr<sql::Stmt> plan = *db->PrepareOnce(
      "EXPLAIN QUERY PLAN SELECT updated_seq, community_id, sole_writer, state FROM records "
      "WHERE community_id = ?1 AND updated_seq > ?2 ORDER BY updated_seq");
  std::string steps;
  while (*plan->Step()) absl::StrAppend(&steps, plan->Text(3), "\n");
  EXPECT_NE(steps.find("records_by_community (community_id=? AND"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("SCAN"), std::string::npos) << steps;
}

}  // namespace
}  // namespace hromada::server
