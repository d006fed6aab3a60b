// Backup and restore on PostgreSQL through the real binaries, by the route
// of docs/deploy.md ("Backups" under several servers): pg_dump while the
// server serves, more syncs from several devices, the server stopped, the
// older dump put back with pg_restore, `hromada-server admin new-epoch`,
// the server started again. Every change acknowledged after the dump must
// be back on the server, nothing doubled, and every device must converge
// (docs/protocol.md, "Restore from a backup"). restore_test.cc is the same
// story on SQLite with `admin backup` and `admin restore`.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/fixture.h"
#include "tests/support/pg_cluster.h"

namespace hromada::test {
namespace {

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

class PgRestoreTest : public SyncFixture {
 protected:
  void SetUp() override {
    // The fixture's server on a new database of the private cluster.
    ::setenv("HROMADA_TEST_DB", "postgres", 1);
    SyncFixture::SetUp();
    absl::StatusOr<PgCluster*> cluster = SharedPgCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    // The postgres user writes the dump: into the cluster's folder.
    dump_ = absl::StrCat((*cluster)->dir(), "/backup-",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".dump");
  }

  const std::string& url() const { return server_->db_path(); }
  std::string dump_;
};

TEST_F(PgRestoreTest, NothingAcknowledgedAfterTheDumpIsLost) {
  auto a = NewDevice("a", "Bilozerka");
  auto b = NewDevice("b", "Bilozerka", "coordinator");
  auto c = NewDevice("c", "Stanislav");
  const std::string shared = *a->Put("person", "", bilozerka_, Person("Олена Петренко"));
  const std::string gone = *b->Put("person", "", bilozerka_, Person("Петро Коваль"));
  ASSERT_TRUE(c->Put("person", "", stanislav_, Person("Іван Шевченко")).ok());
  for (Client* d : {a.get(), b.get(), c.get(), a.get()}) SyncOk(*d);

  // The dump, while the server serves (docs/deploy.md's command).
  absl::StatusOr<std::string> dumped =
      PgCluster::RunPgTool("pg_dump", {"--format=custom", "--file=" + dump_, "--dbname=" + url()});
  ASSERT_TRUE(dumped.ok()) << dumped.status();

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

  // Every server stopped, the older dump restored over the database, a new
  // epoch, the server started again: docs/deploy.md, step for step.
  ASSERT_TRUE(server_->Stop().ok());
  absl::StatusOr<std::string> restored =
      PgCluster::RunPgTool("pg_restore", {"--clean", "--if-exists", "--single-transaction",
                                          "--exit-on-error", "--dbname=" + url(), dump_});
  ASSERT_TRUE(restored.ok()) << restored.status();
  absl::StatusOr<ToolResult> epoch =
      RunToolWithResult(ServerBinary(), {"admin", "new-epoch", "--db", url()});
  ASSERT_TRUE(epoch.ok()) << epoch.status();
  ASSERT_EQ(epoch->exit_code, 0) << epoch->err;
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(ServerAckedThrough("a"), 1u) << "the dump's view";
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

// Without the new epoch the devices would not send again what the dump
// lacks: the step is what brings it back, so leaving it out must lose it.
TEST_F(PgRestoreTest, WithoutANewEpochTheChangesAfterTheDumpStayLost) {
  auto a = NewDevice("a", "Bilozerka");
  ASSERT_TRUE(a->Put("person", "", bilozerka_, Person("Олена Петренко")).ok());
  SyncOk(*a);
  ASSERT_TRUE(
      PgCluster::RunPgTool("pg_dump", {"--format=custom", "--file=" + dump_, "--dbname=" + url()})
          .ok());
  const std::string later = *a->Put("person", "", bilozerka_, Person("Марія Бондар"));
  SyncOk(*a);
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(PgCluster::RunPgTool("pg_restore", {"--clean", "--if-exists", "--single-transaction",
                                                  "--exit-on-error", "--dbname=" + url(), dump_})
                  .ok());
  ASSERT_TRUE(server_->Restart().ok());
  SyncOk(*a);
  auto fresh = NewDevice("fresh", "Bilozerka");
  SyncOk(*fresh);
  EXPECT_EQ(Everything(*fresh).count(absl::StrCat("person/", later)), 0u);
}

}  // namespace
}  // namespace hromada::test
