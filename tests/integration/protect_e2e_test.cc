// Encryption at rest through the real `hromada` binary and server: after a
// realistic day of field work (enrolment, persons, a meeting, attendance,
// a survey draft, a change the server refuses, unsynced edits) no file of
// the profile holds a name, phone, note or the token in clear; a wrong
// passphrase reads and changes nothing; wipe leaves no file; modes are
// 0600 and 0700.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "client/src/crypto/crypto.h"
#include "client/src/crypto/key_store.h"
#include "shared/base/sqlite.h"
#include "tests/integration/cli_fixture.h"
#include "tests/support/sample_form.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kForm = kNeedsFormYaml;

// What must never appear in clear beside the profile.
const char* const kSecrets[] = {
    "Олена Коваленко",
    "Kovalenko",
    "+380501112233",
    "380501112233",
    "Іван Бондар",
    "Bondar",
    "Марія Сидоренко",
    "+380979998877",
    "Укриття в підвалі школи",
    "Потрібна вода для дітей",
    "Дах протікає",  // a survey answer
    "Захар Беркут",
    "organiser",  // an attendance's role: sealed, though its ids are clear
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Mode(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

class ProtectE2eTest : public CliFixture {
 protected:
  // The field device's profile, in a folder of its own: <folder>/device/.
  static constexpr char kDevice[] = "field/device/profile";
  std::string Folder() { return dir_.Path("field"); }
  std::string Profile() { return ProfilePath(kDevice); }
  // Every file in the profile's folder, by name.
  std::map<std::string, std::string> Files() {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(Folder() + "/device")) {
      files[e.path().filename().string()] = Slurp(e.path().string());
    }
    return files;
  }
  // The device's token, unsealed with the profile's key.
  std::string Token() {
    client::KeyUnlock unlock;
    unlock.passphrase = kCliPassphrase;
    auto key = client::UnlockKeyFile(client::KeyFilePath(Profile()), unlock);
    EXPECT_TRUE(key.ok()) << key.status();
    auto db = sql::Db::Open(Profile(), /*read_only=*/true);
    auto stmt = (*db)->PrepareOnce("SELECT value FROM settings WHERE key = 'token'");
    if (!key.ok() || !stmt.ok() || !*(*stmt)->Step()) return "";
    std::string token;
    EXPECT_TRUE(
        client::RowCipher(*key).Open((*stmt)->Blob(0), client::SettingAd("token"), &token).ok());
    return token;
  }
  // A network coordinator publishes the form.
  void PublishForm() {
    const std::string form = dir_.Path("needs.yaml");
    std::ofstream(form) << kForm;
    Enrol("coordinator-cli", "Bilozerka", "network-coordinator");
    Ok("coordinator-cli", {"surveys", "publish", form});
    Ok("coordinator-cli", {"sync"});
  }

  // The day: ends with a refused change kept aside and unsynced edits.
  void ADayOfWork() {
    PublishForm();
    const std::string code = NewCode("field", "Bilozerka");
    EnrolWith(kDevice, code);
    Ok(kDevice, {"sync"});
    const std::string olena = Id(kDevice, {"persons", "add", "Олена Коваленко", "--phone",
                                           "+380501112233", "--birth-year", "1984", "--idp"});
    const std::string ivan = Id(kDevice, {"persons", "add", "Іван Бондар", "--veteran"});
    const std::string meeting = Id(kDevice, {"meetings", "new", "--date", "2024-05-01", "--topics",
                                             "Укриття в підвалі школи"});
    Ok(kDevice, {"attendance", "mark", meeting, olena, ivan, "--role", "organiser"});
    Ok(kDevice, {"sync"});
    // A change the server refuses: the device believes it is a coordinator
    // (the role is a clear setting) and records a merge.
    {
      auto db = sql::Db::Open(Profile());
      ASSERT_TRUE(db.ok());
      ASSERT_TRUE((*db)->Exec("UPDATE settings SET value = 2 WHERE key = 'role'").ok());
    }
    const std::string zakhar = Id(kDevice, {"persons", "add", "Захар Беркут"});
    Ok(kDevice, {"merge", zakhar, ivan});
    Ok(kDevice, {"sync"});
    EXPECT_THAT(Ok(kDevice, {"rejected"}), HasSubstr("person_merge"));
    // Unsynced: a new person, an edit, a survey draft.
    Ok(kDevice, {"persons", "add", "Марія Сидоренко", "--phone", "+380979998877"});
    Ok(kDevice, {"persons", "edit", olena, "notes=Потрібна вода для дітей"});
    const std::string answers = dir_.Path("answers.json");
    std::ofstream(answers) << R"({"top_needs": ["water"], "comment": "Дах протікає"})";
    Ok(kDevice,
       {"surveys", "fill", "needs", "--respondent", olena, "--from-json", answers, "--keep-draft"});
    EXPECT_THAT(Ok(kDevice, {"status"}), HasSubstr("changes waiting to be sent: 3"));
  }
};

TEST_F(ProtectE2eTest, AfterADayOfWorkNothingPersonalIsInClear) {
  ADayOfWork();
  const std::string token = Token();
  ASSERT_GE(token.size(), 16u);
  const auto files = Files();
  ASSERT_GE(files.size(), 2u);  // the db and its key at least
  for (const auto& [name, bytes] : files) {
    for (const char* secret : kSecrets) {
      EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " in clear in " << name;
    }
    EXPECT_EQ(bytes.find(token), std::string::npos) << "the token in clear in " << name;
    EXPECT_EQ(Mode(Folder() + "/device/" + name), 0600) << name;
  }
  EXPECT_EQ(Mode(Folder() + "/device"), 0700);
  EXPECT_EQ(Mode(Folder()), 0700);
  // The server's database too.
  EXPECT_EQ(Mode(dir_.Path("server.db")), 0600);
  EXPECT_EQ(Mode(dir_.Path("server.db-wal")), 0600);
  // A report with personal data is private too.
  const std::string report = Folder() + "/device/report.html";
  Ok(kDevice, {"report", "--format", "html", "--output", report});
  EXPECT_EQ(Mode(report), 0600);
}

TEST_F(ProtectE2eTest, AWrongPassphraseReadsNothingAndChangesNothing) {
  ADayOfWork();
  const auto before = Files();
  ToolOptions wrong;
  wrong.env = {{"HROMADA_PASSPHRASE", "not the passphrase"}};
  absl::StatusOr<ToolResult> r = Hromada(kDevice, {"persons", "find", "Олена"}, wrong);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 4) << r->err;
  EXPECT_THAT(r->err, HasSubstr("Wrong passphrase"));
  EXPECT_EQ(r->out, "");
  const auto after = Files();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [name, bytes] : before) {
    if (name == "profile.db.key") continue;  // only the count of wrong tries moves
    EXPECT_TRUE(after.at(name) == bytes) << name << " changed";
  }
  EXPECT_THAT(Ok(kDevice, {"persons", "find", "Олена"}), HasSubstr("Олена Коваленко"));
}

TEST_F(ProtectE2eTest, PassphraseChangeAndWipe) {
  const std::string code = NewCode("field", "Bilozerka");
  Ok(kDevice, {"enrol", "--server", server_->url(), "--code", code, "--max-passphrase-tries", "3"});
  Ok(kDevice, {"persons", "add", "Олена Коваленко"});
  const std::string file = dir_.Path("new-pass");
  std::ofstream(file) << "a new and long passphrase\n";
  Ok(kDevice, {"passphrase", "change", "--new-passphrase-file", file});
  absl::StatusOr<ToolResult> old = Hromada(kDevice, {"status"});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->exit_code, 4);
  EXPECT_THAT(old->err, HasSubstr("2 tries left"));
  EXPECT_THAT(Ok(kDevice, {"--passphrase-file", file, "persons", "find", "Олена"}),
              HasSubstr("Олена"));

  absl::StatusOr<ToolResult> unsure = Hromada(kDevice, {"wipe"});
  ASSERT_TRUE(unsure.ok());
  EXPECT_EQ(unsure->exit_code, 1);
  EXPECT_EQ(Files().size(), 2u);
  Ok(kDevice, {"wipe", "--yes"});
  EXPECT_TRUE(Files().empty());
}

TEST_F(ProtectE2eTest, TheServerMakesItsFoldersPrivate) {
  // A database path whose folders are missing, as under a fresh state dir.
  const std::string db = dir_.Path("state/hromada/server.db");
  ASSERT_TRUE(RunTool(ServerBinary(), {"admin", "list-devices", "--db", db}).ok());
  EXPECT_EQ(Mode(db), 0600);
  EXPECT_EQ(Mode(dir_.Path("state/hromada")), 0700);
  EXPECT_EQ(Mode(dir_.Path("state")), 0700);
  // A report written by the admin, into a new folder.
  const std::string report = dir_.Path("reports/nov/report.csv");
  ASSERT_TRUE(server_->Admin("report", {"--format", "csv", "--output", report}).ok());
  EXPECT_EQ(Mode(report), 0600);
  EXPECT_EQ(Mode(dir_.Path("reports/nov")), 0700);
}

}  // namespace
}  // namespace hromada::test
