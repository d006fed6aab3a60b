// Backup and restore through the real binaries: a backup while the server
// serves, more syncs from several devices, the server stopped and the
// older backup put back, the server started again. Every change
// acknowledged after the backup must be back on the server, nothing
// doubled, and every device must converge (docs/protocol.md, "Restore from
// a backup").
//
// One scenario, two backends (the fixture's, HROMADA_TEST_DB): on SQLite
// `admin backup` and `admin restore`; on PostgreSQL the route of
// docs/deploy.md ("Backups" under several servers): pg_dump, pg_restore,
// then `admin new-epoch`. ctest runs it both ways; the PostgreSQL run is
// integration_pg_restore_test (label `pg`). The tests of one backend's
// tools alone skip on the other.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "shared/base/sqlite.h"
#include "tests/integration/fixture.h"
#include "tests/support/pg_cluster.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

Fields Person(const std::string& name) { return {{"full_name", name}}; }

// Every live record of the kinds devices write, as "kind/id:fields" text.
std::map<std::string, std::string> Everything(Client& c) {
  std::map<std::string, std::string> out;
  for (const char* kind : {"person", "meeting", "community"}) {
    absl::StatusOr<std::vector<RecordView>> all = c.List(kind);
    EXPECT_TRUE(all.ok()) << all.status();
    if (!all.ok()) continue;
    for (const RecordView& r : *all) out[absl::StrCat(kind, "/", r.id)] = Dump(r);
  }
  return out;
}

void SyncOk(Client& c) {
  absl::StatusOr<SyncReport> report = c.Sync();
  ASSERT_TRUE(report.ok()) << report.status();
}

class RestoreTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    if (HasFatalFailure() || !TestsUsePostgres()) return;
    absl::StatusOr<PgCluster*> cluster = SharedPgCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    // The postgres user writes the dump: into the cluster's folder.
    backup_ =
        absl::StrCat((*cluster)->dir(), "/backup-",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".dump");
  }

  absl::StatusOr<ToolResult> ServerTool(const std::vector<std::string>& args) {
    return RunToolWithResult(ServerBinary(), args);
  }
  // The server's database: a file, or a postgresql:// URL.
  const std::string& db() const { return server_->db_path(); }

  // A backup while the server serves: `admin backup`, or pg_dump as
  // docs/deploy.md runs it.
  void Backup() {
    if (!TestsUsePostgres()) {
      ASSERT_TRUE(server_->Admin("backup", {"--output", backup_}).ok());
      return;
    }
    absl::StatusOr<std::string> dumped = PgCluster::RunPgTool(
        "pg_dump", {"--format=custom", "--file=" + backup_, "--dbname=" + db()});
    ASSERT_TRUE(dumped.ok()) << dumped.status();
  }

  // The older backup over the stopped server's database: `admin restore`,
  // or pg_restore and a new epoch (docs/deploy.md, step for step).
  void Restore() {
    if (!TestsUsePostgres()) {
      absl::StatusOr<ToolResult> restored =
          ServerTool({"admin", "restore", "--db", db(), "--input", backup_});
      ASSERT_TRUE(restored.ok()) << restored.status();
      ASSERT_EQ(restored->exit_code, 0) << restored->err;
      return;
    }
    ASSERT_NO_FATAL_FAILURE(PgRestore());
    absl::StatusOr<ToolResult> epoch = ServerTool({"admin", "new-epoch", "--db", db()});
    ASSERT_TRUE(epoch.ok()) << epoch.status();
    ASSERT_EQ(epoch->exit_code, 0) << epoch->err;
  }

  // pg_restore alone, without the new epoch.
  void PgRestore() {
    absl::StatusOr<std::string> restored =
        PgCluster::RunPgTool("pg_restore", {"--clean", "--if-exists", "--single-transaction",
                                            "--exit-on-error", "--dbname=" + db(), backup_});
    ASSERT_TRUE(restored.ok()) << restored.status();
  }

  std::string backup_ = dir_.Path("backup.db");
};

// `admin backup` and `admin restore`, on SQLite only.
class SqliteRestoreTest : public RestoreTest {
 protected:
  void SetUp() override {
    if (TestsUsePostgres()) GTEST_SKIP() << "SQLite's backup tools (the SQLite run tests them)";
    RestoreTest::SetUp();
  }
};

// pg_dump and pg_restore, on PostgreSQL only.
class PgRestoreTest : public RestoreTest {
 protected:
  void SetUp() override {
    if (!TestsUsePostgres()) GTEST_SKIP() << "PostgreSQL's tools (integration_pg_restore_test)";
    RestoreTest::SetUp();
  }
};

TEST_F(RestoreTest, NothingAcknowledgedAfterTheBackupIsLost) {
  auto a = NewDevice("a", "Bilozerka");
  auto b = NewDevice("b", "Bilozerka", "coordinator");
  auto c = NewDevice("c", "Stanislav");
  const std::string shared = *a->Put("person", "", bilozerka_, Person("Олена Петренко"));
  const std::string gone = *b->Put("person", "", bilozerka_, Person("Петро Коваль"));
  ASSERT_TRUE(c->Put("person", "", stanislav_, Person("Іван Шевченко")).ok());
  for (Client* d : {a.get(), b.get(), c.get(), a.get()}) SyncOk(*d);

  ASSERT_NO_FATAL_FAILURE(Backup());

  // After it: new records, edits of another's record, a delete; all acked.
  ASSERT_TRUE(a->Put("person", "", bilozerka_, Person("Марія Бондар")).ok());
  ASSERT_TRUE(a->Put("person", shared, "", {{"phone", std::string("+380501112233")}}).ok());
  ASSERT_TRUE(b->Put("person", shared, "", Person("Олена Петренко-Коваль")).ok());
  ASSERT_TRUE(b->Delete("person", gone).ok());
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(c->Put("person", "", stanislav_, Person(absl::StrCat("Житель ", i))).ok());
  }
  for (Client* d : {a.get(), b.get(), c.get(), a.get(), b.get()}) SyncOk(*d);
  const std::map<std::string, std::string> before = Everything(*a);
  const uint64_t acked_a = ServerAckedThrough("a"), acked_c = ServerAckedThrough("c");
  ASSERT_EQ(acked_a, 3u);
  ASSERT_EQ(acked_c, 31u);
  // b edits offline meanwhile: a change the server never had.
  ASSERT_TRUE(b->Put("person", "", bilozerka_, Person("Оксана Мельник")).ok());

  // The server stopped, restored from the older backup, started again.
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_NO_FATAL_FAILURE(Restore());
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(ServerAckedThrough("a"), 1u) << "the backup's view";
  EXPECT_EQ(ServerAckedThrough("c"), 1u);

  // b syncs first and also writes a change after the restore, numbered
  // above all it had sent: neither a duplicate nor a gap to the server.
  ASSERT_TRUE(b->Put("person", "", bilozerka_, Person("Андрій Ткаченко")).ok());
  for (Client* d : {b.get(), a.get(), c.get(), b.get(), a.get()}) SyncOk(*d);
  EXPECT_EQ(ServerAckedThrough("a"), acked_a);
  EXPECT_EQ(ServerAckedThrough("c"), acked_c);
  EXPECT_EQ(ServerAckedThrough("b"), 5u);
  for (Client* d : {a.get(), b.get(), c.get()}) EXPECT_EQ(d->GetStatus()->pending_changes, 0u);

  // What a new device pulls is the server's state: all of it came back.
  auto fresh_b = NewDevice("fresh-b", "Bilozerka");
  auto fresh_s = NewDevice("fresh-s", "Stanislav");
  SyncOk(*fresh_b);
  SyncOk(*fresh_s);
  const std::map<std::string, std::string> server_view = Everything(*fresh_b);
  for (const auto& [key, dump] : before) {
    if (key.rfind("person/", 0) != 0) continue;
    auto it = server_view.find(key);
    ASSERT_NE(it, server_view.end()) << key << " was lost";
    EXPECT_EQ(it->second, dump);
  }
  EXPECT_EQ(server_view.count(absl::StrCat("person/", gone)), 0u) << "the delete came back too";
  EXPECT_EQ(Everything(*a), server_view);
  EXPECT_EQ(Everything(*b), server_view);
  EXPECT_EQ(Everything(*c), Everything(*fresh_s));
  EXPECT_EQ(c->List("person")->size(), 31u) << "nothing doubled";
  EXPECT_EQ(Dump(**fresh_b->Get("person", shared)), Dump(**a->Get("person", shared)));
}

TEST_F(SqliteRestoreTest, BackupAndRestoreRefuseWhatWouldLoseData) {
  auto a = NewDevice("a", "Bilozerka");
  ASSERT_TRUE(a->Put("person", "", bilozerka_, Person("Олена Петренко")).ok());
  SyncOk(*a);
  ASSERT_NO_FATAL_FAILURE(Backup());

  // A backup never overwrites; there must be a database to copy.
  absl::StatusOr<ToolResult> r = ServerTool({"admin", "backup", "--db", db(), "--output", backup_});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("never overwrites"), std::string::npos) << r->err;
  r = ServerTool({"admin", "backup", "--db", dir_.Path("none.db"), "--output", dir_.Path("x")});
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("no database"), std::string::npos) << r->err;

  // No restore under a running server.
  r = ServerTool({"admin", "restore", "--db", db(), "--input", backup_});
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("stop the server"), std::string::npos) << r->err;

  ASSERT_TRUE(server_->Stop().ok());
  // Nothing to restore from, or not a hromada database: the database stays.
  r = ServerTool({"admin", "restore", "--db", db(), "--input", dir_.Path("missing.db")});
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("no backup"), std::string::npos) << r->err;
  std::ofstream(dir_.Path("junk.db")) << "junk\n";
  r = ServerTool({"admin", "restore", "--db", db(), "--input", dir_.Path("junk.db")});
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("not an SQLite database"), std::string::npos) << r->err;
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(ServerAckedThrough("a"), 1u) << "the database is untouched";

  // Two servers never serve one file.
  ServerOptions second;
  second.db_path = db();
  second.work_dir = dir_.Path("second");
  ASSERT_EQ(::mkdir(second.work_dir.c_str(), 0700), 0);
  second.start_timeout = absl::Seconds(5);
  absl::StatusOr<std::unique_ptr<ServerProcess>> other = ServerProcess::Start(second);
  EXPECT_FALSE(other.ok());
}

// Issue 22: a device revoked (or asked to retire, or moved to a new phone)
// after the backup stays cut off when the older backup is restored: the
// revocation journal beside the database is applied to the restored copy.
TEST_F(SqliteRestoreTest, DevicesCutOffAfterTheBackupStayCutOff) {
  auto lost = NewDevice("lost", "Bilozerka");
  auto old = NewDevice("old", "Bilozerka");
  auto moved = NewDevice("moved", "Bilozerka");
  auto kept = NewDevice("kept", "Bilozerka");
  for (Client* d : {lost.get(), old.get(), moved.get(), kept.get()}) SyncOk(*d);
  ASSERT_NO_FATAL_FAILURE(Backup());
  ASSERT_TRUE(
      server_->Admin("revoke-device", {"lost", "--reason", "captured at a checkpoint"}).ok());
  ASSERT_TRUE(server_->Admin("retire-device", {"old"}).ok());
  ASSERT_TRUE(server_->Admin("reissue-code", {"moved"}).ok());
  struct stat st;
  ASSERT_EQ(::stat((db() + ".revocations").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_NO_FATAL_FAILURE(Restore());
  ASSERT_TRUE(server_->Restart().ok());
  std::map<std::string, std::string> states;
  for (const nlohmann::json& d :
       nlohmann::json::parse(server_->Admin("list-devices", {"--json"}).value_or("[]"))) {
    states[d["name"].get<std::string>()] += d["state"].get<std::string>() + ";";
  }
  EXPECT_THAT(states["lost"], HasSubstr("revoked"));
  EXPECT_THAT(states["old"], HasSubstr("retir"));
  EXPECT_THAT(states["moved"], HasSubstr("revoked")) << "the old phone's id";
  EXPECT_EQ(states["kept"], "active;");
  EXPECT_FALSE(lost->Sync().ok()) << "the captured device syncs again";
  SyncOk(*kept);
}

// A backup with an object the server does not make (a trigger that would
// run on the restored server, a view, a table) is refused before anything
// in it runs; the database stays as it was.
TEST_F(SqliteRestoreTest, ABackupWithForeignSchemaObjectsIsRefused) {
  auto a = NewDevice("a", "Bilozerka");
  SyncOk(*a);
  ASSERT_NO_FATAL_FAILURE(Backup());
  ASSERT_TRUE(server_->Stop().ok());
  const std::string objects[] = {
      "CREATE TRIGGER unrevoke AFTER UPDATE ON devices BEGIN UPDATE devices SET revoked=0; END",
      "CREATE VIEW everyone AS SELECT * FROM devices",
      "CREATE TABLE stash(x BLOB)",
      "CREATE INDEX by_name ON devices(name)",
  };
  for (const std::string& sql : objects) {
    const std::string tampered = dir_.Path("tampered.db");
    std::filesystem::remove(tampered);
    std::filesystem::copy_file(backup_, tampered);
    {
      absl::StatusOr<std::unique_ptr<sql::Db>> db = sql::Db::Open(tampered);
      ASSERT_TRUE(db.ok()) << db.status();
      ASSERT_TRUE((*db)->Exec(sql).ok()) << sql;
    }
    absl::StatusOr<ToolResult> r =
        ServerTool({"admin", "restore", "--db", db(), "--input", tampered});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->exit_code, 1) << sql;
    EXPECT_THAT(r->err, HasSubstr("does not make")) << r->err;
  }
  ASSERT_TRUE(server_->Restart().ok());
  SyncOk(*a);
}

// Issue 22 on PostgreSQL: the journal is the file given to the admin
// commands, and `admin new-epoch` re-applies it after pg_restore.
TEST_F(PgRestoreTest, DevicesRevokedAfterTheDumpStayRevokedWithTheJournal) {
  auto lost = NewDevice("lost", "Bilozerka");
  auto kept = NewDevice("kept", "Bilozerka");
  SyncOk(*lost);
  SyncOk(*kept);
  ASSERT_NO_FATAL_FAILURE(Backup());
  const std::string journal = dir_.Path("revocations");
  ASSERT_TRUE(server_
                  ->Admin("revoke-device",
                          {"lost", "--reason", "captured", "--revocation-journal", journal})
                  .ok());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_NO_FATAL_FAILURE(PgRestore());
  absl::StatusOr<ToolResult> epoch =
      ServerTool({"admin", "new-epoch", "--db", db(), "--revocation-journal", journal});
  ASSERT_TRUE(epoch.ok()) << epoch.status();
  ASSERT_EQ(epoch->exit_code, 0) << epoch->err;
  EXPECT_THAT(epoch->out, HasSubstr("1 device(s)"));
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_FALSE(lost->Sync().ok()) << "the captured device syncs again";
  SyncOk(*kept);
}

// A dump with a trigger added (here after pg_restore, as a changed dump
// would bring it): `admin new-epoch` refuses before it writes anything.
TEST_F(PgRestoreTest, NewEpochRefusesADatabaseWithObjectsTheServerDoesNotMake) {
  ASSERT_NO_FATAL_FAILURE(Backup());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_NO_FATAL_FAILURE(PgRestore());
  for (const std::string sql :
       {"CREATE FUNCTION unrevoke() RETURNS trigger LANGUAGE plpgsql AS "
        "'BEGIN NEW.revoked := 0; RETURN NEW; END';"
        "CREATE TRIGGER unrevoke BEFORE UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION "
        "unrevoke()",
        "DROP TRIGGER unrevoke ON devices; CREATE VIEW everyone AS SELECT * FROM devices"}) {
    absl::StatusOr<std::string> done = PgCluster::RunPgTool(
        "psql", {"--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname=" + db(), "-c", sql});
    ASSERT_TRUE(done.ok()) << done.status();
    absl::StatusOr<ToolResult> epoch = ServerTool({"admin", "new-epoch", "--db", db()});
    ASSERT_TRUE(epoch.ok()) << epoch.status();
    EXPECT_EQ(epoch->exit_code, 1) << sql;
    EXPECT_THAT(epoch->err, HasSubstr("does not make")) << epoch->err;
  }
}

// Without the new epoch the devices would not send again what the dump
// lacks: the step is what brings it back, so leaving it out must lose it.
TEST_F(PgRestoreTest, WithoutANewEpochTheChangesAfterTheDumpStayLost) {
  auto a = NewDevice("a", "Bilozerka");
  ASSERT_TRUE(a->Put("person", "", bilozerka_, Person("Олена Петренко")).ok());
  SyncOk(*a);
  ASSERT_NO_FATAL_FAILURE(Backup());
  const std::string later = *a->Put("person", "", bilozerka_, Person("Марія Бондар"));
  SyncOk(*a);
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_NO_FATAL_FAILURE(PgRestore());
  ASSERT_TRUE(server_->Restart().ok());
  SyncOk(*a);
  auto fresh = NewDevice("fresh", "Bilozerka");
  SyncOk(*fresh);
  EXPECT_EQ(Everything(*fresh).count(absl::StrCat("person/", later)), 0u);
}

}  // namespace
}  // namespace hromada::test
