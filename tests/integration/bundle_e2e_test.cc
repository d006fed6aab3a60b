// Bundles through the real binaries: the `hromada` CLI on a device that
// never connects after its enrolment, `hromada-server admin bundle` on the
// server's database, and a second device that syncs over the network.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "shared/base/sqlite.h"
#include "tests/integration/cli_fixture.h"

namespace hromada::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class BundleE2eTest : public CliFixture {
 protected:
  // The names of the live persons on a device.
  std::multiset<std::string> Persons(const std::string& profile) {
    std::multiset<std::string> names;
    for (const json& p : Json(profile, {"list", "person", "--json"}))
      names.insert(p["fields"]["full_name"].get<std::string>());
    return names;
  }
  absl::StatusOr<ToolResult> ServerBundle(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"admin", "bundle"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--db", server_->db_path()});
    return RunToolWithResult(ServerBinary(), all);
  }
  std::string ServerOk(const std::vector<std::string>& args) {
    absl::StatusOr<ToolResult> r = ServerBundle(args);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return "";
    EXPECT_EQ(r->exit_code, 0) << r->err;
    return r->out;
  }
  // Device → server: export on the device, import on the server.
  void Carry(const std::string& profile) {
    const std::string file = dir_.Path(profile + "-up.bundle");
    Ok(profile, {"bundle", "export", "--output", file});
    ServerOk({"import", file});
  }
  // Server → device.
  void Answer(const std::string& profile) {
    const std::string file = dir_.Path(profile + "-down.bundle");
    ServerOk({"export", "--device", profile, "--output", file});
    Ok(profile, {"bundle", "import", file});
  }
  static void FlipByte(const std::string& path, size_t from_end) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string bytes = buffer.str();
    ASSERT_GT(bytes.size(), from_end);
    bytes[bytes.size() - from_end] ^= 0x01;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
};

TEST_F(BundleE2eTest, ADeviceThatNeverConnectsAfterEnrolmentStaysInSyncBothWays) {
  Enrol("village", "Bilozerka");  // its only call to the server
  Enrol("office", "Bilozerka");
  Enrol("other", "Stanislav");
  const std::string olena = AddPerson("village", bilozerka_, "Олена Коваленко");
  AddPerson("village", bilozerka_, "Іван Бондар");
  Carry("village");
  Ok("office", {"sync"});
  EXPECT_EQ(Persons("office"), (std::multiset<std::string>{"Олена Коваленко", "Іван Бондар"}));

  AddPerson("office", bilozerka_, "Петро Шевчук");
  Ok("office", {"persons", "edit", olena, "phone=+380501112233"});
  Ok("office", {"sync"});
  AddPerson("other", stanislav_, "Марія Стан");  // another community's record
  Ok("other", {"sync"});
  Answer("village");
  EXPECT_EQ(Persons("village"),
            (std::multiset<std::string>{"Олена Коваленко", "Іван Бондар", "Петро Шевчук"}));
  EXPECT_THAT(Ok("village", {"get", "person", olena}), HasSubstr("+380501112233"));
  json status = json::parse(Ok("village", {"status", "--json"}), nullptr, false);
  EXPECT_EQ(status["pending_changes"], 0) << status.dump();

  // A second round goes on from where the first stopped.
  AddPerson("village", bilozerka_, "Ганна Лисенко");
  Carry("village");
  Answer("village");
  Ok("office", {"sync"});
  EXPECT_EQ(Persons("office").count("Ганна Лисенко"), 1u);
  EXPECT_EQ(Persons("village").size(), 4u);
  EXPECT_EQ(ServerAckedThrough("village"), 3u);  // its three persons
}

TEST_F(BundleE2eTest, ATamperedBundleIsRefusedAndChangesNothing) {
  Enrol("village", "Bilozerka");
  Enrol("office", "Bilozerka");
  AddPerson("village", bilozerka_, "Олена Коваленко");
  const std::string up = dir_.Path("up.bundle");
  Ok("village", {"bundle", "export", "--output", up});
  FlipByte(up, 20);
  absl::StatusOr<ToolResult> refused = ServerBundle({"import", up});
  ASSERT_TRUE(refused.ok());
  EXPECT_NE(refused->exit_code, 0);
  EXPECT_THAT(refused->err, HasSubstr("damaged or altered"));
  EXPECT_EQ(ServerAckedThrough("village"), 0u);
  Ok("office", {"sync"});
  EXPECT_TRUE(Persons("office").empty());

  AddPerson("office", bilozerka_, "Петро Шевчук");
  Ok("office", {"sync"});
  const std::string down = dir_.Path("down.bundle");
  ServerOk({"export", "--device", "village", "--output", down});
  FlipByte(down, 30);
  absl::StatusOr<ToolResult> r = Hromada("village", {"bundle", "import", down});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->exit_code, 0);
  EXPECT_THAT(r->err, HasSubstr("damaged or altered"));
  EXPECT_EQ(Persons("village"), (std::multiset<std::string>{"Олена Коваленко"}));

  // A bundle made for another device does not open either.
  Enrol("stranger", "Bilozerka");
  const std::string theirs = dir_.Path("theirs.bundle");
  ServerOk({"export", "--device", "stranger", "--output", theirs});
  r = Hromada("village", {"bundle", "import", theirs});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->exit_code, 0);
  EXPECT_EQ(Persons("village").size(), 1u);
}

TEST_F(BundleE2eTest, ABundleImportedTwiceThenANetworkSyncGivesEveryChangeOnce) {
  Enrol("village", "Bilozerka");
  Enrol("office", "Bilozerka");
  const std::string olena = AddPerson("village", bilozerka_, "Олена Коваленко");
  AddPerson("village", bilozerka_, "Іван Бондар");
  Ok("village", {"persons", "edit", olena, "birth_year=1980"});
  const std::string up = dir_.Path("up.bundle");
  Ok("village", {"bundle", "export", "--output", up});
  EXPECT_THAT(ServerOk({"import", up}), HasSubstr("3 changes, handled through 3, 0 refused"));
  EXPECT_THAT(ServerOk({"import", up}), HasSubstr("handled through 3"));
  // The device did not hear back yet: a sync sends the same changes again.
  Ok("village", {"sync"});
  EXPECT_EQ(ServerAckedThrough("village"), 3u);
  json status = json::parse(Ok("village", {"status", "--json"}), nullptr, false);
  EXPECT_EQ(status["pending_changes"], 0) << status.dump();
  Ok("office", {"sync"});
  EXPECT_EQ(Persons("office"), (std::multiset<std::string>{"Олена Коваленко", "Іван Бондар"}));
  // Olena's birth year was written once: her state holds one clock for it.
  EXPECT_THAT(Ok("office", {"get", "person", olena}), HasSubstr("1980"));

  // The answer, imported twice after the sync, changes nothing either.
  AddPerson("office", bilozerka_, "Петро Шевчук");
  Ok("office", {"sync"});
  const std::string down = dir_.Path("down.bundle");
  ServerOk({"export", "--device", "village", "--output", down});
  Ok("village", {"bundle", "import", down});
  Ok("village", {"bundle", "import", down});
  Ok("village", {"sync"});
  EXPECT_EQ(Persons("village"),
            (std::multiset<std::string>{"Олена Коваленко", "Іван Бондар", "Петро Шевчук"}));
  EXPECT_THAT(Ok("village", {"get", "person", olena}), HasSubstr("1980"));
  EXPECT_EQ(ServerAckedThrough("village"), 3u);
}

TEST_F(BundleE2eTest, ARefusalComesBackInTheAnswerAndTheRecordsSaySo) {
  Enrol("village", "Bilozerka");
  const std::string a = AddPerson("village", bilozerka_, "Олена Коваленко");
  const std::string b = AddPerson("village", bilozerka_, "Олена Ковал");
  const std::string meeting =
      Ok("village", {"meetings", "new", "--community", bilozerka_, "--date", "2024-05-01"})
          .substr(0, 36);
  EXPECT_THAT(Ok("village", {"persons", "show", a}), HasSubstr("sync: waiting (1 change)"));
  EXPECT_THAT(Ok("village", {"meetings", "show", meeting}), HasSubstr("sync: waiting (1 change)"));
  {
    // An altered app that believes it is a coordinator writes a merge the
    // server refuses to a field device.
    auto db = sql::Db::Open(dir_.Path("village.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->Exec("UPDATE settings SET value = 2 WHERE key = 'role'").ok());
  }
  const std::string merge = Ok("village", {"put", "person_merge", "--community", bilozerka_,
                                           "person=" + a, "same_as=" + b})
                                .substr(0, 36);
  const std::string up = dir_.Path("up.bundle");
  Ok("village", {"bundle", "export", "--output", up});
  EXPECT_THAT(ServerOk({"import", up}), HasSubstr("4 changes, handled through 4, 1 refused"));
  const std::string down = dir_.Path("down.bundle");
  ServerOk({"export", "--device", "village", "--output", down});
  EXPECT_THAT(Ok("village", {"bundle", "import", down}), HasSubstr("4 changes confirmed"));
  EXPECT_THAT(Ok("village", {"rejected"}), HasSubstr("coordinator"));
  absl::StatusOr<ToolResult> gone = Hromada("village", {"get", "person_merge", merge});
  ASSERT_TRUE(gone.ok());
  EXPECT_NE(gone->exit_code, 0) << "the refused merge is undone";
  EXPECT_THAT(Ok("village", {"persons", "show", a}), HasSubstr("sync: synced at "));
  EXPECT_THAT(Ok("village", {"meetings", "show", meeting}), HasSubstr("sync: synced at "));
  json shown = json::parse(Ok("village", {"persons", "show", b, "--json"}), nullptr, false);
  EXPECT_EQ(shown["sync"]["state"], "synced") << shown.dump();
}

// A server restored from a backup gets a new epoch (docs/protocol.md,
// "Restore from a backup"). A device that only exchanges bundles learns it
// from the answer: what the restored server lacks goes again, nothing twice.
TEST_F(BundleE2eTest, AfterARestoreTheNextBundlesBringBackWhatTheServerLost) {
  Enrol("village", "Bilozerka");
  Enrol("office", "Bilozerka");
  AddPerson("village", bilozerka_, "Олена Коваленко");
  Carry("village");
  Answer("village");  // learns the epoch
  const std::string backup = dir_.Path("backup.db");
  ASSERT_TRUE(server_->Admin("backup", {"--output", backup}).ok());
  AddPerson("village", bilozerka_, "Іван Бондар");  // acknowledged after the backup
  Carry("village");
  Answer("village");
  ASSERT_EQ(ServerAckedThrough("village"), 2u);

  ASSERT_TRUE(server_->Stop().ok());
  absl::StatusOr<ToolResult> restored = RunToolWithResult(
      ServerBinary(), {"admin", "restore", "--db", server_->db_path(), "--input", backup});
  ASSERT_TRUE(restored.ok()) << restored.status();
  ASSERT_EQ(restored->exit_code, 0) << restored->err;
  ASSERT_TRUE(server_->Restart().ok());
  ASSERT_EQ(ServerAckedThrough("village"), 1u) << "the backup's view";

  // Written before the device knows: refused whole, nothing applied.
  AddPerson("village", bilozerka_, "Петро Шевчук");
  const std::string up = dir_.Path("stale.bundle");
  Ok("village", {"bundle", "export", "--output", up});
  EXPECT_THAT(ServerOk({"import", up}), HasSubstr("before this database was restored"));
  EXPECT_EQ(ServerAckedThrough("village"), 1u);

  const std::string down = dir_.Path("new-epoch.bundle");
  ServerOk({"export", "--device", "village", "--output", down});
  EXPECT_THAT(Ok("village", {"bundle", "import", down}), HasSubstr("restored from a backup"));
  Carry("village");
  EXPECT_EQ(ServerAckedThrough("village"), 3u);
  Answer("village");
  Ok("office", {"sync"});
  const std::multiset<std::string> all{"Олена Коваленко", "Іван Бондар", "Петро Шевчук"};
  EXPECT_EQ(Persons("office"), all);
  EXPECT_EQ(Persons("village"), all);
  json status = json::parse(Ok("village", {"status", "--json"}), nullptr, false);
  EXPECT_EQ(status["pending_changes"], 0) << status.dump();
}

}  // namespace
}  // namespace hromada::test
