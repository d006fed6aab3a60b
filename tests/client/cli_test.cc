// The hromada CLI: value parsing by field type, exit codes, and commands
// run in-process against a profile in a temporary folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "client/cli/parse.h"
#include "client/src/sync/sync_engine_progress.h"
#include "shared/base/community_names.h"
#include "shared/base/text.h"
#include "shared/cli/choices.h"
#include "shared/cli/dates.h"
#include "shared/cli/exit_codes.h"
#include "shared/cli/usage.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "tests/client/cli_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Issue 10: text synced from another device never reaches the terminal as
// control characters, whichever command prints it.
TEST(CliOutputTest, ControlCharactersAreEscaped) {
  EXPECT_EQ(cli::EscapeControls("Олена\x1b[2J\r\x07 a\xc2\x9b"
                                "1m\nb\tc"),
            "Олена\\u001b[2J\\u000d\\u0007 a\\u009b1m\nb\tc");
  EXPECT_EQ(cli::EscapeControls("Ковалёв \xc2\xa0 ok"), "Ковалёв \xc2\xa0 ok") << "NBSP stays";
  std::ostringstream sink;
  {
    cli::EscapingStreambuf buf(sink.rdbuf());
    std::ostream out(&buf);
    out << "name: \x1b]0;pwned\x07"
        << "\xc2";  // a C1 split across writes
    out << "\x9b"
        << "31m\r\n";
    out << "end \xc2";
  }
  EXPECT_EQ(sink.str(), "name: \\u001b]0;pwned\\u0007\\u009b31m\r\nend \xc2");
}

TEST(CliParseTest, ParsesValuesByFieldType) {
  const std::string ref = Uuid::V4().ToString();
  auto fields =
      cli::ParseAssignments("person", {"full_name=Оксана Коваль", "birth_year=1980", "idp=yes",
                                       "veteran=false", "phone=", "gender=female"});
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(std::get<std::string>(fields->at("full_name")), "Оксана Коваль");
  EXPECT_EQ(std::get<int64_t>(fields->at("birth_year")), 1980);
  EXPECT_EQ(std::get<bool>(fields->at("idp")), true);
  EXPECT_EQ(std::get<bool>(fields->at("veteran")), false);
  EXPECT_TRUE(std::holds_alternative<Null>(fields->at("phone")));
  EXPECT_EQ(std::get<std::string>(fields->at("gender")), "female");

  auto att = cli::ParseAssignments("attendance", {"meeting=" + ref, "person=" + ref});
  ASSERT_TRUE(att.ok());
  EXPECT_EQ(std::get<Ref>(att->at("meeting")).id, ref);
  auto cost = cli::ParseAssignments("initiative", {"estimated_cost=1500.50", "notes=a=b"});
  ASSERT_TRUE(cost.ok());
  EXPECT_DOUBLE_EQ(std::get<double>(cost->at("estimated_cost")), 1500.5);
  EXPECT_EQ(std::get<std::string>(cost->at("notes")), "a=b");
  auto date = cli::ParseAssignments("meeting", {"date=2024-05-01"});
  EXPECT_EQ(std::get<std::string>(date->at("date")), "2024-05-01");
  // A choice as field staff type it.
  auto typed = cli::ParseAssignments("person", {"gender=Female"});
  ASSERT_TRUE(typed.ok()) << typed.status();
  EXPECT_EQ(std::get<std::string>(typed->at("gender")), "female");
  auto format = cli::ParseAssignments("meeting", {"format= In person "});
  ASSERT_TRUE(format.ok()) << format.status();
  EXPECT_EQ(std::get<std::string>(format->at("format")), "in_person");
  auto uk = cli::ParseAssignments("person", {"idp=так", "youth=ні"});
  EXPECT_TRUE(std::get<bool>(uk->at("idp")));
  EXPECT_FALSE(std::get<bool>(uk->at("youth")));
  auto capital = cli::ParseAssignments("person", {"idp=Так", "youth=НІ"});
  ASSERT_TRUE(capital.ok()) << capital.status();
  EXPECT_TRUE(std::get<bool>(capital->at("idp")));
  EXPECT_FALSE(std::get<bool>(capital->at("youth")));
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
  EXPECT_FALSE(cli::ParseAssignments("person", {"phone=1", "phone=2"}).ok());
}

TEST(CliParseTest, AFieldTheKindDoesNotHaveIsATypo) {
  auto r = cli::ParseAssignments("person", {"phon=+380501112233"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("no field 'phon'; did you mean 'phone'?"));
  EXPECT_THAT(r.status().message(), HasSubstr("full_name, gender, birth_year"));
  auto far = cli::ParseAssignments("person", {"nickname=Ксюша"});
  EXPECT_THAT(far.status().message(), HasSubstr("a person has no field 'nickname' (fields:"));
}

// The table of exit_codes.cc, one row per status code: on the device,
// then as the server's answer. A failure to open the profile is 4 whatever
// its code.
TEST(CliExitCodeTest, EachStatusCodeHasItsExitCode) {
  using Code = absl::StatusCode;
  struct Row {
    Code code;
    int on_device, from_server;
  };
  const Row rows[] = {
      {Code::kOk, 0, 0},
      {Code::kCancelled, 1, 1},
      {Code::kUnknown, 1, 1},
      {Code::kInvalidArgument, 1, 1},
      {Code::kDeadlineExceeded, 2, 2},
      {Code::kNotFound, 1, 3},
      {Code::kAlreadyExists, 1, 1},
      {Code::kPermissionDenied, 1, 3},
      {Code::kResourceExhausted, 1, 3},
      {Code::kFailedPrecondition, 1, 3},
      {Code::kAborted, 4, 3},
      {Code::kOutOfRange, 1, 1},
      {Code::kUnimplemented, 1, 3},
      {Code::kInternal, 4, 3},
      {Code::kUnavailable, 2, 2},
      {Code::kDataLoss, 4, 3},
      {Code::kUnauthenticated, 3, 3},
  };
  for (const Row& row : rows) {
    const absl::Status status(row.code, row.code == Code::kOk ? "" : "why");
    EXPECT_EQ(cli::ExitCodeFor(status), row.on_device) << status;
    EXPECT_EQ(cli::ExitCodeFor(cli::FromServer(status)), row.from_server) << status;
    EXPECT_EQ(cli::ExitCodeFor(cli::FromProfile(status)), row.code == Code::kOk ? 0 : 4) << status;
  }
  EXPECT_EQ(cli::FromServer(absl::NotFoundError("no such code")).message(), "no such code");
}

TEST(CliExitCodeTest, ErrorsAreOneSentence) {
  EXPECT_EQ(cli::ErrorSentence("hromada", "'x' must be a number"),
            "hromada: 'x' must be a number.");
  EXPECT_EQ(cli::ErrorSentence("hromada", "cannot reach it"), "hromada: Cannot reach it.");
  EXPECT_EQ(cli::ErrorSentence("hromada", "done."), "hromada: Done.");
  EXPECT_EQ(cli::ErrorSentence("hromada", "did you mean 'sync'?"), "hromada: Did you mean 'sync'?");
  EXPECT_EQ(cli::ErrorSentence("hromada", "two\nlines\n"), "hromada: Two lines.");
  // A file name first stays as it is: A1.json is another file.
  EXPECT_EQ(cli::ErrorSentence("hromada", "a1.json is not a JSON object"),
            "hromada: a1.json is not a JSON object.");
  EXPECT_EQ(cli::ErrorSentence("hromada", "var/x.db: gone"), "hromada: var/x.db: gone.");
  // A message that echoes what was typed: a 100 kB argument, bytes that are
  // not UTF-8. The sentence stays short and readable.
  const std::string huge =
      cli::ErrorSentence("hromada", "no person matches '" + std::string(100000, 'a') + "'");
  EXPECT_LT(huge.size(), 1100u);
  EXPECT_THAT(huge, HasSubstr("\u2026"));
  EXPECT_EQ(cli::ErrorSentence("hromada", "no person matches '\xff'"),
            "hromada: No person matches '\uFFFD'.");
}

TEST(CliUsageTest, NearestNameIsALikelyTypo) {
  const std::vector<std::string> persons = {"add", "find", "show", "edit"};
  EXPECT_EQ(cli::NearestName("ad", persons), "add");
  EXPECT_EQ(cli::NearestName("fnid", persons), "find") << "a swap is one edit";
  EXPECT_EQ(cli::NearestName("SHOW", persons), "show");
  EXPECT_EQ(cli::NearestName("frobnicate", persons), "");
  EXPECT_EQ(cli::NearestName("", persons), "");
  const std::vector<std::string> top = {"sync", "status", "surveys", "initiatives", "meetings"};
  EXPECT_EQ(cli::NearestName("meting", top), "meetings") << "two edits in six letters";
  EXPECT_EQ(cli::NearestName("stat", top), "status") << "the only name it begins";
  EXPECT_EQ(cli::NearestName("s", top), "") << "one letter begins too many";
  EXPECT_EQ(cli::NearestName("init", top), "initiatives");
  EXPECT_EQ(cli::NearestName("--jsno", {"--json", "--help"}), "--json");
}

TEST(CliDatesTest, DatesAreReadAsTypedInTheField) {
  EXPECT_EQ(cli::ReadDate("2024-5-1"), "2024-05-01");
  EXPECT_EQ(cli::ReadDate("1.5.2024"), "2024-05-01");
  EXPECT_EQ(cli::ReadDate("31.02.2024"), std::nullopt);
  EXPECT_EQ(cli::ReadDate("5/1/2024"), std::nullopt);
  std::string typed = "31.02.2024";
  EXPECT_EQ(cli::DateTyped()(typed),
            "there is no day 31.02.2024 (dates are YYYY-MM-DD or DD.MM.YYYY)");
  typed = "today";
  EXPECT_THAT(cli::DateTyped()(typed), HasSubstr("must be a date as YYYY-MM-DD"));
  typed = "01.05.2024";
  EXPECT_EQ(cli::DateTyped()(typed), "");
  EXPECT_EQ(typed, "2024-05-01");
}

// The one rule both binaries choose a community by.
TEST(CliCommunityTest, ANameIdOrIdPartChoosesOne) {
  const std::string bilozerka = "11111111-0000-4000-8000-00000000aaaa";
  const std::string stanislav = "22222222-0000-4000-8000-00000000bbbb";
  CommunityLookup lookup{
      {{bilozerka, "Bilozerka", "Білозерка"}, {stanislav, "Stanislav", "Станіслав"}},
      {},
      false,
      "this database",
      "add it first"};
  EXPECT_EQ(ChooseCommunity("БІЛОЗЕРКА", lookup).value(), bilozerka);
  EXPECT_EQ(ChooseCommunity(" stanislav ", lookup).value(), stanislav);
  EXPECT_EQ(ChooseCommunity("2222", lookup).value(), stanislav) << "the start of its id";
  EXPECT_EQ(ChooseCommunity("aaaa", lookup).value(), bilozerka) << "the end of its id";
  EXPECT_EQ(ChooseCommunity(stanislav, lookup).value(), stanislav);
  const absl::StatusOr<std::string> none = ChooseCommunity("Atlantis", lookup);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(none.status().message(), "this database knows no community 'Atlantis'; add it first");
  const std::string unknown = "33333333-0000-4000-8000-000000000000";
  EXPECT_EQ(ChooseCommunity(unknown, lookup).status().code(), absl::StatusCode::kNotFound);
  lookup.take_unknown_id = true;  // a device that has not synced yet
  EXPECT_EQ(ChooseCommunity(unknown, lookup).value(), unknown);
  EXPECT_EQ(ChooseCommunity("", lookup).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CliCommunityTest, SeveralFitsAreListedUnlessOneIsTheDevicesOwn) {
  const std::string a = "11111111-0000-4000-8000-00000000aaaa";
  const std::string b = "22222222-0000-4000-8000-00000000bbbb";
  CommunityLookup lookup{
      {{a, "Bilozerka", "Білозерка"}, {b, "Bilozerka", "Білозерка"}}, {}, false, "x", ""};
  const absl::StatusOr<std::string> two = ChooseCommunity("Bilozerka", lookup);
  EXPECT_EQ(two.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(two.status().message(), HasSubstr("matches 2 communities"));
  EXPECT_THAT(two.status().message(), HasSubstr(a));
  lookup.own = {b};
  EXPECT_EQ(ChooseCommunity("Bilozerka", lookup).value(), b);
}

// Help lists what the schema accepts, so it cannot drift from it.
TEST(CliChoicesTest, HelpForChoicesComesFromTheSchema) {
  EXPECT_EQ(cli::ChoicesHelp("person", "gender"), "female, male, other or unknown");
  EXPECT_EQ(cli::ChoicesHelp("meeting", "format", "how it met"),
            "how it met: in_person, online or hybrid");
  const std::string kinds = cli::ChoicesHelp("person", "organisation_kind");
  EXPECT_THAT(kinds, HasSubstr("police"));
  EXPECT_THAT(kinds, HasSubstr(" or "));
  EXPECT_THROW(cli::ChoicesHelp("person", "full_name"), std::logic_error) << "not a choice";
  EXPECT_EQ(cli::OneOf({"a"}), "a");
  EXPECT_EQ(cli::OneOf({"a", "b", "c"}), "a, b or c");
}

TEST(CliOutputTest, ARetryIsOneLineWithThousandsSeparators) {
  SyncProgress p;
  p.phase = SyncPhase::kPull;
  p.records_done = 3120;
  p.records_expected = 10006;
  p.retry_in = absl::Milliseconds(3200);
  EXPECT_EQ(client::RetryLine(p), "link lost, retrying in 4 s, 3,120 of 10,006 records received");
  p.phase = SyncPhase::kPush;
  p.records_done = 0;
  p.records_expected = 1234567;
  p.retry_in = absl::Milliseconds(10);
  EXPECT_EQ(client::RetryLine(p), "link lost, retrying in 1 s, 0 of 1,234,567 changes sent");
  p.phase = SyncPhase::kHandshake;
  EXPECT_EQ(client::RetryLine(p), "link lost, retrying in 1 s");
  EXPECT_EQ(client::WithThousands(999), "999");
  EXPECT_EQ(client::WithThousands(1000), "1,000");
}

TEST(CliOutputTest, FormatsSizesAndProgress) {
  EXPECT_EQ(BytesText(812), "812 B");
  EXPECT_EQ(BytesText(12345), "12.3 kB");
  EXPECT_EQ(BytesText(4500000), "4.5 MB");
  SyncProgress p;
  p.phase = SyncPhase::kPull;
  p.records_done = 1200;
  p.records_expected = 5000;
  p.bytes_done = 340000;
  EXPECT_EQ(cli::ProgressLine(p), "receiving: 1200 of ~5000 records, 340.0 kB on the wire");
  p.phase = SyncPhase::kAttachments;
  p.records_done = 1;
  p.records_expected = 3;
  p.bytes_done = 1200000;
  p.bytes_expected = 5300000;
  EXPECT_EQ(cli::ProgressLine(p), "sending files: 1 of 3, 1.2 MB of 5.3 MB");
  p.retry_in = absl::Seconds(2);
  EXPECT_EQ(client::RetryLine(p), "link lost, retrying in 2 s, 1 of 3 files sent");
  EXPECT_THAT(cli::FormatOffset(3'600'000), HasSubstr("60 minutes behind"));
  // A clock a year off is told in days, as a person sets a clock.
  EXPECT_THAT(cli::FormatOffset(400LL * 86'400'000), HasSubstr("is 400 days behind"));
  EXPECT_THAT(cli::FormatOffset(-5LL * 3'600'000), HasSubstr("is 5 hours ahead of"));
  EXPECT_EQ(cli::FormatClockGap(-61'000), "61 seconds");
  EXPECT_EQ(cli::FormatClockGap(3'660'000), "61 minutes");
}

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

TEST_F(CliTest, SyncSaysEachRetryOnOneLine) {
  server_.AddCode("good", {community_bytes_});
  ASSERT_EQ(Run({"enrol", "--server", "http://fake:1", "--code", "good"}), 0) << Err();
  ASSERT_EQ(Run({"put", "person", "--community", kCommunity, "full_name=A"}), 0) << Err();
  faulty_.FailMethod(
      "Push", {FaultyTransport::Timing::kBeforeForward, absl::UnavailableError("link dropped")}, 2);
  live_ = true;
  ASSERT_EQ(Run({"sync"}), 0) << Err();
  const std::string err = Err();
  EXPECT_THAT(err, HasSubstr("link lost, retrying in 1 s, 0 of 1 changes sent\n"));
  size_t lines = 0;
  for (size_t at = err.find("link lost"); at != std::string::npos;
       at = err.find("link lost", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u) << err;
  EXPECT_THAT(Out(), HasSubstr("sent 1 change,"));
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
  EXPECT_THAT(Out(), HasSubstr("communities: " + kCommunity)) << "no record of it yet";
  v1::Record community;
  community.set_kind("community");
  community.set_id(community_bytes_);
  community.set_hlc(HlcPack(kT0 - 1000, 0));
  for (const auto& [name, text] :
       {std::pair<const char*, const char*>{"name_latin", "Bilozerka"}, {"name_uk", "Білозерка"}}) {
    v1::Field* f = community.add_fields();
    f->set_name(name);
    f->mutable_value()->set_text(text);
  }
  StampChange(std::string(16, '\x01'), &community);
  server_.PutRecord(community);
  ASSERT_EQ(Run({"sync"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("sent 1 change,"));
  ASSERT_EQ(Run({"status"}), 0);
  EXPECT_THAT(Out(), HasSubstr("communities: Bilozerka\n"));
  ASSERT_EQ(Run({"status"}), 0);
  EXPECT_THAT(Out(), HasSubstr("changes waiting to be sent: 0"));
  faulty_.FailMethod("Handshake", {FaultyTransport::Timing::kBeforeForward,
                                   absl::UnavailableError("cannot connect to the server")});
  EXPECT_EQ(Run({"sync"}), cli::kExitNetwork);
  EXPECT_THAT(Err(), HasSubstr("the next sync continues from there"));
  // Issue 19 item 10: an unreachable server does not read as lost work.
  EXPECT_THAT(Err(), HasSubstr("nothing was exchanged with the server this time, and no work is "
                               "lost"));
  EXPECT_THAT(Err(), ::testing::Not(HasSubstr("nothing new was saved")));
  const std::string err = Err();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  ASSERT_EQ(Run({"rejected"}), 0);
  EXPECT_THAT(Out(), HasSubstr("No changes were refused"));
}

// A mistyped command gets the nearest one, a missing one the choice, an
// unknown option the nearest option: each exit 1, one sentence.
TEST_F(CliTest, MistypedCommandsAndOptionsSuggestTheNearest) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"persons", "ad", "Олена"}, "No command 'persons ad'; did you mean 'persons add'?"},
      {{"sycn"}, "No command 'sycn'; did you mean 'sync'?"},
      {{"surveys", "fil", "needs"}, "No command 'surveys fil'; did you mean 'surveys fill'?"},
      {{"frobnicate"}, "No command 'frobnicate'; see `hromada --help`."},
      {{"persons"}, "'persons' needs a command: add, find, show, edit."},
      {{}, "Name a command; see `hromada --help`."},
      {{"persons", "add", "Олена", "--birth-yer", "1990"},
       "'persons add' has no option '--birth-yer'; did you mean '--birth-year'?"},
      {{"persons", "add", "Олена", "--bogus"},
       "'persons add' has no option '--bogus'; see `hromada persons add --help`."},
      {{"--bogus", "status"}, "'hromada' has no option '--bogus'; see `hromada --help`."},
      {{"status", "--jsno"}, "'status' has no option '--jsno'; did you mean '--json'?"},
  };
  for (const auto& [args, sentence] : cases) {
    EXPECT_EQ(Run(args), cli::kExitUsage) << sentence;
    EXPECT_EQ(Err(), "hromada: " + sentence + "\n");
    EXPECT_EQ(Out(), "");
  }
}

TEST_F(CliTest, OtherParseErrorsAreOneSentenceAndExitOne) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"persons", "add"}, {"sync", "extra"}, {"duplicates", "--min-score", "abc"}}) {
    EXPECT_EQ(Run(args), cli::kExitUsage) << args[0];
    const std::string err = Err();
    EXPECT_THAT(err, StartsWith("hromada: ")) << err;
    EXPECT_THAT(err, HasSubstr(" --help`.\n")) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
}

TEST_F(CliTest, AnUnusableProfileIsExitFour) {
  const std::string garbage = dir_.Path("garbage.db");
  std::ofstream(garbage) << std::string(4096, 'x');
  const std::vector<std::vector<std::string>> commands = {
      {"status"}, {"list", "person"}, {"persons", "find", "olena"}};
  for (const std::vector<std::string>& args : commands) {
    EXPECT_EQ(RunOn(garbage, args), cli::kExitLocal) << args[0] << ": " << Err();
    EXPECT_THAT(Err(), StartsWith("hromada: "));
    const std::string err = Err();
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  ASSERT_EQ(RunOn(dir_.Path("sub/dir/cli.db"), {"status"}), 0) << Err();  // makes sub/dir/
  EXPECT_EQ(RunOn(dir_.Path("sub/dir"), {"status"}), cli::kExitLocal) << "a folder";
  EXPECT_EQ(RunOn(garbage, {"kinds"}), 0) << "kinds needs no profile";
}

TEST_F(CliTest, HelpDocumentsExitCodes) {
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_THAT(Out(), HasSubstr("Exit codes"));
  EXPECT_THAT(Out(), HasSubstr("2  the server cannot be reached"));
  EXPECT_EQ(Err(), "");
  EXPECT_EQ(Run({"persons", "add", "--help"}), 0);
  EXPECT_THAT(Out(), HasSubstr("--birth-year"));
  EXPECT_THAT(Out(), HasSubstr("female, male, other or unknown")) << "from the schema";
}

}  // namespace
}  // namespace hromada::test
