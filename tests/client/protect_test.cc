// Encryption at rest of the device store (docs/security.md): what a
// wrong passphrase does and does not do, the key provider, passphrase
// change, crypto-erasure, the migration of a clear profile, file modes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "client/src/crypto/key_store.h"
#include "client/src/store/store.h"
#include "shared/base/sqlite.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

int Mode(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

class ProtectTest : public ClientTest {
 protected:
  std::string path() { return dir_.Path("device.db"); }
  // Every file of the profile, concatenated.
  std::string AllBytes() {
    return Slurp(path()) + Slurp(path() + "-wal") + Slurp(path() + "-shm") +
           Slurp(client::KeyFilePath(path()));
  }
  absl::StatusOr<std::unique_ptr<Client>> OpenWith(const std::string& passphrase) {
    ClientOptions options = Options();
    options.settings.passphrase = passphrase;
    return OpenClient(path(), options);
  }
};

TEST_F(ProtectTest, NothingPersonalIsInClearInAnyFile) {
  {
    auto client = Enrolled();
    ASSERT_TRUE(client
                    ->Put("person", "", kCommunity,
                          {{"full_name", std::string("Оксана Шевчукова")},
                           {"phone", std::string("+380671234567")}})
                    .ok());
  }
  const std::string bytes = AllBytes();
  EXPECT_EQ(bytes.find("Оксана"), std::string::npos);
  EXPECT_EQ(bytes.find("380671234567"), std::string::npos);
  EXPECT_EQ(Mode(path()), 0600);
  EXPECT_EQ(Mode(client::KeyFilePath(path())), 0600);
  auto client = Open();
  ASSERT_NE(client, nullptr);
  auto people = client->List("person");
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);
}

// An attendance keeps its meeting and person ids in clear beside its
// sealed state (schema 7), so a report need not open it; its role stays
// sealed, and the report counts it from the clear ids.
TEST_F(ProtectTest, AnAttendanceKeepsOnlyItsIdsInClear) {
  std::string meeting, person;
  {
    auto client = Enrolled();
    meeting = *client->Put("meeting", "", kCommunity, {{"date", std::string("2024-05-01")}});
    person = *client->Put("person", "", kCommunity, Person("Оксана Шевчукова"));
    ASSERT_TRUE(client
                    ->Put("attendance", "", kCommunity,
                          {{"meeting", Ref{meeting}},
                           {"person", Ref{person}},
                           {"role", std::string("organiser")}})
                    .ok());
    absl::StatusOr<Report> report = BuildReport(*client, {"", "", "2026-06-30", ""});
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->attendances, 1);
    EXPECT_EQ(report->individuals, 1);
  }
  const std::string bytes = AllBytes();
  EXPECT_EQ(bytes.find("organiser"), std::string::npos);
  EXPECT_EQ(bytes.find("Оксана"), std::string::npos);
  auto db = *sql::Db::Open(path());
  auto refs = *db->Prepare("SELECT refs FROM records WHERE kind = 'attendance'");
  ASSERT_TRUE(*refs->Step());
  EXPECT_EQ(refs->Blob(0), Uuid::Parse(meeting)->bytes() + Uuid::Parse(person)->bytes());
  refs->Reset();
  auto others = *db->Prepare("SELECT COUNT(*) FROM records WHERE refs IS NOT NULL");
  ASSERT_TRUE(*others->Step());
  EXPECT_EQ(others->Int(0), 1) << "only the attendance has clear refs";
}

// A profile from before schema 7 gets its attendances' refs on its first
// open, and its reports, edits and deletes go on as before.
TEST_F(ProtectTest, AProfileWithoutClearRefsGetsThemOnOpen) {
  std::string meeting;
  std::vector<std::string> persons;
  {
    auto client = Open();
    meeting = *client->Put("meeting", "", kCommunity, {{"date", std::string("2024-05-01")}});
    for (const char* name : {"Марія", "Петро", "Ганна"}) {
      persons.push_back(*client->Put("person", "", kCommunity, Person(name)));
      ASSERT_TRUE(client
                      ->Put("attendance", "", kCommunity,
                            {{"meeting", Ref{meeting}}, {"person", Ref{persons.back()}}})
                      .ok());
    }
  }
  {  // as schema 5 left it: no refs column
    auto db = *sql::Db::Open(path());
    ASSERT_TRUE(db->Exec("ALTER TABLE records DROP COLUMN refs; PRAGMA user_version = 5").ok());
  }
  auto client = Open();
  ASSERT_NE(client, nullptr);
  absl::StatusOr<Report> report = BuildReport(*client, {"", "", "2026-06-30", ""});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->attendances, 3);
  ASSERT_TRUE(client->Delete("attendance", *AttendanceId(meeting, persons[0])).ok());
  report = BuildReport(*client, {"", "", "2026-06-30", ""});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->attendances, 2);
  EXPECT_EQ(*client::Store::PeekVersion(path()), client::Store::kSchemaVersion);
  client.reset();
  auto db = *sql::Db::Open(path());
  auto filled = *db->Prepare(
      "SELECT COUNT(*) FROM records WHERE kind = 'attendance' AND refs "
      "IS NOT NULL");
  ASSERT_TRUE(*filled->Step());
  EXPECT_EQ(filled->Int(0), 3);
}

TEST_F(ProtectTest, AWrongPassphraseReadsAndChangesNothing) {
  { ASSERT_NE(Open(), nullptr); }
  const std::string db = Slurp(path()), wal = Slurp(path() + "-wal");
  auto wrong = OpenWith("not the passphrase");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(wrong.status().message(), HasSubstr("wrong passphrase"));
  EXPECT_EQ(Slurp(path()), db);
  EXPECT_EQ(Slurp(path() + "-wal"), wal);
  EXPECT_NE(Open(), nullptr);  // the right one still opens, and resets the count
}

TEST_F(ProtectTest, TooManyWrongPassphrasesDestroyTheKey) {
  ClientOptions options = Options();
  options.settings.max_passphrase_failures = 3;
  { ASSERT_TRUE(OpenClient(path(), options).ok()); }
  EXPECT_THAT(OpenWith("wrong one").status().message(), HasSubstr("2 tries left"));
  EXPECT_THAT(OpenWith("wrong two").status().message(), HasSubstr("1 try left"));
  auto last = OpenWith("wrong three");
  EXPECT_EQ(last.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(last.status().message(), HasSubstr("destroyed"));
  EXPECT_FALSE(Exists(client::KeyFilePath(path())));
  // The right passphrase no longer helps, and no new key is made.
  auto after = OpenClient(path(), Options());
  EXPECT_EQ(after.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(Exists(client::KeyFilePath(path())));
}

TEST_F(ProtectTest, ChangePassphraseRewrapsTheKey) {
  {
    auto client = Open();
    ASSERT_TRUE(client->Put("person", "", kCommunity, Person("Марія")).ok());
    ASSERT_TRUE(client->ChangePassphrase("a brand new passphrase").ok());
  }
  EXPECT_EQ(OpenWith(kTestPassphrase).status().code(), absl::StatusCode::kPermissionDenied);
  auto client = OpenWith("a brand new passphrase");
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ((*client)->List("person")->size(), 1u);
}

TEST_F(ProtectTest, AKeyProviderLocksAndUnlocks) {
  const std::string kek(32, '\x42');
  ClientOptions options = Options();
  options.settings.passphrase.clear();
  options.settings.key_provider = [&]() -> absl::StatusOr<std::string> { return kek; };
  {
    auto client = OpenClient(path(), options);
    ASSERT_TRUE(client.ok()) << client.status();
    ASSERT_TRUE((*client)->Put("person", "", kCommunity, Person("Ірина")).ok());
  }
  EXPECT_EQ(OpenWith(kTestPassphrase).status().code(), absl::StatusCode::kFailedPrecondition);
  options.settings.key_provider = []() -> absl::StatusOr<std::string> {
    return std::string(32, 'x');
  };
  EXPECT_EQ(OpenClient(path(), options).status().code(), absl::StatusCode::kFailedPrecondition);
  options.settings.key_provider = [&]() -> absl::StatusOr<std::string> { return kek; };
  auto client = OpenClient(path(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ((*client)->List("person")->size(), 1u);
}

TEST_F(ProtectTest, NothingToUnlockWithIsRefused) {
  ClientOptions options = Options();
  options.settings.passphrase.clear();
  EXPECT_EQ(OpenClient(path(), options).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(Exists(client::KeyFilePath(path())));
}

TEST_F(ProtectTest, WipeDestroysTheKeyThenTheFiles) {
  auto client = Enrolled();
  ASSERT_TRUE(client->Put("person", "", kCommunity, Person("Петро")).ok());
  ASSERT_TRUE(client->Wipe().ok());
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) {
    EXPECT_FALSE(Exists(path() + suffix)) << suffix;
  }
  EXPECT_EQ(client->List("person").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(client->Put("person", "", kCommunity, Person("Ні")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  client.reset();
  EXPECT_TRUE(Client::WipeProfile(path()).ok());  // nothing left: still fine
}

// A profile written before encryption (schema 1, all in clear) is sealed
// in place on its first open, and its clear bytes are gone from the files.
TEST_F(ProtectTest, AClearProfileIsEncryptedInPlace) {
  {
    auto store = client::Store::Open(path(), &device_clock_, client::SecretKey::Random());
    ASSERT_TRUE(store.ok());
  }
  {  // rebuild it as schema 1 with one clear person, outbox change and token
    auto db = *sql::Db::Open(path());
    v1::Record person;
    person.set_kind("person");
    person.set_id(Uuid::V4().bytes());
    person.set_community_id(Uuid::Parse(kCommunity)->bytes());
    v1::Field* f = person.add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text("Клавдія Залізняк");
    f->set_hlc(1);
    ASSERT_TRUE(db->Exec("DELETE FROM settings; DROP INDEX outbox_by_hlc; "
                         "ALTER TABLE outbox DROP COLUMN hlc; PRAGMA user_version = 1")
                    .ok());
    auto put = *db->Prepare(
        "INSERT INTO records (kind, id, community_id, state, deleted) VALUES (?, ?, ?, ?, 0)");
    ASSERT_TRUE(put->BindText(1, "person")
                    .BindBlob(2, person.id())
                    .BindBlob(3, person.community_id())
                    .BindBlob(4, person.SerializeAsString())
                    .Run()
                    .ok());
    auto out = *db->Prepare("INSERT INTO outbox VALUES (1, ?)");
    ASSERT_TRUE(out->BindBlob(1, person.SerializeAsString()).Run().ok());
    ASSERT_TRUE(db->Exec("INSERT INTO settings VALUES ('token', 'secret-token-123'), "
                         "('next_seq', 2); PRAGMA wal_checkpoint(TRUNCATE);")
                    .ok());
  }
  ASSERT_NE(Slurp(path()).find("Клавдія"), std::string::npos);
  {
    auto client = Open();
    ASSERT_NE(client, nullptr);
    auto people = client->List("person");
    ASSERT_TRUE(people.ok()) << people.status();
    ASSERT_EQ(people->size(), 1u);
    EXPECT_EQ(client->GetStatus()->pending_changes, 1u);
  }
  const std::string bytes = AllBytes();
  EXPECT_EQ(bytes.find("Клавдія"), std::string::npos);
  EXPECT_EQ(bytes.find("secret-token-123"), std::string::npos);
}

// A crash while the key file is rewritten (a passphrase change) leaves a
// half-written file beside it; the profile still opens with the old
// passphrase, and the next change succeeds. A key file cut short (a copy
// that stopped half way) is a clear DATA_LOSS, never garbage.
TEST_F(ProtectTest, AHalfWrittenKeyFileLosesNothing) {
  {
    auto client = Open();
    ASSERT_TRUE(client->Put("person", "", kCommunity, Person("Марія")).ok());
  }
  const std::string key_file = client::KeyFilePath(path());
  const std::string whole = Slurp(key_file);
  ASSERT_GT(whole.size(), 16u);
  std::ofstream(key_file + ".new", std::ios::binary) << whole.substr(0, whole.size() / 2);
  {
    auto client = OpenWith(kTestPassphrase);
    ASSERT_TRUE(client.ok()) << client.status();
    EXPECT_EQ((*client)->List("person")->size(), 1u);
    ASSERT_TRUE((*client)->ChangePassphrase("a brand new passphrase").ok());
  }
  EXPECT_FALSE(Exists(key_file + ".new"));
  auto changed = OpenWith("a brand new passphrase");
  ASSERT_TRUE(changed.ok()) << changed.status();
  changed->reset();

  const std::string now = Slurp(key_file);
  std::ofstream(key_file, std::ios::binary | std::ios::trunc) << now.substr(0, now.size() - 7);
  absl::StatusOr<std::unique_ptr<Client>> cut = OpenWith("a brand new passphrase");
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(cut.status().message(), HasSubstr("is damaged"));
}

}  // namespace
}  // namespace hromada::test
