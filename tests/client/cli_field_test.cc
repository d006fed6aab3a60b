// The field commands of the CLI (persons, meetings, attendance, surveys,
// initiatives, the coordinator's tools), run in-process on a profile in a
// temporary folder: what each writes, and that a refused command exits 1
// with one sentence and writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/match.h"
#include "client/cli/commands.h"
#include "tests/client/cli_fixture.h"
#include "tests/support/run_tool.h"
#include "tests/support/sample_form.h"
#include "tests/support/spawn.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kForm = kShortFormJson;

class CliFieldTest : public CliTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        Run({"put", "community", "--id", kCommunity, "name_uk=Білозерка", "name_latin=Bilozerka"}),
        0)
        << Err();
  }

  std::vector<RecordView> Records(const std::string& kind) {
    std::unique_ptr<Client> client = Open(kProfile);
    return client ? *client->List(kind) : std::vector<RecordView>{};
  }
};

// Issue 22: bidi controls and invisible characters, named in one sentence.
TEST_F(CliFieldTest, NamesWithBidiControlsOrInvisibleCharactersAreRefused) {
  ExpectRefused({"persons", "add", "--community", "Bilozerka",
                 "\u202E"
                 "онелО"},
                "contains U+202E RIGHT-TO-LEFT OVERRIDE");
  ExpectRefused({"persons", "add", "--community", "Bilozerka", "Оле\u200Bна"},
                "contains U+200B ZERO WIDTH SPACE");
  EXPECT_TRUE(Records("person").empty());
  ExpectRefused({"put", "community", "name_uk=Біло\u00ADзерка", "name_latin=Bilozerka2"},
                "contains U+00AD SOFT HYPHEN");
}

TEST_F(CliFieldTest, PersonsAddFindShowEdit) {
  const std::string olena =
      Make({"persons", "add", "--community", "Bilozerka", "Олена", "Коваленко", "--gender",
            "female", "--birth-year", "1984", "--idp"});
  const std::string petro = Make({"persons", "add", "--community", "білозерка", "Petro Kovalenko"});
  ASSERT_EQ(Run({"persons", "find", "olena"}), 0);
  EXPECT_THAT(Out(), HasSubstr(olena + "  Олена Коваленко  (Bilozerka, born 1984)"));
  EXPECT_THAT(Out(), Not(HasSubstr(petro)));
  ASSERT_EQ(Run({"persons", "find", "КОВАЛ"}), 0);
  EXPECT_THAT(Out(), HasSubstr(olena));
  EXPECT_THAT(Out(), HasSubstr(petro));
  ASSERT_EQ(Run({"persons", "show", "Олена Коваленко"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("idp: yes\n"));
  EXPECT_THAT(Out(), HasSubstr("meetings attended: 0"));
  // New ids share their first digits (time-ordered); their ends tell them apart.
  ExpectRefused({"persons", "edit", petro.substr(0, 8), "phone=1"}, "matches 2 persons");
  ASSERT_EQ(Run({"persons", "edit", petro.substr(28), "phone=+380501112233"}), 0) << Err();
  ASSERT_EQ(Run({"persons", "show", petro, "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"phone\": \"+380501112233\""));
  Make({"persons", "add", "--community", kCommunity, "Олена Коваленко"});
  EXPECT_THAT(Err(), HasSubstr("note: " + olena + " is also named"));
}

// Names as field staff type them: extra spaces, the surname first, a
// Latin letter that looks like the Cyrillic one.
TEST_F(CliFieldTest, NamesAreFoundAsTyped) {
  const std::string kyrylo =
      Make({"persons", "add", "--community", "Bilozerka", "  Кирило   Шевченко "});
  ASSERT_EQ(Run({"persons", "show", kyrylo, "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"full_name\": \"Кирило Шевченко\""));
  const std::string serhii =
      Make({"persons", "add", "--community", "Bilozerka", "Сергій Приходько"});
  for (const char* typed : {"Кирило  Шевченко", "Шевченко Кирило", "kyrylo shevchenko"}) {
    ASSERT_EQ(Run({"persons", "find", typed}), 0) << typed;
    EXPECT_THAT(Out(), HasSubstr(kyrylo)) << typed;
  }
  ASSERT_EQ(Run({"persons", "find", "Cергій"}), 0);  // a Latin C
  EXPECT_THAT(Out(), HasSubstr(serhii));
  ASSERT_EQ(Run({"persons", "show", "Пpиходько Сергій"}), 0) << Err();  // a Latin p
  EXPECT_THAT(Out(), HasSubstr(serhii));
  ExpectRefused({"persons", "find", std::string("\xff")}, "not valid UTF-8");
  ASSERT_EQ(Run({"persons", "edit", serhii, "full_name=Сергій   Приходько-Коваль"}), 0) << Err();
  ASSERT_EQ(Run({"persons", "show", serhii, "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"full_name\": \"Сергій Приходько-Коваль\""));
}

// Without $USER (a service, a cron job), the report names the system user.
TEST_F(CliFieldTest, ReportNamesTheUserWithoutUserVariable) {
  const char* user = std::getenv("USER");
  const std::string saved = user ? user : "";
  unsetenv("USER");
  const int rc = Run({"report"});
  if (!saved.empty()) setenv("USER", saved.c_str(), 1);
  ASSERT_EQ(rc, 0) << Err();
  EXPECT_THAT(Out(), Not(HasSubstr("Підготовлено: ?")));
  EXPECT_THAT(Out(), HasSubstr("Підготовлено: "));
}

// README: a community is its name or its id, for `put` too.
TEST_F(CliFieldTest, PutTakesACommunityByName) {
  const std::string id = Make({"put", "person", "--community", "Білозерка", "full_name=Пут Тест"});
  ASSERT_EQ(Run({"get", "person", id}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(kCommunity));
  ExpectRefused({"put", "person", "--community", "Kherson", "full_name=X"}, "knows no community");
}

// After a merge the two records are one person: their shared name names
// the record kept, not "matches 2 persons".
TEST_F(CliFieldTest, AMergedPairIsOnePersonByName) {
  const std::string kept = Make({"persons", "add", "--community", "Bilozerka", "Олена Петренко"});
  const std::string twin = Make({"persons", "add", "--community", "Bilozerka", "Olena Petrenko"});
  ExpectRefused({"persons", "show", "Петренко Олена"}, "matches 2 persons");
  ASSERT_EQ(Run({"merge", twin, kept}), 0) << Err();
  ASSERT_EQ(Run({"persons", "show", "Петренко Олена", "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"id\": \"" + kept + "\""));
  const std::string m =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  ASSERT_EQ(Run({"attendance", "mark", m, "olena petrenko"}), 0) << Err();
  ASSERT_EQ(Run({"meetings", "show", m}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(kept));
  // Namesakes not merged stay ambiguous; the merged pair is one of them.
  Make({"persons", "add", "--community", "Bilozerka", "Олена Петренко"});
  ExpectRefused({"persons", "show", "Петренко Олена"}, "matches 2 persons");
}

// Dates as they are written in Ukraine (day first, with dots) or without
// leading zeros are the same date; a day that does not exist, or slashes
// (day or month first?), are refused and nothing is written.
TEST_F(CliFieldTest, DatesAreReadAsTyped) {
  const std::string m = Make({"meetings", "new", "--community", "Bilozerka", "--date", "1.5.2024"});
  ASSERT_EQ(Run({"meetings", "show", m, "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"date\": \"2024-05-01\""));
  for (const char* typed : {"01.05.2024", "2024-5-1", "2024-05-01"}) {
    ASSERT_EQ(Run({"meetings", "show", typed, "--json"}), 0) << typed << Err();
    EXPECT_THAT(Out(), HasSubstr(m)) << typed;
    ASSERT_EQ(Run({"meetings", "list", "--from", typed, "--to", typed}), 0) << typed << Err();
    EXPECT_THAT(Out(), HasSubstr("2024-05-01")) << typed;
  }
  for (const char* typed : {"31.02.2024", "5/1/2024", "2024-13-01", "1.5.24", "today"}) {
    EXPECT_EQ(Run({"meetings", "new", "--community", "Bilozerka", "--date", typed}), 1) << typed;
    EXPECT_THAT(Err(), HasSubstr("YYYY-MM-DD")) << typed;
  }
  // Issue 19: `put` reads a date as the flags do (one reader).
  ASSERT_EQ(Run({"put", "meeting", "--id", m, "date=2.5.2024"}), 0) << Err();
  ASSERT_EQ(Run({"meetings", "show", m, "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"date\": \"2024-05-02\""));
  ExpectRefused({"put", "meeting", "--id", m, "date=31.02.2024"},
                "'date' takes a date as YYYY-MM-DD or DD.MM.YYYY, not '31.02.2024'");
  ASSERT_EQ(Run({"meetings", "list", "--json"}), 0);
  EXPECT_EQ(nlohmann::json::parse(Out()).size(), 1u) << "nothing written by the refusals";
}

// Two communities share a name (an admin's typo on the server): the one
// this device is enrolled for is meant.
TEST_F(CliFieldTest, AnAmbiguousCommunityNameMeansTheDevicesOwn) {
  ASSERT_EQ(Run({"put", "community", "--id", Uuid::V4().ToString(), "name_uk=Білозерка",
                 "name_latin=Bilozerka2"}),
            0)
      << Err();
  ExpectRefused({"persons", "add", "--community", "Білозерка", "Олена"}, "matches 2 communities");
  Enrolled(kProfile).reset();
  const std::string id = Make({"persons", "add", "--community", "Білозерка", "Олена"});
  ASSERT_EQ(Records("person").size(), 1u);
  EXPECT_EQ(Records("person")[0].community_id, kCommunity);
}

// Issue 19 item 10: a name is found as people write it in either script.
TEST_F(CliFieldTest, FindReadsMariaAsMariia) {
  const std::string maria = Make({"persons", "add", "--community", "Bilozerka", "Maria Kovalenko"});
  const std::string mariia = Make({"persons", "add", "--community", "Bilozerka", "Марія Петренко"});
  ASSERT_EQ(Run({"persons", "find", "марія"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(maria));
  EXPECT_THAT(Out(), HasSubstr(mariia));
  ASSERT_EQ(Run({"persons", "find", "Maria"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(mariia));
}

TEST_F(CliFieldTest, PersonErrorsWriteNothing) {
  ExpectRefused({"persons", "add", "Олена"}, "Say which community");
  ExpectRefused({"persons", "add", "--community", "Kherson", "Олена"}, "knows no community");
  ExpectRefused({"persons", "add", "--community", "Bilozerka", "Олена", "--gender", "f"}, "gender");
  ExpectRefused({"persons", "add", "--community", "Bilozerka", "Олена", "--birth-year", "old"},
                "birth_year");
  EXPECT_TRUE(Records("person").empty());
  const std::string a = Make({"persons", "add", "--community", "Bilozerka", "Олена Коваленко"});
  const std::string b = Make({"persons", "add", "--community", "Bilozerka", "Олена Петренко"});
  ExpectRefused({"persons", "show", "олена"}, "matches 2 persons: ");
  EXPECT_THAT(Err(), HasSubstr("Олена Коваленко (Bilozerka, id ending "));
  EXPECT_THAT(Err(), HasSubstr(a.substr(32) + ")"));
  EXPECT_THAT(Err(), HasSubstr(b.substr(32) + ")"));
  ExpectRefused({"persons", "show", "Марія"}, "No person on this device matches 'Марія'");
  ExpectRefused({"persons", "edit", a, "birth_year=x"}, "birth_year");
  ExpectRefused({"persons", "edit", a}, "field=value");
}

TEST_F(CliFieldTest, MeetingsNumberedListedAndShown) {
  const std::string m1 = Make({"meetings", "new", "--community", "Bilozerka", "--date",
                               "2024-05-01", "--format", "hybrid", "--topics", "Укриття"});
  EXPECT_THAT(Out(), HasSubstr("(no. 1)"));
  const std::string m2 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  EXPECT_THAT(Out(), HasSubstr("(no. 2)"));
  const std::string today = Make({"meetings", "new", "--community", "Bilozerka"});
  const std::string p = Make({"persons", "add", "--community", "Bilozerka", "Іван Бондар"});
  ASSERT_EQ(Run({"attendance", "mark", m2, "Іван"}), 0) << Err();
  ASSERT_EQ(Run({"meetings", "list", "--community", "Bilozerka"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("2024-05-01  no. 1  Bilozerka  0 present  " + m1 +
                               "\n2024-06-01"
                               "  no. 2  Bilozerka  1 present  " +
                               m2));
  EXPECT_THAT(Out(), HasSubstr(today));
  ASSERT_EQ(Run({"meetings", "list", "--from", "2024-05-15", "--to", "2024-12-31", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"attendance\": 1"));
  EXPECT_THAT(Out(), Not(HasSubstr(m1)));
  ASSERT_EQ(Run({"meetings", "show", m2.substr(24)}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("attended: 1\n  Іван Бондар  " + p));
  ASSERT_EQ(Run({"persons", "show", p}), 0);
  EXPECT_THAT(Out(), HasSubstr("meeting of 2024-06-01 (no. 2) in Bilozerka  " + m2));
  ExpectRefused({"meetings", "new", "--community", "Bilozerka", "--date", "2024-02-30"},
                "--date: there is no day 2024-02-30");
  ExpectRefused({"meetings", "new", "--community", "Bilozerka", "--format", "radio"}, "format");
  ExpectRefused({"meetings", "list", "--from", "May"}, "--from");
  ExpectRefused({"meetings", "show", "zzzz"}, "No meeting");
  EXPECT_EQ(Records("meeting").size(), 3u);
}

TEST_F(CliFieldTest, MarkingTwiceMakesOneAttendance) {
  const std::string m =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string a = Make({"persons", "add", "--community", "Bilozerka", "Олена Коваленко"});
  const std::string b = Make({"persons", "add", "--community", "Bilozerka", "Іван Бондар"});
  ASSERT_EQ(Run({"attendance", "mark", m, a, "Іван Бондар"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Marked 2 persons"));
  ASSERT_EQ(Run({"attendance", "mark", m, "олена", a.substr(30)}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Marked 0 persons at the meeting of 2024-05-01 (no. 1); 1 already"));
  ASSERT_EQ(Run({"attendance", "mark", m, a, "--role", "speaker"}), 0) << Err();
  std::vector<RecordView> marks = Records("attendance");
  ASSERT_EQ(marks.size(), 2u);
  for (const RecordView& r : marks) {
    EXPECT_EQ(r.id, *AttendanceId(m, std::get<Ref>(r.fields.at("person")).id));
  }
  // All or nothing: one unknown person, nobody is marked.
  const std::string m2 = Make({"meetings", "new", "--community", "Bilozerka"});
  ExpectRefused({"attendance", "mark", m2, a, "Марія"}, "Марія");
  ExpectRefused({"attendance", "mark", m2, a, "--mode", "carrier-pigeon"}, "mode");
  ExpectRefused({"attendance", "mark", m2}, "--same-as-last");
  EXPECT_EQ(Records("attendance").size(), 2u);
  ASSERT_EQ(Run({"attendance", "unmark", m, b}), 0) << Err();
  ExpectRefused({"attendance", "unmark", m, b}, "Іван Бондар is not marked");
  EXPECT_EQ(Records("attendance").size(), 1u);
}

TEST_F(CliFieldTest, SameAsLastTakesThePreviousRoster) {
  const std::string first =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string second =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  ExpectRefused({"attendance", "mark", first, "--same-as-last"}, "no earlier meeting");
  std::vector<std::string> ids;
  for (const char* name : {"Олена Коваленко", "Іван Бондар", "Петро Шевчук", "Марія Ткач"}) {
    ids.push_back(Make({"persons", "add", "--community", "Bilozerka", name}));
  }
  ASSERT_EQ(Run({"attendance", "mark", first, ids[0], ids[1], ids[2]}), 0) << Err();
  ASSERT_EQ(
      Run({"attendance", "mark", second, "--same-as-last", "--remove", "Іван", "--add", "Марія"}),
      0)
      << Err();
  EXPECT_THAT(Out(), HasSubstr("Marked 3 persons at the meeting of 2024-06-01 (no. 2)"));
  ASSERT_EQ(Run({"meetings", "show", second, "--json"}), 0);
  for (int i : {0, 2, 3}) EXPECT_THAT(Out(), HasSubstr(ids[i]));
  EXPECT_THAT(Out(), Not(HasSubstr(ids[1])));
}

TEST_F(CliFieldTest, MeetingsAndInitiativesNamedAsPeopleSayThem) {
  const std::string m1 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string m2 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  const std::string p = Make({"persons", "add", "--community", "Bilozerka", "Іван Бондар"});
  ASSERT_EQ(Run({"attendance", "mark", "2024-06-01", "Іван"}), 0) << Err();
  ASSERT_EQ(Run({"meetings", "show", "Bilozerka #1"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(m1));
  ASSERT_EQ(Run({"meetings", "show", "білозерка 2"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Іван Бондар  " + p));
  ASSERT_EQ(Run({"meetings", "show", "#2"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(m2));
  ExpectRefused({"meetings", "show", "2024-07-01"}, "No meeting on this device matches");
  Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  ExpectRefused({"meetings", "show", "2024-06-01"}, "matches 2 meetings");

  Make({"initiatives", "add", "--community", "Bilozerka", "Укриття в школі"});
  Make({"initiatives", "add", "--community", "Bilozerka", "Укриття в лікарні"});
  ASSERT_EQ(Run({"initiatives", "move", "укриття школі", "prioritised"}), 0) << Err();
  ExpectRefused({"initiatives", "move", "укриття", "prioritised"}, "matches 2 initiatives");
  ASSERT_EQ(Run({"initiatives", "list", "--status", "prioritised"}), 0);
  EXPECT_THAT(Out(), HasSubstr("Укриття в школі"));
}

TEST_F(CliFieldTest, InitiativesMoveAlongThePipeline) {
  const std::string id = Make({"initiatives", "add", "--community", "Bilozerka", "Укриття в школі",
                               "--cost", "150000", "--date", "2024-03-01"});
  ASSERT_EQ(Run({"initiatives", "move", id.substr(0, 8), "prioritised", "--date", "2024-04-01"}), 0)
      << Err();
  ExpectRefused({"initiatives", "move", id, "funded"},
                "can move to under_consideration or rejected");
  ExpectRefused({"initiatives", "move", id, "done"}, "done");
  Make({"initiatives", "add", "--community", "Bilozerka", "Вода"});
  ASSERT_EQ(Run({"initiatives", "list"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("proposed (1)\n  Вода  Bilozerka  since 2023-11-"));
  EXPECT_THAT(Out(), HasSubstr("prioritised (1)\n  Укриття в школі  Bilozerka  since 2024-04-01"));
  EXPECT_LT(Out().find("proposed"), Out().find("prioritised"));
  ASSERT_EQ(Run({"initiatives", "list", "--status", "prioritised", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"entered_proposed\": \"2024-03-01\""));
  EXPECT_THAT(Out(), Not(HasSubstr("Вода")));
  ExpectRefused({"initiatives", "list", "--status", "done"}, "not a status");
}

// Issue 19: an initiative added without a date is proposed today, and
// says so; a move dated before the status it leaves is refused with what
// to do, and writes nothing.
TEST_F(CliFieldTest, InitiativeMovesCannotGoBackInTime) {
  const std::string id =
      Make({"initiatives", "add", "--community", "Bilozerka", "Укриття в школі"});
  EXPECT_THAT(Err(), HasSubstr("note: proposed today, 2023-11-"));
  ExpectRefused({"initiatives", "move", "укриття", "prioritised", "--date", "2023-06-01"},
                "'Укриття в школі': it is proposed since 2023-11-");
  EXPECT_THAT(Err(), HasSubstr("hromada put initiative --id " + id + " entered_proposed=DATE"));
  ASSERT_EQ(Run({"put", "initiative", "--id", id, "entered_proposed=2023-05-01"}), 0) << Err();
  for (const auto& [status, date] :
       std::vector<std::pair<std::string, std::string>>{{"prioritised", "2023-06-01"},
                                                        {"under_consideration", "2023-06-10"},
                                                        {"awaiting_funding", "2023-06-20"},
                                                        {"funded", "1.7.2023"}}) {
    ASSERT_EQ(Run({"initiatives", "move", "укриття", status, "--date", date}), 0) << Err();
  }
  ExpectRefused({"initiatives", "move", "укриття", "in_progress", "--date", "2023-05-01"},
                "it is funded since 2023-07-01, so it cannot have moved to in_progress on "
                "2023-05-01, before that; give a --date from 2023-07-01 on");
  ASSERT_EQ(Run({"get", "initiative", id}), 0) << Err();
  EXPECT_THAT(Out(), Not(HasSubstr("entered_in_progress")));
  ASSERT_EQ(Run({"initiatives", "move", "укриття", "in_progress", "--date", "2023-07-01"}), 0)
      << Err();
  ASSERT_EQ(Run({"initiatives", "list"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("in_progress (1)\n  Укриття в школі  Bilozerka  since 2023-07-01"));
}

// Issue 19: a choice is typed in Ukrainian or English words wherever one
// is typed: flags, `put`, statuses; a refusal lists the words.
TEST_F(CliFieldTest, ChoicesAreTypedInPeoplesWords) {
  const std::string olena = Make({"persons", "add", "--community", "Bilozerka", "Олена Ткачук",
                                  "--gender", "жінка", "--org-kind", "Громадська організація"});
  const std::string ivan = Make({"persons", "add", "--community", "Bilozerka", "Іван Ткачук",
                                 "--gender", "Чоловік", "--org-kind", "поліція"});
  ASSERT_EQ(Run({"put", "person", "--id", ivan, "gender=Men", "idp=так"}), 0) << Err();
  const std::string m = Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01",
                              "--format", "офлайн"});
  ASSERT_EQ(
      Run({"attendance", "mark", m, "Олена Ткачук", "--mode", "онлайн", "--role", "доповідачка"}),
      0)
      << Err();
  ASSERT_EQ(Run({"persons", "show", olena, "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"gender\": \"female\""));
  EXPECT_THAT(Out(), HasSubstr("\"organisation_kind\": \"ngo\""));
  ASSERT_EQ(Run({"persons", "show", ivan, "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"gender\": \"male\""));
  EXPECT_THAT(Out(), HasSubstr("\"organisation_kind\": \"police\""));
  EXPECT_THAT(Out(), HasSubstr("\"idp\": true"));
  ASSERT_EQ(Run({"meetings", "show", m, "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("\"format\": \"in_person\""));
  EXPECT_THAT(Out(), HasSubstr("\"role\": \"speaker\""));
  EXPECT_THAT(Out(), HasSubstr("\"mode\": \"online\""));
  ExpectRefused({"persons", "add", "--community", "Bilozerka", "Петро", "--gender", "жінко"},
                "'gender' takes one of Жінки (female), Чоловіки (male), Інше (other), Не вказано "
                "(unknown), not 'жінко'");
  Make({"initiatives", "add", "--community", "Bilozerka", "Укриття в школі", "--date",
        "2024-03-01"});
  ASSERT_EQ(Run({"initiatives", "move", "укриття", "Пріоритизовано", "--date", "2024-04-01"}), 0)
      << Err();
  ASSERT_EQ(Run({"initiatives", "list", "--status", "пріоритизовано"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Укриття в школі"));
  ExpectRefused({"initiatives", "move", "укриття", "зроблено"},
                "'зроблено' is not a status; one of Запропоновано (proposed), ");
}

// Issue 19: in a survey, an option is answered by its words; a file of
// answers may give them so too.
TEST_F(CliFieldTest, SurveyOptionsAreTypedInTheFormsWords) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kNeedsFormJson)}), 0) << Err();
  ASSERT_EQ(
      Run({"surveys", "fill", "needs", "--community", "Bilozerka", "--gender", "жінка",
           "--from-json",
           WriteFile("answers.json", R"({"top_needs": ["Вода", "укриття"], "kind": "ВПО"})")}),
      0)
      << Err();
  const RecordView r = Records("survey_response")[0];
  EXPECT_EQ(std::get<std::string>(r.fields.at("respondent_gender")), "female");
  EXPECT_EQ(nlohmann::json::parse(std::get<std::string>(r.fields.at("answers"))),
            nlohmann::json({{"top_needs", {"water", "shelter"}}, {"kind", "idp"}}));
}

// Issue 19: a full name typed as written wins over a near-duplicate; an
// ambiguity lists persons by name, birth year and community and says what
// to type; one name that does not resolve marks nobody, and says so.
TEST_F(CliFieldTest, AnExactNameWinsAndAnAmbiguityMarksNobody) {
  const std::string m =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string olena = Make({"persons", "add", "--community", "Bilozerka", "Олена Гнатюк"});
  const std::string bondar =
      Make({"persons", "add", "--community", "Bilozerka", "Іван Бондар", "--birth-year", "1980"});
  const std::string bondar_soft =
      Make({"persons", "add", "--community", "Bilozerka", "Іван Бондарь", "--birth-year", "1975"});
  ExpectRefused({"attendance", "mark", "1.5.2024", "олена", "Бондар Іван", "Марія"},
                "Nothing was marked: 'Бондар Іван' matches 2 persons: Іван Бондар (born 1980, "
                "Bilozerka, id ending ");
  EXPECT_THAT(Err(), HasSubstr("Іван Бондарь (born 1975, Bilozerka, id ending "));
  EXPECT_THAT(Err(), HasSubstr("type the whole name as written, or the end of the id; and no "
                               "person on this device matches 'Марія'"));
  EXPECT_THAT(Err(), Not(HasSubstr(bondar))) << "no whole hex ids";
  EXPECT_TRUE(Records("attendance").empty());
  ASSERT_EQ(Run({"attendance", "mark", "1.5.2024", "олена", "Іван Бондар"}), 0) << Err();
  ASSERT_EQ(Run({"attendance", "mark", "#1", "іван  бондарь"}), 0) << Err();
  ASSERT_EQ(Run({"meetings", "show", m, "--json"}), 0) << Err();
  for (const std::string& id : {olena, bondar, bondar_soft}) EXPECT_THAT(Out(), HasSubstr(id));
  ExpectRefused({"persons", "show", "Ivan Bondar"}, "matches 2 persons");
}

// Issue 19: get and delete name a record as every command does (#N, a
// date, a name, 4+ hex digits from either end of its id); a second
// meeting on a date says which number to type.
TEST_F(CliFieldTest, GetAndDeleteTakeTheShortForms) {
  const std::string m1 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string m2 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  EXPECT_THAT(Err(), HasSubstr("note: the meeting no. 1 of this community is on 2024-05-01 too; "
                               "name one of them with its number: '2024-05-01 #1' or "
                               "'2024-05-01 #2'"));
  ExpectRefused({"get", "meeting", "1.5.2024"},
                "'1.5.2024' matches 2 meetings: meeting of "
                "2024-05-01 (Bilozerka, type '2024-05-01 #1', id ending ");
  EXPECT_THAT(Err(), HasSubstr("type the date and number, as '2024-05-01 #"));
  ASSERT_EQ(Run({"get", "meeting", "#2"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(m2));
  // Issue 19 item 8: the date and the number together name one meeting.
  for (const char* typed : {"2024-05-01 #2", "1.5.2024 #2", "01.05.2024 2"}) {
    ASSERT_EQ(Run({"get", "meeting", typed}), 0) << typed << ": " << Err();
    EXPECT_THAT(Out(), HasSubstr(m2)) << typed;
  }
  ExpectRefused({"get", "meeting", "2024-05-01 #7"}, "No meeting on this device matches");
  const std::string p = Make({"persons", "add", "--community", "Bilozerka", "Оксана Мельник"});
  ASSERT_EQ(Run({"get", "person", "оксана мельник", "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(p));
  // Deleting a meeting changes no other's number (they are in the
  // minutes); a gap left in the series is said, with how to close it.
  const std::string m3 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  ASSERT_EQ(Run({"delete", "meeting", "2024-05-01 #2"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Deleted meeting of 2024-05-01 (no. 2) (" + m2 + ")"));
  EXPECT_THAT(Out(), HasSubstr("so no. 2 is missing from the series; if no. 3 (2024-06-01) is "
                               "really no. 2, renumber it: hromada put meeting --id " +
                               m3 + " number=2"));
  ASSERT_EQ(Run({"put", "meeting", "--id", m3, "number=2"}), 0) << Err();
  ASSERT_EQ(Run({"delete", "meeting", "#2"}), 0) << Err();
  EXPECT_THAT(Out(), Not(HasSubstr("missing"))) << "the last one leaves no gap";
  Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-07-01"});
  EXPECT_THAT(Out(), HasSubstr("no. 2")) << "the next new meeting takes the freed number";
  ASSERT_EQ(Run({"delete", "meeting", m1.substr(32)}), 0) << Err();
  EXPECT_EQ(Records("meeting").size(), 1u) << "the meeting of 2024-07-01";
  ExpectRefused({"delete", "person", "Марія"}, "No person on this device matches 'Марія'");
  ExpectRefused({"get", "meating", "#1"}, "Unknown record kind 'meating'");
  EXPECT_EQ(Records("person").size(), 1u);
}

TEST_F(CliFieldTest, SurveysPublishOnceAndRefuseAChangedVersion) {
  const std::string file = WriteFile("needs.json", kForm);
  ASSERT_EQ(Run({"surveys", "publish", file}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Published needs version 1 (3 questions)"));
  ASSERT_EQ(Run({"surveys", "publish", file}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("nothing to do"));
  std::string changed = kForm;
  changed.replace(changed.find("Коментар"), std::string("Коментар").size(), "Інше");
  ExpectRefused({"surveys", "publish", WriteFile("changed.json", changed)},
                "Version 1 of needs is already published; publish it as version 2");
  ASSERT_EQ(Run({"surveys", "list"}), 0);
  EXPECT_THAT(Out(), HasSubstr("needs  version 1  Потреби  3 questions"));
  EXPECT_EQ(Records("survey").size(), 1u);
}

TEST_F(CliFieldTest, FillAsksAgainAfterAWrongAnswerAndResumesADraft) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kForm)}), 0) << Err();
  // A wrong ranking, then a right one; then the input ends.
  EXPECT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka", "--gender", "female"},
                "1, 1\n2, 1\n"),
            1);
  EXPECT_THAT(Out(), HasSubstr("  2. Вода\n"));
  EXPECT_THAT(Err(), HasSubstr("question \"top\""));
  EXPECT_THAT(Err(), HasSubstr("resume with `hromada surveys fill --draft "));
  std::vector<RecordView> drafts = Records("survey_response");
  ASSERT_EQ(drafts.size(), 1u);
  const std::string draft = drafts[0].id;
  ASSERT_EQ(Run({"surveys", "drafts"}), 0);
  EXPECT_THAT(Out(), HasSubstr(draft + "  needs v1  2023-11-"));
  EXPECT_THAT(Out(), HasSubstr("1 of 3 answered"));
  // Resume: the rating is asked (an empty line is not an answer), the
  // optional comment is skipped.
  ASSERT_EQ(Run({"surveys", "fill", "--draft", draft.substr(0, 8)}, "\n4\n\n\n"), 0) << Err();
  EXPECT_THAT(Out(), Not(HasSubstr("Question 1 of 3"))) << "an answered question is not asked";
  EXPECT_THAT(Err(), HasSubstr("needs an answer"));
  const RecordView done = Records("survey_response")[0];
  EXPECT_EQ(std::get<std::string>(done.fields.at("state")), "final");
  EXPECT_EQ(std::get<std::string>(done.fields.at("answers")),
            R"({"safety":4,"top":["water","shelter"]})");
  EXPECT_EQ(std::get<std::string>(done.fields.at("respondent_gender")), "female");
  ASSERT_EQ(Run({"surveys", "drafts"}), 0);
  EXPECT_THAT(Out(), HasSubstr("No unfinished responses"));
  ExpectRefused({"surveys", "fill", "--draft", draft}, "already final");
  ExpectRefused({"surveys", "fill", "needs", "--draft", draft}, "give only --draft");
}

// Issue 19 item 10: an optional answer given by mistake can be cleared at
// the review ("-"), and the response is final without it.
TEST_F(CliFieldTest, AnOptionalAnswerIsClearedAtTheReview) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kForm)}), 0) << Err();
  const std::string typed =
      "1, 2\n"     // top
      "3\n"        // safety
      "помилка\n"  // a comment, by mistake
      "3\n"        // review: the comment
      "-\n"        // cleared
      "\n";        // finish
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka"}, typed), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Now: помилка. Press Enter to keep it, or type - to clear it."));
  EXPECT_THAT(Out(), HasSubstr("  3. Коментар: —\n"));
  const RecordView done = Records("survey_response")[0];
  EXPECT_EQ(std::get<std::string>(done.fields.at("state")), "final");
  EXPECT_EQ(std::get<std::string>(done.fields.at("answers")),
            R"({"safety":3,"top":["shelter","water"]})");
}

// Issue 13: "?" explains, "<" goes back, and every answer is shown for
// review, and can be changed, before the response is final.
TEST_F(CliFieldTest, FillGoesBackHelpsAndReviewsBeforeFinishing) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kForm)}), 0) << Err();
  const std::string typed =
      "<\n"     // at the first question: nowhere to go back to
      "?\n"     // help
      "1, 2\n"  // top: Укриття, Вода
      "<\n"     // back from the rating to the ranking
      "\n"      // keep Укриття, Вода
      "3\n"     // safety
      "\n"      // skip the optional comment
      "7\n"     // review: no question 7
      "2\n"     // review: change the rating
      "5\n"     // to 5
      "\n";     // finish
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka"}, typed), 0) << Err();
  EXPECT_THAT(Err(), HasSubstr("This is the first question"));
  EXPECT_THAT(Out(), HasSubstr("Type < to go back"));
  EXPECT_THAT(Out(), HasSubstr("Ctrl-C"));
  EXPECT_THAT(Out(), HasSubstr("Now: Укриття, Вода. Press Enter to keep it."));
  EXPECT_THAT(Out(),
              HasSubstr("  1. Що найпотрібніше?: Укриття, Вода\n  2. Наскільки безпечно?: 3\n"
                        "  3. Коментар: —\n"));
  EXPECT_THAT(Out(), HasSubstr("  2. Наскільки безпечно?: 5\n"));
  EXPECT_THAT(Err(), HasSubstr("Type a number from 1 to 3"));
  const RecordView done = Records("survey_response")[0];
  EXPECT_EQ(std::get<std::string>(done.fields.at("state")), "final");
  EXPECT_EQ(std::get<std::string>(done.fields.at("answers")),
            R"({"safety":5,"top":["shelter","water"]})");
}

// Reads `fd` until `text` has arrived (true) or `timeout` passes (false).
bool ReadUntil(int fd, const std::string& text, std::string* got, absl::Duration timeout) {
  const absl::Time end = absl::Now() + timeout;
  while (got->find(text) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    const int ms = static_cast<int>(absl::ToInt64Milliseconds(end - absl::Now()));
    if (ms <= 0 || poll(&p, 1, ms) <= 0) return false;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) return false;
    got->append(buf, static_cast<size_t>(n));
  }
  return true;
}

// Issue 19 item 7: a new profile's passphrase typed at a terminal (a
// pseudo-terminal here): one too short is refused at the first entry and
// asked again, and the command then goes on.
TEST(CliTerminalTest, AShortNewPassphraseIsAskedAgainAtOnce) {
  TempDir dir("hromada-tty");
  int master = -1;
  const pid_t child = forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(child, 0);
  if (child == 0) {
    unsetenv("HROMADA_PASSPHRASE");
    const std::string binary = BinaryPath("hromada"), profile = dir.Path("new.db");
    execl(binary.c_str(), binary.c_str(), "--profile", profile.c_str(), "status", nullptr);
    _exit(127);
  }
  std::string got;
  auto answer = [&](const std::string& prompt, const std::string& typed) {
    EXPECT_TRUE(ReadUntil(master, prompt, &got, absl::Seconds(20))) << got;
    got.clear();
    EXPECT_EQ(write(master, typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  };
  answer("New passphrase for this profile: ", "short\n");
  EXPECT_TRUE(ReadUntil(master, "New passphrase for this profile: ", &got, absl::Seconds(20)))
      << "asked again at once, not after a second entry: " << got;
  EXPECT_THAT(got, HasSubstr("a new passphrase needs at least 8 characters; try again."));
  EXPECT_THAT(got, Not(HasSubstr("The same passphrase again")));
  got.clear();
  EXPECT_EQ(write(master, "long enough pass\n", 17), 17);
  answer("The same passphrase again: ", "long enough pass\n");
  EXPECT_TRUE(ReadUntil(master, "changes waiting to be sent", &got, absl::Seconds(20))) << got;
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  close(master);
}

// Issue 13: Ctrl-C at the prompt of the real binary says the draft was
// kept, and where; the answers so far are in it.
TEST(CliInterruptTest, CtrlCDuringFillSaysTheDraftWasKept) {
  TempDir dir("hromada-interrupt");
  ToolOptions env;
  env.env = {{"HROMADA_PASSPHRASE", "correct horse battery"}};
  const std::vector<std::string> profile = {"--profile", dir.Path("field.db")};
  auto tool = [&](std::vector<std::string> args) {
    args.insert(args.begin(), profile.begin(), profile.end());
    absl::StatusOr<std::string> out = RunTool("hromada", args, env);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : "";
  };
  tool({"put", "community", "--id", "0190a0b0-0000-7000-8000-000000000001", "name_uk=Білозерка",
        "name_latin=Bilozerka"});
  const std::string form = dir.Path("needs.json");
  std::ofstream(form) << kForm;
  tool({"surveys", "publish", form});
  int in[2], out[2], err[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  ASSERT_EQ(pipe(err), 0);
  ChildSpec spec{
      BinaryPath("hromada"),
      {"--profile", dir.Path("field.db"), "surveys", "fill", "needs", "--community", "Bilozerka"},
      env.env,
      in[0],
      out[1],
      err[1]};
  absl::StatusOr<pid_t> pid = SpawnChild(spec);
  for (int fd : {in[0], out[1], err[1]}) close(fd);
  ASSERT_TRUE(pid.ok()) << pid.status();
  const std::string answer = "1, 2\n";
  ASSERT_EQ(write(in[1], answer.data(), answer.size()), static_cast<ssize_t>(answer.size()));
  std::string shown;
  // The second question's prompt: the first answer is saved by then.
  const bool asked = ReadUntil(out[0], "from 1 to 5.\n> ", &shown, absl::Seconds(30));
  kill(*pid, SIGINT);
  const std::optional<int> status = WaitForExit(*pid, absl::Seconds(30));
  std::string said;
  ReadUntil(err[0], "\n", &said, absl::Seconds(1));
  ReadUntil(err[0], "`\n", &said, absl::Seconds(1));
  for (int fd : {in[1], out[0], err[0]}) close(fd);
  ASSERT_TRUE(asked) << shown;
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 130) << DescribeWaitStatus(*status);
  EXPECT_THAT(said, HasSubstr("the answers so far are kept as draft "));
  EXPECT_THAT(said, HasSubstr("resume with `hromada surveys fill --draft "));
  const std::string drafts = tool({"surveys", "drafts"});
  EXPECT_THAT(drafts, HasSubstr("1 of 3 answered"));
  EXPECT_NE(said.find(drafts.substr(0, 36)), std::string::npos) << "names the draft";
}

// attachments add / list name the record as every command does (the real
// binary): by name, by id part, a meeting by its date; a name that could
// be several records of any kind exits 1 with one sentence naming them,
// and nothing is written.
TEST(CliAttachmentsTest, TheRecordIsNamedAsEveryCommandNamesOne) {
  TempDir dir("hromada-cli-attach");
  ToolOptions env;
  env.env = {{"HROMADA_PASSPHRASE", "correct horse battery"}};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--profile", dir.Path("field.db")});
    absl::StatusOr<ToolResult> r = RunToolWithResult("hromada", args, env);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ToolResult{};
  };
  auto ok = [&](const std::vector<std::string>& args) {
    ToolResult r = run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    return r.out;
  };
  ok({"put", "community", "--id", "0190a0b0-0000-7000-8000-000000000001", "name_uk=Білозерка",
      "name_latin=Bilozerka"});
  const std::string kovalenko =
      ok({"persons", "add", "--community", "Bilozerka", "Олена Коваленко"}).substr(0, 36);
  const std::string petrenko =
      ok({"persons", "add", "--community", "Bilozerka", "Олена Петренко"}).substr(0, 36);
  const std::string help = ok({"initiatives", "add", "--community", "Bilozerka", "Допомога Олені",
                               "--category", "shelter"})
                               .substr(0, 36);
  ok({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string file = dir.Path("sheet.txt");
  std::ofstream(file) << "sign-in sheet";

  ToolResult r = run({"attachments", "add", "олен", file});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.err, StartsWith("hromada: 'олен' matches 3 records: "));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  for (const std::string& id : {kovalenko, petrenko, help}) {
    EXPECT_THAT(r.err, HasSubstr(id.substr(32) + ")")) << "the end of its id";
  }
  EXPECT_THAT(r.err, HasSubstr("initiative Допомога Олені (Bilozerka, id ending "));
  EXPECT_EQ(r.out, "");
  for (const std::string& id : {kovalenko, petrenko, help}) {
    EXPECT_EQ(ok({"attachments", "list", id}), "no attachments\n") << "nothing written";
  }
  r = run({"attachments", "add", "Іван", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("No record on this device matches 'Іван'"));

  EXPECT_THAT(ok({"attachments", "add", "Олена Коваленко", file}),
              HasSubstr("to person " + kovalenko));
  EXPECT_THAT(ok({"attachments", "list", kovalenko.substr(28)}), HasSubstr("sheet.txt"));
  EXPECT_EQ(ok({"attachments", "list", petrenko.substr(28)}), "no attachments\n");
  EXPECT_THAT(ok({"attachments", "add", "2024-05-01", file}), HasSubstr("to meeting "));
  const std::string listed = ok({"attachments", "list", "#1"});
  EXPECT_THAT(listed, HasSubstr("sheet.txt"));
  // Issue 19: the file is named by the first digits `list` shows, as a
  // record is by a part of its id (the same file on two records is one).
  const std::string got = dir.Path("got.txt");
  EXPECT_THAT(ok({"attachments", "get", listed.substr(0, 6), "--output", got}),
              HasSubstr("written to " + got));
  std::ifstream in(got);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "sign-in sheet");
  r = run({"attachments", "get", "0000", "--output", got});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("No attachment on this device matches '0000'"));
  // Issue 19 item 10: status says the file waits to be sent (one content,
  // attached twice, is one file).
  EXPECT_THAT(ok({"status"}), HasSubstr("files waiting to be sent: 1 (13 B)"));
}

// An anonymous respondent's yes/no answers: --idp / --no-idp, unset when
// not asked.
TEST_F(CliFieldTest, FillTellsAnAnonymousNoFromNotAsked) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kForm)}), 0) << Err();
  const std::string answers = WriteFile("a.json", R"({"top": ["water"], "safety": 3})");
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka", "--no-idp", "--veteran",
                 "--from-json", answers}),
            0)
      << Err();
  const RecordView r = Records("survey_response")[0];
  EXPECT_EQ(std::get<bool>(r.fields.at("respondent_idp")), false);
  EXPECT_EQ(std::get<bool>(r.fields.at("respondent_veteran")), true);
  EXPECT_NE(Run({"surveys", "fill", "needs", "--community", "Bilozerka", "--idp", "--no-idp",
                 "--from-json", answers}),
            0);
  ExpectRefused({"surveys", "fill", "needs", "--respondent", "Олена", "--no-veteran"}, "not both");
}

TEST_F(CliFieldTest, FillFromJson) {
  ASSERT_EQ(Run({"surveys", "publish", WriteFile("needs.json", kForm)}), 0) << Err();
  const std::string p = Make({"persons", "add", "--community", "Bilozerka", "Олена Коваленко"});
  ExpectRefused({"surveys", "fill", "needs:1", "--community", "Bilozerka", "--from-json",
                 WriteFile("bad.json", R"({"top": ["water"], "safety": 9})")},
                "safety");
  ExpectRefused({"surveys", "fill", "needs:1", "--community", "Bilozerka", "--from-json",
                 WriteFile("part.json", R"({"top": ["water"]})")},
                "safety");
  ExpectRefused({"surveys", "fill", "needs:2", "--community", "Bilozerka"}, "Version 2 of needs");
  ExpectRefused({"surveys", "fill", "needs", "--respondent", "Олена", "--gender", "male"},
                "not both");
  EXPECT_TRUE(Records("survey_response").empty());
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka", "--respondent", "Олена",
                 "--from-json", dir_.Path("part.json"), "--keep-draft"}),
            0)
      << Err();
  EXPECT_THAT(Out(), StartsWith("Saved draft "));
  const std::string draft = Out().substr(12, 36);
  ASSERT_EQ(Run({"surveys", "fill", "--draft", draft, "--from-json",
                 WriteFile("rest.json", R"({"safety": 3})")}),
            0)
      << Err();
  const RecordView done = Records("survey_response")[0];
  EXPECT_EQ(std::get<Ref>(done.fields.at("respondent")).id, p);
  EXPECT_EQ(std::get<std::string>(done.fields.at("state")), "final");
}

TEST_F(CliFieldTest, DuplicatesMergeAndReport) {
  const std::string a = Make({"persons", "add", "--community", "Bilozerka", "Олександр Коваленко",
                              "--phone", "+380501112233", "--birth-year", "1980"});
  const std::string b = Make({"persons", "add", "--community", "Bilozerka", "Oleksandr Kovalenko",
                              "--phone", "+380501112233", "--birth-year", "1980"});
  const std::string m =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  ASSERT_EQ(Run({"attendance", "mark", m, a, b}), 0) << Err();
  ASSERT_EQ(Run({"duplicates", "--json"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr(a));
  EXPECT_THAT(Out(), HasSubstr(b));
  ExpectRefused({"duplicates", "--min-score", "2"}, "--min-score");
  ExpectRefused({"merge", a, a}, "same person record twice");
  ASSERT_EQ(Run({"merge", a, b}), 0) << Err();
  ASSERT_EQ(Run({"merge", b, a}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("already merged"));
  ASSERT_EQ(Records("person_merge").size(), 1u);
  EXPECT_EQ(Records("person_merge")[0].community_id, kCommunity);
  EXPECT_EQ(Records("person").size(), 2u) << "a merge deletes nothing";
  ASSERT_EQ(Run({"duplicates"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("No likely duplicates"));
  ASSERT_EQ(Run({"report", "--community", "Bilozerka", "--format", "json"}), 0) << Err();
  const nlohmann::json report = nlohmann::json::parse(Out());
  EXPECT_EQ(report["meetings"], 1);
  EXPECT_EQ(report["individuals"], 1) << "the merged pair is one individual";
  const std::string html = dir_.Path("report.html");
  ASSERT_EQ(Run({"report", "--format", "html", "--output", html}), 0) << Err();
  std::stringstream page;
  page << std::ifstream(html).rdbuf();
  EXPECT_THAT(page.str(), HasSubstr("data-figure=\"meetings\""));
  ExpectRefused({"report", "--format", "pdf"}, "pdf");
  ExpectRefused({"report", "--from", "2024-13-01"}, "--from");
}

// Issue 19 item 9: a device holds only the communities it syncs; a report
// on another one says so rather than printing zeros.
TEST_F(CliFieldTest, AReportOnACommunityThisDeviceDoesNotHoldSaysSo) {
  ASSERT_EQ(Run({"put", "community", "name_uk=Станіслав", "name_latin=Stanislav"}), 0) << Err();
  Enrolled(kProfile).reset();  // for Bilozerka
  ExpectRefused({"report", "--community", "Stanislav"},
                "This device holds no records of Stanislav: it syncs Bilozerka only");
  ExpectRefused({"report", "--community", "станіслав", "--format", "json"},
                "no records of станіслав");
  ASSERT_EQ(Run({"report", "--community", "Bilozerka", "--format", "json"}), 0) << Err();
}

TEST_F(CliFieldTest, ReportAsWorkbookAndExcelCsv) {
  Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string book = dir_.Path("report.xlsx");
  ASSERT_EQ(Run({"report", "--format", "xlsx", "--output", book}), 0) << Err();
  std::stringstream bytes;
  bytes << std::ifstream(book, std::ios::binary).rdbuf();
  EXPECT_TRUE(absl::StartsWith(bytes.str(), "PK\x03\x04")) << "a zip, as .xlsx files are";
  ExpectRefused({"report", "--format", "xlsx"}, "--output");
  ASSERT_EQ(Run({"report", "--format", "csv", "--bom"}), 0) << Err();
  EXPECT_TRUE(absl::StartsWith(Out(), "\xEF\xBB\xBFsummary\r\n")) << Out();
}

// Issue 13: after a merge, either record shows the other and the meetings
// of both, each once.
TEST_F(CliFieldTest, ShowAfterAMergeShowsTheTwinAndAllMeetings) {
  const std::string a = Make({"persons", "add", "--community", "Bilozerka", "Олександр Коваленко"});
  const std::string b = Make({"persons", "add", "--community", "Bilozerka", "Oleksandr Kovalenko"});
  const std::string c = Make({"persons", "add", "--community", "Bilozerka", "Сашко Коваленко"});
  const std::string m1 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  const std::string m2 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-06-01"});
  const std::string m3 =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-07-01"});
  ASSERT_EQ(Run({"attendance", "mark", m1, a, b}), 0) << Err();
  ASSERT_EQ(Run({"attendance", "mark", m2, b}), 0) << Err();
  ASSERT_EQ(Run({"attendance", "mark", m3, c}), 0) << Err();
  ASSERT_EQ(Run({"persons", "show", a}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("meetings attended: 1\n"));
  EXPECT_THAT(Out(), Not(HasSubstr("same person as")));
  ASSERT_EQ(Run({"merge", a, b}), 0) << Err();
  ASSERT_EQ(Run({"merge", c, b}), 0) << Err();  // a chain: c = b = a
  ASSERT_EQ(Run({"persons", "show", a}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("same person as: Oleksandr Kovalenko  " + b));
  EXPECT_THAT(Out(), HasSubstr("same person as: Сашко Коваленко  " + c));
  EXPECT_THAT(Out(), HasSubstr("meetings attended: 3 (with the merged records)\n"));
  const std::string text = Out();
  EXPECT_LT(text.find(m1), text.find(m2));
  EXPECT_LT(text.find(m2), text.find(m3));
  ASSERT_EQ(Run({"persons", "show", c, "--json"}), 0) << Err();
  const nlohmann::json j = nlohmann::json::parse(Out());
  EXPECT_EQ(j["same_as"].size(), 2u);
  EXPECT_EQ(j["meetings"].size(), 3u) << "m1 once, though both a and b were marked";
}

// Issue 13: a yes/no question is yes, no, or not asked; reports count "no"
// apart from "not asked".
TEST_F(CliFieldTest, YesNoQuestionsAreYesNoOrNotAsked) {
  const std::string a = Make(
      {"persons", "add", "--community", "Bilozerka", "Олена Шевченко", "--no-idp", "--veteran"});
  const std::string b =
      Make({"persons", "add", "--community", "Bilozerka", "Іван Бондар", "--idp"});
  const std::string c = Make({"persons", "add", "--community", "Bilozerka", "Марія Коваль"});
  std::map<std::string, RecordView> by_id;
  for (const RecordView& p : Records("person")) by_id[p.id] = p;
  EXPECT_EQ(std::get<bool>(by_id[a].fields.at("idp")), false) << "stored as false";
  EXPECT_EQ(std::get<bool>(by_id[a].fields.at("veteran")), true);
  EXPECT_EQ(by_id[a].fields.count("disability"), 0u) << "not asked: absent";
  EXPECT_EQ(std::get<bool>(by_id[b].fields.at("idp")), true);
  EXPECT_EQ(by_id[c].fields.count("idp"), 0u);
  ASSERT_EQ(Run({"persons", "show", a}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("idp: no\n"));
  ASSERT_EQ(Run({"persons", "edit", c, "--no-veteran", "--youth"}), 0) << Err();
  ASSERT_EQ(Run({"persons", "show", c}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("veteran: no\n"));
  EXPECT_THAT(Out(), HasSubstr("youth: yes\n"));
  EXPECT_THAT(Out(), Not(HasSubstr("idp:")));
  EXPECT_NE(Run({"persons", "edit", c, "--idp", "--no-idp"}), 0) << "both at once is refused";
  const std::string m =
      Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01"});
  ASSERT_EQ(Run({"attendance", "mark", m, a, b, c}), 0) << Err();
  ASSERT_EQ(Run({"report", "--format", "json", "--to", "2024-05-31"}), 0) << Err();
  const nlohmann::json report = nlohmann::json::parse(Out());
  std::map<std::string, int64_t> idp;
  for (const auto& b : report["breakdowns"]) {
    if (b["name"] != "idp") continue;
    for (const auto& row : b["rows"]) idp[row["key"]] = row["count"];
  }
  EXPECT_EQ(idp, (std::map<std::string, int64_t>{{"no", 1}, {"unknown", 1}, {"yes", 1}}));
  ASSERT_EQ(Run({"report", "--lang", "en", "--to", "2024-05-31"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Not asked"));
  EXPECT_THAT(Out(), HasSubstr("No "));
}

// Issue 13: the report says "Жінки", not "female", in Ukrainian unless
// asked for English, lists initiatives, and says who prepared it.
TEST_F(CliFieldTest, ReportInPeoplesWords) {
  Make({"persons", "add", "--community", "Bilozerka", "Олена Шевченко", "--gender", "female",
        "--org-kind", "emergency_service"});
  const std::string m = Make({"meetings", "new", "--community", "Bilozerka", "--date", "2024-05-01",
                              "--format", "in_person"});
  ASSERT_EQ(Run({"attendance", "mark", m, "Олена"}), 0) << Err();
  ASSERT_EQ(Run({"initiatives", "add", "--community", "Bilozerka", "Укриття біля школи", "--date",
                 "2024-05-02"}),
            0)
      << Err();
  ASSERT_EQ(Run({"report", "--prepared-by", "Оксана", "--to", "2024-05-12"}), 0) << Err();
  for (const char* text : {"Жінки", "Рятувальна служба", "Очно", "Укриття біля школи",
                           "Запропоновано", "Підготовлено: Оксана, "}) {
    EXPECT_THAT(Out(), HasSubstr(text));
  }
  for (const char* code : {"female", "emergency_service", "in_person"}) {
    EXPECT_THAT(Out(), Not(HasSubstr(code)));
  }
  ASSERT_EQ(Run({"report", "--lang", "en", "--format", "html", "--to", "2024-05-12"}), 0) << Err();
  for (const char* text :
       {"Women", "Emergency service", "In person", "Proposed", "Prepared by: "}) {
    EXPECT_THAT(Out(), HasSubstr(text));
  }
  ExpectRefused({"report", "--lang", "de"}, "uk or en");
}

}  // namespace
}  // namespace hromada::test
