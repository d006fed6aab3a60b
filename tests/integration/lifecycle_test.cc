// A device's life through the real binaries: `hromada-server admin`
// revokes, retires, re-issues and re-scopes devices; the real `hromada`
// obeys. And enrolment over a link that loses the reply.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/integration/cli_fixture.h"

namespace hromada::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class LifecycleTest : public CliFixture {
 protected:
  json Device(const std::string& name) {
    absl::StatusOr<std::string> out = server_->Admin("list-devices", {"--json"});
    EXPECT_TRUE(out.ok()) << out.status();
    for (const json& d : json::parse(out.ok() ? *out : "[]")) {
      if (d["name"] == name) return d;
    }
    ADD_FAILURE() << "no device " << name;
    return json::object();
  }
  bool ProfileGone(const std::string& profile) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (access((ProfilePath(profile) + suffix).c_str(), F_OK) == 0) return false;
    }
    return true;
  }
};

TEST_F(LifecycleTest, ARevokedDeviceIsWipedAtItsNextSyncAndItsPendingChangesAreRefused) {
  Enrol("a", "Bilozerka");
  Enrol("coordinator", "Bilozerka", "coordinator");
  Ok("a", {"sync"});
  AddPerson("a", "Білозерка", "Олена Коваленко");
  Ok("a", {"sync"});
  const uint64_t acked = Device("a")["acked_through"].get<uint64_t>();
  AddPerson("a", "Білозерка", "Захоплений Запис");  // pending when the phone is captured
  ASSERT_TRUE(server_->Admin("revoke-device", {"a", "--reason", "captured at a checkpoint"}).ok());
  EXPECT_EQ(Device("a")["state"], "revoked");

  absl::StatusOr<ToolResult> sync = Hromada("a", {"sync"});
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_NE(sync->exit_code, 0);
  EXPECT_THAT(sync->err, HasSubstr("captured at a checkpoint"));
  EXPECT_THAT(sync->err, HasSubstr("erased"));
  EXPECT_TRUE(ProfileGone("a"));
  EXPECT_EQ(Device("a")["acked_through"].get<uint64_t>(), acked) << "nothing more applied";
  Ok("coordinator", {"sync"});
  const std::string persons = Ok("coordinator", {"list", "person"});
  EXPECT_THAT(persons, HasSubstr("Олена Коваленко"));
  EXPECT_THAT(persons, Not(HasSubstr("Захоплений Запис")));
}

TEST_F(LifecycleTest, ARetiredDeviceSendsItsWorkThenIsWiped) {
  Enrol("a", "Bilozerka");
  Enrol("coordinator", "Bilozerka", "coordinator");
  Ok("a", {"sync"});
  AddPerson("a", "Білозерка", "Марія Бондар");  // not yet synced
  ASSERT_TRUE(server_->Admin("retire-device", {"a"}).ok());
  EXPECT_EQ(Device("a")["state"], "retiring");

  absl::StatusOr<ToolResult> sync = Hromada("a", {"sync"});
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_NE(sync->exit_code, 0);
  EXPECT_THAT(sync->err, HasSubstr("retired"));
  EXPECT_TRUE(ProfileGone("a"));
  EXPECT_EQ(Device("a")["state"], "retired");
  Ok("coordinator", {"sync"});
  EXPECT_THAT(Ok("coordinator", {"list", "person"}), HasSubstr("Марія Бондар"));
}

TEST_F(LifecycleTest, AReissuedCodeEnrolsTheNewPhoneAndTheOldTokenIsRefused) {
  Enrol("old", "Bilozerka");
  Ok("old", {"sync"});
  absl::StatusOr<std::string> out = server_->Admin("reissue-code", {"old", "--json"});
  ASSERT_TRUE(out.ok()) << out.status();
  EnrolWith("new", json::parse(*out)["code"].get<std::string>());
  Ok("new", {"sync"});
  absl::StatusOr<ToolResult> old = Hromada("old", {"sync"});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->exit_code, 3) << old->err;
  EXPECT_THAT(old->err, HasSubstr("no longer accepts this device"));
  EXPECT_EQ(Device("old")["state"], "active");
}

TEST_F(LifecycleTest, SetDeviceWidensTheScopeAndTheNextPullBringsTheNewCommunity) {
  Enrol("a", "Bilozerka");
  Enrol("coordinator", "Bilozerka,Stanislav", "coordinator");
  Ok("a", {"sync"});
  Ok("coordinator", {"sync"});  // the communities
  AddPerson("coordinator", "Станіслав", "Петро Шевчук");
  Ok("coordinator", {"sync"});
  Ok("a", {"sync"});
  EXPECT_THAT(Ok("a", {"list", "person"}), Not(HasSubstr("Петро Шевчук")));
  ASSERT_TRUE(server_->Admin("set-device", {"a", "--communities", "Bilozerka,Stanislav"}).ok());
  EXPECT_EQ(Device("a")["communities"].size(), 2u);
  Ok("a", {"sync"});
  EXPECT_THAT(Ok("a", {"list", "person"}), HasSubstr("Петро Шевчук"));
}

// Revocations, reissues and scope changes are in the audit log, without
// the admin's free-text reason.
TEST_F(LifecycleTest, LifecycleEventsAreAudited) {
  Enrol("a", "Bilozerka");
  Enrol("b", "Bilozerka");
  ASSERT_TRUE(server_->Admin("set-device", {"a", "--role", "coordinator"}).ok());
  ASSERT_TRUE(server_->Admin("reissue-code", {"a"}).ok());
  ASSERT_TRUE(server_->Admin("revoke-device", {"b", "--reason", "Петро lost it"}).ok());
  absl::StatusOr<std::string> out = server_->Admin("audit", {"--json"});
  ASSERT_TRUE(out.ok()) << out.status();
  for (const char* event : {"role_change", "reissue", "revoke"}) {
    EXPECT_THAT(*out, HasSubstr(event));
  }
  EXPECT_THAT(*out, Not(HasSubstr("Петро"))) << "the log keeps no free text";
  // Issue 19 item 10: shown, the revocation says why (from the device).
  absl::StatusOr<std::string> plain = server_->Admin("audit", {});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT(*plain, HasSubstr("device revoked: Петро lost it"));
}

TEST_F(LifecycleTest, DeviceNamesMustBeUniqueToNameADevice) {
  // Two devices in service cannot share a name; two ended ones can.
  NewCode("twin", "Bilozerka");
  ASSERT_TRUE(server_->Admin("revoke-device", {"twin", "--reason", "lost"}).ok());
  NewCode("twin", "Stanislav");
  ASSERT_TRUE(server_->Admin("revoke-device", {"twin", "--reason", "lost too"}).ok());
  absl::StatusOr<std::string> out = server_->Admin("retire-device", {"twin"});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("hromada-server: Several devices are named"));
}

TEST_F(LifecycleTest, ALostEnrolReplyIsRecoveredWithTheSameCode) {
  FaultyTransport* faulty = nullptr;
  ClientOptions options = FaultyOptions(&faulty);
  options.retry_policy = QuickRetry(1);
  const std::string code = NewCode("phone", "Bilozerka");
  absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(dir_.Path("phone.db"), options);
  ASSERT_TRUE(client.ok()) << client.status();
  // The server commits the enrolment; its reply is lost on the way.
  faulty->FailMethod("Enrol", {FaultTiming::kAfterForward}, 1);
  absl::Status lost = (*client)->Enrol(server_->url(), code, "phone");
  EXPECT_EQ(lost.code(), absl::StatusCode::kUnavailable) << lost;
  EXPECT_EQ(faulty->forwarded("Enrol"), 1) << "the server saw it";
  ASSERT_TRUE((*client)->Enrol(server_->url(), code, "phone").ok());
  absl::StatusOr<SyncReport> sync = (*client)->Sync();
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(Device("phone")["state"], "active");
  // After the first sync the code is spent.
  absl::StatusOr<std::unique_ptr<Client>> other = OpenClient(dir_.Path("other.db"), WithTestKey());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->Enrol(server_->url(), code, "other").code(), absl::StatusCode::kNotFound);
}

// The code stays valid until the device's first handshake (a lost answer
// must not strand it); `enrol` makes that handshake at once, so a code
// read off a screen cannot make a second phone the same device while the
// first waits for its first sync.
TEST_F(LifecycleTest, ACodeEnrolsOnePhoneEvenBeforeItsFirstSync) {
  const std::string code = NewCode("phone", "Bilozerka");
  EnrolWith("first", code);
  absl::StatusOr<ToolResult> second =
      Hromada("second", {"enrol", "--server", server_->url(), "--code", code});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->exit_code, 3) << second->err;
  Ok("first", {"sync"});
  EXPECT_EQ(Device("phone")["state"], "active");
}

TEST_F(LifecycleTest, AddDeviceWritesTheEnrolmentAsAQrCode) {
  const std::string png = dir_.Path("card.png");
  // A card left readable by all from before (issue 22: it was written
  // 0644) is made private as it is replaced.
  std::ofstream(png) << "old card";
  ASSERT_EQ(chmod(png.c_str(), 0644), 0);
  absl::StatusOr<std::string> out =
      server_->Admin("add-device", {"--name", "qr", "--communities", "Bilozerka", "--json", "--qr",
                                    png, "--server", server_->url()});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(json::parse(*out)["code"].get<std::string>().empty()) << "stdout stays JSON";
  std::ifstream in(png, std::ios::binary);
  std::string magic(8, '\0');
  in.read(magic.data(), 8);
  EXPECT_EQ(magic, std::string("\x89PNG\r\n\x1a\n", 8));
  struct stat st;
  ASSERT_EQ(stat(png.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the card holds a live code";
  const std::string fresh = dir_.Path("fresh-card.png");
  ASSERT_TRUE(server_
                  ->Admin("add-device", {"--name", "qr3", "--communities", "Bilozerka", "--qr",
                                         fresh, "--server", server_->url()})
                  .ok());
  ASSERT_EQ(stat(fresh.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(
      server_->Admin("add-device", {"--name", "qr2", "--communities", "Bilozerka", "--qr", png})
          .ok())
      << "--qr needs --server";
}

// Issue 19 item 3: add-device checks every argument before it registers
// anything, so a failed run leaves no device behind to clash with the
// next.
TEST_F(LifecycleTest, AddDeviceChecksEveryArgumentBeforeRegistering) {
  const std::string png = dir_.Path("card.png");
  const std::vector<std::vector<std::string>> bad = {
      {"--qr", png},                                     // no --server
      {"--qr", png, "--server", "hromada.example.org"},  // no scheme
      {"--qr", png, "--server", "https://"},             // no host
      {"--qr", dir_.Path("no/such/folder/card.png"), "--server", server_->url()},
      {"--qr", dir_.Path(""), "--server", server_->url()},  // a folder
      {"--qr", png, "--server", server_->url(), "--pin", "abc"},
      {"--server", server_->url()},  // --server without --qr
      {"--code-ttl-hours", "0"},
      {"--code-ttl-hours", "-5"},
      {"--communities", "Atlantis"},
      {"--role", "boss"},
  };
  for (const std::vector<std::string>& extra : bad) {
    std::vector<std::string> args = {"--name", "Stanislav secretary"};
    if (std::find(extra.begin(), extra.end(), "--communities") == extra.end()) {
      args.insert(args.end(), {"--communities", "Bilozerka"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    absl::StatusOr<std::string> out = server_->Admin("add-device", args);
    EXPECT_FALSE(out.ok()) << absl::StrJoin(extra, " ");
    EXPECT_EQ(server_->Admin("list-devices", {"--json"}).value_or("?"), "[]\n")
        << "nothing registered for " << absl::StrJoin(extra, " ");
  }
  EXPECT_NE(access(png.c_str(), F_OK), 0) << "no card left behind";
}

TEST_F(LifecycleTest, ADeviceInServiceKeepsItsNameAndAReplacedOneIsShownAsRevoked) {
  ASSERT_TRUE(
      server_->Admin("add-device", {"--name", "Coordinator", "--communities", "Bilozerka"}).ok());
  absl::StatusOr<std::string> again =
      server_->Admin("add-device", {"--name", "coordinator ", "--communities", "Bilozerka"});
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("device 'Coordinator' ("));
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("already has this name"));

  ASSERT_TRUE(server_->Admin("revoke-device", {"Coordinator", "--reason", "lost"}).ok());
  absl::StatusOr<std::string> replaced = server_->Admin(
      "add-device", {"--name", "Coordinator", "--communities", "Bilozerka", "--json"});
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  const std::string new_id = json::parse(*replaced)["device_id"];
  const std::string listed = server_->Admin("list-devices").value_or("");
  const std::string today = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
  EXPECT_THAT(listed, HasSubstr("Coordinator (revoked " + today + ")"));
  // The name resolves to the device in service, wherever a device is named.
  absl::StatusOr<std::string> reissued = server_->Admin("reissue-code", {"coordinator", "--json"});
  ASSERT_TRUE(reissued.ok()) << reissued.status();
  EXPECT_TRUE(server_->Admin("audit", {"--device", "Coordinator"}).ok());
  absl::StatusOr<std::string> old_audit =
      server_->Admin("audit", {"--device", "Coordinator (revoked " + today + ")"});
  ASSERT_TRUE(old_audit.ok()) << old_audit.status();
  EXPECT_THAT(*old_audit, HasSubstr("revoke"));
  EXPECT_NE(new_id, "");
}

TEST_F(LifecycleTest, EnrolReadsTheCodeFromStdin) {
  const std::string code = NewCode("a", "Bilozerka");
  ToolOptions with_code;
  with_code.stdin_data = code + "\n";
  absl::StatusOr<ToolResult> r =
      Hromada("a", {"enrol", "--server", server_->url(), "--code", "-"}, with_code);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_THAT(r->out, HasSubstr("Enrolled"));
  EXPECT_THAT(r->err, HasSubstr("Enrolment code")) << "a prompt says what is awaited";
}

// Issue 19 item 10: the QR card's text enrols as it is, server included.
// As a card is read aloud: `hromada enrol URL CODE`, no flags; a server
// given twice is refused in one sentence before anything is written.
TEST_F(LifecycleTest, EnrolTakesTheServerAndCodeAsWords) {
  const std::string code = NewCode("a", "Bilozerka");
  absl::StatusOr<ToolResult> twice =
      Hromada("a", {"enrol", server_->url(), "--server", server_->url(), code});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->exit_code, 1);
  EXPECT_THAT(twice->err, HasSubstr("The server is given twice"));
  EXPECT_EQ(std::count(twice->err.begin(), twice->err.end(), '\n'), 1) << twice->err;
  absl::StatusOr<ToolResult> r = Hromada("a", {"enrol", server_->url(), code});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_THAT(r->out, HasSubstr("Enrolled as device"));
}

TEST_F(LifecycleTest, EnrolTakesTheTextOfTheQrCode) {
  const std::string code = NewCode("a", "Bilozerka");
  std::string url = server_->url();
  const std::string card =
      "hromada://enrol?server=" + absl::StrReplaceAll(url, {{":", "%3A"}}) + "&code=" + code;
  absl::StatusOr<ToolResult> r = Hromada("a", {"enrol", "--code", card});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_THAT(r->out, HasSubstr("Enrolled"));
  absl::StatusOr<ToolResult> clash =
      Hromada("b", {"enrol", "--server", "http://127.0.0.1:1", "--code", card});
  ASSERT_TRUE(clash.ok());
  EXPECT_EQ(clash->exit_code, 1);
  EXPECT_THAT(clash->err, HasSubstr("The QR code says server"));
  absl::StatusOr<ToolResult> bare = Hromada("c", {"enrol", "--code", code});
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->exit_code, 1);
  EXPECT_THAT(bare->err, HasSubstr("Give --server URL"));
}

TEST_F(LifecycleTest, PlainHttpToAnotherHostIsRefusedWithoutInsecure) {
  const std::string code = NewCode("a", "Bilozerka");
  // 192.0.2.0/24 is for documentation: nothing answers there, and the
  // refusal must come before any connection is tried.
  absl::StatusOr<ToolResult> r =
      Hromada("a", {"enrol", "--server", "http://192.0.2.10:7443", "--code", code});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 1) << "the settings are to fix, the server said nothing";
  EXPECT_THAT(r->err, HasSubstr("plain http:// to 192.0.2.10"));
  EnrolWith("a", code);  // loopback is fine
  EXPECT_THAT(Ok("a", {"status"}), HasSubstr("plain http to this machine only"));
  EXPECT_EQ(json::parse(Ok("a", {"status", "--json"}))["tls"]["insecure"], false);
}

}  // namespace
}  // namespace hromada::test
