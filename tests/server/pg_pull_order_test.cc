// Pull order with concurrent writers on PostgreSQL (server/store/pg_store.h,
// docs/protocol.md "Pull order"): many threads write through several
// PgStore instances, as several servers would, while a reader follows its
// cursor with ScanChanges the way a device pulls, in small pages. A
// transaction that took its sequence numbers early and commits late must
// not be skipped: the reader ends up with every record written.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/store/pg_store.h"
#include "tests/server/test_records.h"
#include "tests/support/pg_cluster.h"

namespace hromada::server {
namespace {

constexpr int kStores = 3;
constexpr int kWriters = 8;
constexpr int kTxnsPerWriter = 40;
constexpr int kPageRows = 7;  // small pages: the cursor often stops mid-scan
const std::string kA(16, 'a');
const std::string kB(16, 'b');

std::string IdOf(int writer, int txn, int k) {
  std::string id(16, '\0');
  id[0] = static_cast<char>(writer);
  id[1] = static_cast<char>(txn >> 8);
  id[2] = static_cast<char>(txn & 0xff);
  id[3] = static_cast<char>(k);
  return id;
}

class Reader {
 public:
  explicit Reader(Store* store) : store_(store) {}

  // One pull page from the cursor; false if it found nothing new.
  bool Pull() {
    size_t rows = 0;
    uint64_t last = cursor_;
    absl::StatusOr<uint64_t> high =
        store_->ScanChanges({cursor_, {kA, kB}}, [&](const ChangeRow& row) {
          if (rows == kPageRows) return false;
          EXPECT_GT(row.updated_seq, last) << "rows come in updated_seq order, above the cursor";
          last = row.updated_seq;
          v1::Record r;
          EXPECT_TRUE(r.ParseFromArray(row.state.data(), static_cast<int>(row.state.size())));
          seen_.insert(r.id());
          ++rows;
          return true;
        });
    EXPECT_TRUE(high.ok()) << high.status();
    if (!high.ok()) return false;
    // A full page continues after its last row; a scan that ran out moves
    // the cursor to the high mark (server/sync/pull_rules.h does the same).
    cursor_ = rows == kPageRows ? last : std::max(cursor_, *high);
    return rows > 0;
  }

  const std::set<std::string>& seen() const { return seen_; }

 private:
  Store* store_;
  uint64_t cursor_ = 0;
  std::set<std::string> seen_;
};

TEST(PgPullOrderTest, AReaderFollowingItsCursorSeesEveryRecordOfConcurrentWriters) {
  absl::StatusOr<test::PgCluster*> cluster = test::SharedPgCluster();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  absl::StatusOr<std::string> url = (*cluster)->NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  std::vector<std::unique_ptr<PgStore>> stores;
  for (int i = 0; i <= kStores; ++i) {  // the last one is the reader's
    absl::StatusOr<std::unique_ptr<PgStore>> store = PgStore::Open(*url);
    ASSERT_TRUE(store.ok()) << store.status();
    stores.push_back(*std::move(store));
  }

  std::atomic<int> failures{0};
  std::vector<std::vector<std::string>> written_by(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      Store& store = *stores[w % kStores];
      for (int t = 0; t < kTxnsPerWriter; ++t) {
        absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
        if (!txn.ok()) {
          ++failures;
          continue;
        }
        const int records = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < records; ++k) {
          const v1::Record r = testing::PersonChange(IdOf(w, t, k), rng() % 2 ? kA : kB,
                                                     1'800'000'000'000, absl::StrCat(w, "/", t));
          if (!(*txn)->PutRecord(r).ok()) ++failures;
          written_by[w].push_back(r.id());
          // The transaction stays open a while after taking its numbers.
          std::this_thread::sleep_for(std::chrono::microseconds(rng() % 1500));
        }
        if (!(*txn)->Commit().ok()) ++failures;
      }
    });
  }
  Reader reader(stores.back().get());
  std::atomic<bool> done{false};
  std::thread pulling([&] {
    while (!done.load()) reader.Pull();
    while (reader.Pull()) {
    }
  });
  for (std::thread& t : writers) t.join();
  done = true;
  pulling.join();

  ASSERT_EQ(failures.load(), 0);
  std::set<std::string> written;
  for (const std::vector<std::string>& ids : written_by) written.insert(ids.begin(), ids.end());
  EXPECT_EQ(reader.seen().size(), written.size());
  EXPECT_TRUE(reader.seen() == written) << "the reader's cursor passed a record for good";
}

}  // namespace
}  // namespace hromada::server
