// The hromada CLI: value parsing by field type, exit codes, and commands
// run in-process against a profile in a temporary folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "client/cli/parse.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CliParseTest, ParsesValuesByFieldType) {
  const std::string ref = Uuid::V4().ToString();
  auto fields = cli::ParseAssignments(
      "person", {"full_name=Оксана Коваль", "birth_year=1980", "idp=yes", "veteran=false",
                 "phone=", "gender=female", "nickname=Ксюша"});
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(std::get<std::string>(fields->at("full_name")), "Оксана Коваль");
  EXPECT_EQ(std::get<int64_t>(fields->at("birth_year")), 1980);
  EXPECT_EQ(std::get<bool>(fields->at("idp")), true);
  EXPECT_EQ(std::get<bool>(fields->at("veteran")), false);
  EXPECT_TRUE(std::holds_alternative<Null>(fields->at("phone")));
  EXPECT_EQ(std::get<std::string>(fields->at("gender")), "female");
  EXPECT_EQ(std::get<std::string>(fields->at("nickname")), "Ксюша");  // unknown: text

  auto att = cli::ParseAssignments("attendance", {"meeting=" + ref, "person=" + ref});
  ASSERT_TRUE(att.ok());
  EXPECT_EQ(std::get<Ref>(att->at("meeting")).id, ref);
  auto cost = cli::ParseAssignments("initiative", {"estimated_cost=1500.50", "note=a=b"});
  ASSERT_TRUE(cost.ok());
  EXPECT_DOUBLE_EQ(std::get<double>(cost->at("estimated_cost")), 1500.5);
  EXPECT_EQ(std::get<std::string>(cost->at("note")), "a=b");
  auto date = cli::ParseAssignments("meeting", {"date=2024-05-01"});
  EXPECT_EQ(std::get<std::string>(date->at("date")), "2024-05-01");
  auto uk = cli::ParseAssignments("person", {"idp=так", "youth=ні"});
  EXPECT_TRUE(std::get<bool>(uk->at("idp")));
  EXPECT_FALSE(std::get<bool>(uk->at("youth")));
}

TEST(CliParseTest, RefusesValuesThatDoNotFit) {
  for (const char* arg : {"birth_year=19x0", "idp=maybe", "birth_year=1.5"}) {
    auto r = cli::ParseAssignments("person", {arg});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << arg;
  }
  EXPECT_FALSE(cli::ParseAssignments("attendance", {"meeting=not-an-id"}).ok());
  EXPECT_FALSE(cli::ParseAssignments("initiative", {"estimated_cost=nan"}).ok());
  EXPECT_FALSE(cli::ParseAssignments("person", {"full_name"}).ok());
  EXPECT_FALSE(cli::ParseAssignments("person", {"=x"}).ok());
  EXPECT_FALSE(cli::ParseAssignments("person", {"a=1", "a=2"}).ok());
}

TEST(CliParseTest, ExitCodesFollowWhatTheUserShouldDo) {
  EXPECT_EQ(cli::ExitCodeFor(absl::InvalidArgumentError(""), false), cli::kExitUsage);
  EXPECT_EQ(cli::ExitCodeFor(absl::UnavailableError(""), true), cli::kExitNetwork);
  EXPECT_EQ(cli::ExitCodeFor(absl::DeadlineExceededError(""), true), cli::kExitNetwork);
  EXPECT_EQ(cli::ExitCodeFor(absl::UnauthenticatedError(""), true), cli::kExitRefused);
  EXPECT_EQ(cli::ExitCodeFor(absl::FailedPreconditionError(""), true), cli::kExitRefused);
  EXPECT_EQ(cli::ExitCodeFor(absl::NotFoundError(""), true), cli::kExitRefused);
  EXPECT_EQ(cli::ExitCodeFor(absl::NotFoundError(""), false), cli::kExitUsage);
  EXPECT_EQ(cli::ExitCodeFor(absl::DataLossError(""), false), cli::kExitLocal);
}

TEST(CliParseTest, ErrorsAreOneSentence) {
  EXPECT_EQ(cli::ErrorSentence("'x' must be a number"), "hromada: 'x' must be a number.");
  EXPECT_EQ(cli::ErrorSentence("cannot reach it"), "hromada: Cannot reach it.");
  EXPECT_EQ(cli::ErrorSentence("done."), "hromada: Done.");
}

TEST(CliOutputTest, FormatsSizesAndProgress) {
  EXPECT_EQ(cli::FormatBytes(812), "812 B");
  EXPECT_EQ(cli::FormatBytes(12345), "12.3 kB");
  EXPECT_EQ(cli::FormatBytes(4500000), "4.5 MB");
  SyncProgress p{SyncPhase::kPull, 1200, 5000, 340000, 0};
  EXPECT_EQ(cli::ProgressLine(p), "receiving: 1200 of ~5000 records, 340.0 kB");
  EXPECT_THAT(cli::FormatOffset(3'600'000), HasSubstr("1h behind"));
}

class CliTest : public ClientTest {
 protected:
  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.insert(args.begin(), {"hromada", "--profile", dir_.Path("sub/dir/cli.db")});
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    cli::CliContext ctx{&out_, &err_, Options(), false};
    return cli::RunCli(static_cast<int>(argv.size()), argv.data(), ctx);
  }
  std::string Out() { return out_.str(); }
  std::string Err() { return err_.str(); }

  std::ostringstream out_, err_;
};

TEST_F(CliTest, PutGetListDelete) {
  ASSERT_EQ(Run({"put", "person", "--community", kCommunity, "full_name=Оксана", "birth_year=1980",
                 "idp=yes"}),
            0)
      << Err();
  const std::string id = Out().substr(0, 36);
  ASSERT_EQ(Run({"get", "person", id}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("full_name: Оксана\n"));
  EXPECT_THAT(Out(), HasSubstr("idp: yes\n"));
  ASSERT_EQ(Run({"get", "person", id, "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"birth_year\": 1980"));
  ASSERT_EQ(Run({"put", "person", "--id", id, "phone=+380"}), 0) << Err();
  ASSERT_EQ(Run({"list", "person"}), 0);
  EXPECT_THAT(Out(), StartsWith(id));
  EXPECT_THAT(Out(), HasSubstr("phone=+380"));
  ASSERT_EQ(Run({"list", "person", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"full_name\":\"Оксана\""));
  ASSERT_EQ(Run({"delete", "person", id}), 0);
  EXPECT_EQ(Run({"get", "person", id}), cli::kExitUsage);
  EXPECT_THAT(Err(), StartsWith("hromada: "));
}

TEST_F(CliTest, BadInputIsOneSentenceAndExitOne) {
  EXPECT_EQ(Run({"put", "person", "--community", kCommunity, "birth_year=old"}), 1);
  EXPECT_EQ(Err(), "hromada: 'birth_year' must be a whole number, not 'old'.\n");
  EXPECT_EQ(Run({"put", "person", "--community", kCommunity, "phone=1"}), 1);
  EXPECT_EQ(Err(), "hromada: A person needs 'full_name'.\n");
  EXPECT_EQ(Run({"frobnicate"}), 1);
  EXPECT_EQ(Run({"list", "cats"}), 1);
  EXPECT_EQ(Run({"sync"}), 1);
  EXPECT_THAT(Err(), HasSubstr("not enrolled"));
}

TEST_F(CliTest, EnrolSyncStatusAndExitCodes) {
  EXPECT_EQ(Run({"enrol", "--server", "http://fake:1", "--code", "wrong"}), cli::kExitRefused);
  server_.AddCode("good", {community_bytes_});
  ASSERT_EQ(Run({"enrol", "--server", "http://fake:1", "--code", "good"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("for 1 community;"));
  EXPECT_EQ(Run({"enrol", "--server", "http://fake:1", "--code", "good"}), cli::kExitUsage);
  EXPECT_THAT(Err(), HasSubstr("already enrolled"));
  ASSERT_EQ(Run({"put", "person", "--community", kCommunity, "full_name=A"}), 0) << Err();
  ASSERT_EQ(Run({"status"}), 0);
  EXPECT_THAT(Out(), HasSubstr("changes waiting to be sent: 1"));
  EXPECT_THAT(Out(), HasSubstr("last successful sync: never"));
  ASSERT_EQ(Run({"sync"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("sent 1 changes"));
  ASSERT_EQ(Run({"status"}), 0);
  EXPECT_THAT(Out(), HasSubstr("changes waiting to be sent: 0"));
  faulty_.FailMethod("Handshake", {FaultyTransport::Timing::kBeforeForward,
                                   absl::UnavailableError("cannot connect to the server")});
  EXPECT_EQ(Run({"sync"}), cli::kExitNetwork);
  EXPECT_THAT(Err(), HasSubstr("nothing is lost"));
  const std::string err = Err();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  ASSERT_EQ(Run({"rejected"}), 0);
  EXPECT_THAT(Out(), HasSubstr("No changes were refused"));
}

TEST_F(CliTest, HelpDocumentsExitCodes) {
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_THAT(Out(), HasSubstr("Exit codes"));
  EXPECT_THAT(Out(), HasSubstr("2  the server cannot be reached"));
}

}  // namespace
}  // namespace hromada::test
