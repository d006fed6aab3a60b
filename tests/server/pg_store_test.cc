// What the PostgreSQL Store adds to the conformance suite
// (store_conformance_test.cc): its epoch, several stores on one database,
// and pulls that read only their communities' rows.
#include "server/store/pg_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "server/store/pg_conn.h"
#include "shared/base/sha256.h"
#include "tests/server/test_records.h"
#include "tests/support/pg_cluster.h"

namespace hromada::server {
namespace {

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<test::PgCluster*> cluster = test::SharedPgCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    absl::StatusOr<std::string> url = (*cluster)->NewDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
  }

  std::unique_ptr<PgStore> Open() {
    absl::StatusOr<std::unique_ptr<PgStore>> store = PgStore::Open(url_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  std::string url_;
};

TEST_F(PgStoreTest, TheFirstStoreCreatesTheSchemaAndEveryStoreSeesOneEpoch) {
  std::unique_ptr<PgStore> first = Open();
  std::unique_ptr<PgStore> second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(first->created());
  EXPECT_FALSE(second->created());
  EXPECT_EQ(Epoch(*first)->size(), 16u);
  EXPECT_EQ(*Epoch(*first), *Epoch(*second));
}

// Schema 2 (attachments without owners) is brought to 3 on open, and its
// old partial contents, owned by no device, are dropped as stale.
TEST_F(PgStoreTest, ASchemaTwoDatabaseIsUpgradedAndItsOwnerlessPartialsExpire) {
  {
    std::unique_ptr<PgStore> made = Open();
    ASSERT_NE(made, nullptr);
  }
  {
    absl::StatusOr<std::unique_ptr<pg::Conn>> conn = pg::Conn::Connect(url_);
    ASSERT_TRUE(conn.ok()) << conn.status();
    ASSERT_TRUE(
        (*conn)
            ->Run("DROP INDEX blobs_partial; ALTER TABLE blobs DROP COLUMN uploader;"
                  "ALTER TABLE blobs DROP COLUMN touched_ms;"
                  "INSERT INTO blobs(sha256, size, held, complete) VALUES('old', 9, 3, false);"
                  "INSERT INTO blob_chunks(sha256, start, data) VALUES('old', 0, 'abc');"
                  "UPDATE schema_version SET version=2")
            .ok());
  }
  std::unique_ptr<PgStore> store = Open();
  ASSERT_NE(store, nullptr);
  const std::string content = "attached";
  BlobKey key{Sha256Hex(content), Sha256Hex("whole"), Sha256Hex("partial"), "0a"};
  absl::StatusOr<BlobState> held = store->AppendBlob(key, content.size(), 0, content);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_TRUE(held->complete);
  ASSERT_TRUE(store->DropPartialBlobs(absl::Now() - absl::Hours(1)).ok());
  BlobKey old{"", "none", "old", ""};
  EXPECT_EQ(store->GetBlob(old)->held, 0u) << "the ownerless partial content is gone";
}

TEST_F(PgStoreTest, AWriteThroughOneStoreIsReadThroughAnother) {
  std::unique_ptr<PgStore> a = Open();
  std::unique_ptr<PgStore> b = Open();
  ASSERT_NE(b, nullptr);
  const std::string community(16, 'c');
  std::unique_ptr<WriteTxn> txn = *a->BeginWrite();
  ASSERT_TRUE(txn->PutRecord(testing::PersonChange(std::string(16, '1'), community,
                                                   1'800'000'000'000, "Олена"))
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  absl::StatusOr<std::optional<v1::Record>> seen = b->ReadRecord("person", std::string(16, '1'));
  ASSERT_TRUE(seen.ok() && seen->has_value()) << seen.status();
  EXPECT_EQ((*seen)->fields(0).value().text(), "Олена");
}

TEST_F(PgStoreTest, APullReadsItsCommunitiesThroughTheCommunityIndex) {
  std::unique_ptr<PgStore> store = Open();
  ASSERT_NE(store, nullptr);
  absl::StatusOr<std::unique_ptr<pg::Conn>> conn = pg::Conn::Connect(url_);
  ASSERT_TRUE(conn.ok()) << conn.status();
  // Enough rows in 50 communities that, left alone, the planner reads a
  // community with a bitmap scan and sorts it (a pull page would then cost
  // the whole rest of its share); a small table would be read whole.
  ASSERT_TRUE((*conn)
                  ->Run("INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, "
                        "state) SELECT g, 'person', int8send(g), int4send(g % 50), '', '' "
                        "FROM generate_series(1, 50000) g; ANALYZE records")
                  .ok());
  ASSERT_TRUE((*conn)->Run("BEGIN").ok());
  ASSERT_TRUE((*conn)->Run("SET LOCAL enable_seqscan = off").ok());
  ASSERT_TRUE((*conn)->Run(kPgChangeScanSetup).ok());
  absl::StatusOr<pg::Result> plan = (*conn)->Exec(
      "EXPLAIN DECLARE scan NO SCROLL CURSOR FOR " + PgChangeSql(true, 2),
      pg::Params().Int(0).Bytes(std::string("\0\0\0\0", 4)).Bytes(std::string("\0\0\0\1", 4)));
  ASSERT_TRUE(plan.ok()) << plan.status();
  std::string text;
  for (int i = 0; i < plan->rows(); ++i) text += std::string(plan->Bytes(i, 0)) + "\n";
  EXPECT_NE(text.find("Merge Append"), std::string::npos) << text;
  EXPECT_NE(text.find("Index Scan using records_by_community"), std::string::npos) << text;
  EXPECT_EQ(text.find("Sort Method"), std::string::npos) << text;
  EXPECT_EQ(text.find("Bitmap"), std::string::npos) << text;
  EXPECT_EQ(text.find("->  Sort"), std::string::npos) << "no sort under the merge:\n" << text;
}

// A device's row is held by the transaction that reads it, not by the
// pull-order lock: a handshake or a lifecycle step on one server does not
// wait for another device's push on another.
TEST_F(PgStoreTest, ADeviceWriteDoesNotWaitForAnotherDevicesPush) {
  std::unique_ptr<PgStore> a = Open();
  std::unique_ptr<PgStore> b = Open();
  ASSERT_NE(b, nullptr);
  Device device;
  device.id = std::string(16, '1');
  {
    std::unique_ptr<WriteTxn> txn = *a->BeginWrite();
    ASSERT_TRUE(txn->PutDevice(device).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::unique_ptr<WriteTxn> push = *a->BeginWrite();  // holds the pull-order lock
  ASSERT_TRUE(push->PutRecord(testing::PersonChange(std::string(16, 'r'), std::string(16, 'c'),
                                                    1'800'000'000'000, "Олена"))
                  .ok());
  std::unique_ptr<WriteTxn> touch = *b->BeginWrite();
  absl::StatusOr<Device> held = touch->GetDevice(device.id);
  ASSERT_TRUE(held.ok()) << held.status();
  held->last_seen_ms = 5;
  ASSERT_TRUE(touch->PutDevice(*held).ok());
  ASSERT_TRUE(touch->Commit().ok()) << "while the push is still open";
  ASSERT_TRUE(push->Commit().ok());
  EXPECT_EQ(ReadDevice(*a, DeviceKey::Id(device.id))->last_seen_ms, 5);
}

// In a scan's callback: waits until `n` connections are open (at most
// 10 s), so that the calls overlap however late a loaded machine starts
// their threads, and keeps in `most` the most seen open.
void NoteOverlap(PgStore& store, int n, std::atomic<int>* most) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  int now = store.OpenConnections();
  while (now < n && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
    now = store.OpenConnections();
  }
  for (int seen = most->load(); now > seen && !most->compare_exchange_weak(seen, now);) {
  }
}

// --db-connections: however many calls run at once, no more connections
// than the cap are open; the others wait their turn and all succeed.
TEST_F(PgStoreTest, ACappedPoolNeverOpensMoreConnectionsThanItsCap) {
  absl::StatusOr<std::unique_ptr<PgStore>> opened = PgStore::Open(url_, /*max_connections=*/2);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PgStore& store = **opened;
  std::unique_ptr<WriteTxn> txn = *store.BeginWrite();
  ASSERT_TRUE(txn->PutRecord(testing::PersonChange(std::string(16, '1'), std::string(16, 'c'),
                                                   1'800'000'000'000, "Олена"))
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  std::atomic<int> most{0}, failed{0};
  std::vector<std::thread> calls;
  for (int i = 0; i < 6; ++i) {
    calls.emplace_back([&] {
      // Each scan holds its connection while its callback sleeps.
      absl::Status s = store.ScanStates({"person"}, [&](absl::string_view, absl::string_view) {
        NoteOverlap(store, 2, &most);
        absl::SleepFor(absl::Milliseconds(150));
        NoteOverlap(store, 2, &most);
        return absl::OkStatus();
      });
      if (!s.ok()) ++failed;
    });
  }
  for (std::thread& t : calls) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(most.load(), 2) << "six calls at once share the two connections";
  EXPECT_LE(store.OpenConnections(), 2);
}

// Without a cap, the same calls each get a connection (so the test above
// can tell a cap from none).
TEST_F(PgStoreTest, AnUncappedPoolOpensAConnectionPerCall) {
  std::unique_ptr<PgStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::unique_ptr<WriteTxn> txn = *store->BeginWrite();
  ASSERT_TRUE(txn->PutRecord(testing::PersonChange(std::string(16, '1'), std::string(16, 'c'),
                                                   1'800'000'000'000, "Олена"))
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  std::atomic<int> most{0};
  std::vector<std::thread> calls;
  for (int i = 0; i < 4; ++i) {
    calls.emplace_back([&] {
      (void)store->ScanStates({"person"}, [&](absl::string_view, absl::string_view) {
        NoteOverlap(*store, 3, &most);
        return absl::OkStatus();
      });
    });
  }
  for (std::thread& t : calls) t.join();
  EXPECT_GT(most.load(), 2);
}

}  // namespace
}  // namespace hromada::server
