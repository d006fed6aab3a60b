// What the SQLite backend does beyond the Store contract: its schema
// upgrade to the epoch and the pull index, and backup and restore.
#include "server/store/sqlite_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "shared/base/sqlite.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

int64_t Count(const std::string& path, const std::string& sql) {
  std::unique_ptr<sql::Db> db = *sql::Db::Open(path);
  std::unique_ptr<sql::Stmt> q = *db->PrepareOnce(sql);
  EXPECT_TRUE(*q->Step());
  return q->Int(0);
}

TEST(SqliteStoreTest, ASchema4DatabaseGetsThePullIndexAndAnEpoch) {
  const std::string path = testing::TempDbPath("upgrade");
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  {  // back to schema 4 as it was
    std::unique_ptr<sql::Db> db = *sql::Db::Open(path);
    ASSERT_TRUE(db->Exec("DROP INDEX records_by_community; DROP TABLE meta; "
                         "ALTER TABLE devices DROP COLUMN bundle_keys; "
                         "ALTER TABLE devices DROP COLUMN bundle_cursor; "
                         "ALTER TABLE devices DROP COLUMN bundle_first_seq; "
                         "PRAGMA user_version=4;")
                    .ok());
  }
  absl::StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Epoch(**store)->size(), 16u);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM sqlite_master WHERE name='records_by_community'"), 1);
  EXPECT_EQ(Count(path, "PRAGMA user_version"), 6);
}

TEST(SqliteStoreTest, ARestoredDatabaseHasTheBackupsRecordsUnderANewEpoch) {
  const std::string path = testing::TempDbPath("live");
  const std::string backup = path + ".backup";
  std::string epoch;
  {
    std::unique_ptr<SqliteStore> store = *SqliteStore::Open(path);
    epoch = *Epoch(*store);
    std::unique_ptr<WriteTxn> txn = *store->BeginWrite();
    ASSERT_TRUE(txn->PutRecord(testing::PersonChange(std::string(16, 'r'), std::string(16, 'a'),
                                                     1'800'000'000'000, "Олена"))
                    .ok());
    ASSERT_TRUE(txn->Commit().ok());
    ::unlink(backup.c_str());
    ASSERT_TRUE(SqliteStore::Backup(path, backup).ok()) << "while the store is open";
    EXPECT_TRUE(absl::IsAlreadyExists(SqliteStore::Backup(path, backup)));
    txn.reset();
    txn = *store->BeginWrite();  // after the backup: the restore forgets it
    ASSERT_TRUE(txn->PutRecord(testing::PersonChange(std::string(16, 's'), std::string(16, 'a'),
                                                     1'800'000'000'000, "Петро"))
                    .ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  {
    absl::StatusOr<ServingLock> serving = ServingLock::Take(path);
    ASSERT_TRUE(serving.ok()) << serving.status();
    EXPECT_TRUE(absl::IsFailedPrecondition(SqliteStore::Restore(backup, path)));
  }
  ASSERT_TRUE(SqliteStore::Restore(backup, path).ok());
  std::unique_ptr<SqliteStore> store = *SqliteStore::Open(path);
  EXPECT_NE(*Epoch(*store), epoch);
  EXPECT_TRUE(store->ReadRecord("person", std::string(16, 'r'))->has_value());
  EXPECT_FALSE(store->ReadRecord("person", std::string(16, 's'))->has_value());
}

}  // namespace
}  // namespace hromada::server
