// `hromada import persons`: a participant list as coordinators keep it
// (Ukrainian headers, a semicolon CSV from Excel, or a workbook with the
// name in three columns), first as a dry run that writes nothing, then for
// real; a second import of the same file creates nothing, a near-duplicate
// of a person already here is listed and not doubled, and a bad row is
// refused with its number while the others come in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "tests/client/cli_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char kList[] =
    "\xEF\xBB\xBFПІБ;Телефон;Рік народження;ВПО;Стать;Посада\r\n"
    "Коваленко Олена Петрівна;+380 67 123 45 67;1985;так;жінка;секретарка\r\n"
    "Шевченко Кирило;;12.03.1990;ні;чоловік;\r\n"
    "Шевченко Кирило;;1990;;;\r\n"
    "Петренко Іван;;19х5;;;\r\n"
    "Коваленко Саша;0501112233;;;;\r\n"
    ";;;;;\r\n"
    "\"Бондар, Марія\";;2001;так;;\"голова \"\"ОСББ\"\"\"\r\n";

class CliImportTest : public CliTest {
 protected:
  size_t Persons() {
    std::unique_ptr<Client> client = Open(kProfile);
    return client == nullptr ? 0 : client->List("person")->size();
  }
};

TEST_F(CliImportTest, AListWithUkrainianHeadersComesInOnceAfterADryRun) {
  ASSERT_EQ(Run({"persons", "add", "Олександр", "Коваленко", "--phone", "050 111 22 33",
                 "--community", kCommunity}),
            0)
      << Err();
  const std::string list = WriteFile("учасники.csv", kList);

  ASSERT_EQ(Run({"import", "persons", list, "--community", kCommunity, "--dry-run"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Note: the column \"Посада\" is not imported"));
  EXPECT_THAT(Out(), HasSubstr("Row 2: new: Коваленко Олена Петрівна"));
  EXPECT_THAT(Out(), HasSubstr("Row 3: new: Шевченко Кирило"));
  EXPECT_THAT(Out(), HasSubstr("Row 4: the same as row 3"));
  EXPECT_THAT(Out(), HasSubstr("Row 5: refused: 'birth_year' must be a whole number"));
  EXPECT_THAT(Out(), HasSubstr("Row 6: looks like Олександр Коваленко"));
  EXPECT_THAT(Out(), HasSubstr("Row 8: new: Бондар, Марія"));
  EXPECT_THAT(Out(), HasSubstr("Dry run: 3 would be created, 0 already here, 1 repeated in the "
                               "file, 1 like an existing person, 1 refused. Nothing was written."));
  EXPECT_EQ(Persons(), 1u) << "a dry run writes nothing";

  ASSERT_EQ(Run({"import", "persons", list, "--community", kCommunity}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Imported: 3 created, 0 already here, 1 repeated in the file, 1 "
                               "like an existing person, 1 refused."));
  EXPECT_EQ(Persons(), 4u);
  ASSERT_EQ(Run({"persons", "find", "Коваленко Олена", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"phone\": \"+380 67 123 45 67\""));
  EXPECT_THAT(Out(), HasSubstr("\"idp\": true"));
  EXPECT_THAT(Out(), HasSubstr("\"gender\": \"female\""));
  ASSERT_EQ(Run({"persons", "find", "Шевченко", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"birth_year\": 1990")) << "the year of a date of birth";

  ASSERT_EQ(Run({"import", "persons", list, "--community", kCommunity}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Imported: 0 created, 4 already here"));
  EXPECT_EQ(Persons(), 4u) << "a second import creates nothing";

  ASSERT_EQ(Run({"import", "persons", list, "--community", kCommunity, "--also-similar"}), 0);
  EXPECT_THAT(Out(), HasSubstr("Row 6: created: Коваленко Саша"));
  EXPECT_EQ(Persons(), 5u);
}

TEST_F(CliImportTest, AWorkbookWithTheNameInThreeColumnsAndAMappedColumn) {
  const std::string path = dir_.Path("list.xlsx");
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Учасники");
  const std::vector<std::vector<std::string>> rows = {
      {"Прізвище", "Ім'я", "По батькові", "Мобільний"},
      {"Ткаченко", "Ганна", "Іванівна", "0671234567"},
      {"Мельник", "Петро", "", ""}};
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (!rows[r][c].empty()) worksheet_write_string(sheet, r, c, rows[r][c].c_str(), nullptr);
    }
  }
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  ASSERT_EQ(Run({"import", "persons", path, "--community", kCommunity, "--map", "Мобільний=phone"}),
            0)
      << Err();
  EXPECT_THAT(Out(), HasSubstr("Row 2: created: Ткаченко Ганна Іванівна"));
  EXPECT_THAT(Out(), Not(HasSubstr("is not imported")));
  ASSERT_EQ(Run({"persons", "find", "Ткаченко", "--json"}), 0);
  EXPECT_THAT(Out(), HasSubstr("\"phone\": \"0671234567\""));
  EXPECT_EQ(Persons(), 2u);
}

TEST_F(CliImportTest, AFileWithoutANameColumnIsRefusedInOneSentence) {
  const std::string list = WriteFile("phones.csv", "Телефон,Громада\n0671234567,Bilozerka\n");
  ExpectRefused({"import", "persons", list, "--community", kCommunity},
                "o column of names: name one ПІБ, Прізвище or full name");
  ExpectRefused({"import", "persons", dir_.Path("missing.csv")}, "annot read");
  EXPECT_EQ(Persons(), 0u);
}

// Sign-in sheets: a long table of date, community and name (two meetings),
// then a workbook of one sheet a meeting with the date as its name and the
// community above the names. Meetings are found or made by day; a name that
// is nobody here is listed and added only with --add-missing; a second
// import marks nobody twice.
TEST_F(CliImportTest, SignInSheetsMarkAttendanceOnceAtTheirMeetings) {
  ASSERT_EQ(Run({"persons", "add", "Олена", "Коваль", "--community", kCommunity}), 0) << Err();
  ASSERT_EQ(Run({"persons", "add", "Іван", "Петренко", "--community", kCommunity}), 0) << Err();
  const std::string table =
      WriteFile("sign-in.csv",
                "Дата,ПІБ\n01.05.2024,Коваль Олена\n01.05.2024,Іван Петренко\n"
                "15.05.2024,Олена Коваль\n15.05.2024,Марта Нова\n");
  ASSERT_EQ(Run({"import", "attendance", table, "--community", kCommunity, "--dry-run"}), 0)
      << Err();
  EXPECT_THAT(Out(), HasSubstr("The meeting of 2024-05-01 is new: it would be added."));
  EXPECT_THAT(Out(), HasSubstr("Row 5: "));
  EXPECT_THAT(Out(), HasSubstr("(--add-missing adds them)"));
  EXPECT_THAT(Out(), HasSubstr("Nothing was written."));
  std::unique_ptr<Client> client = Open(kProfile);
  ASSERT_NE(client, nullptr);
  EXPECT_TRUE(client->List("meeting")->empty()) << "a dry run writes nothing";
  client.reset();

  ASSERT_EQ(Run({"import", "attendance", table, "--community", kCommunity, "--add-missing"}), 0)
      << Err();
  EXPECT_THAT(Out(), HasSubstr("Imported: 4 marked at 2 meetings (2 new), 0 already marked, 1 new "
                               "persons, 0 not known here, 0 refused."));
  ASSERT_EQ(Run({"import", "attendance", table, "--community", kCommunity}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Imported: 0 marked at 2 meetings (0 new), 4 already marked"));

  const std::string book = dir_.Path("meetings.xlsx");
  lxw_workbook* wb = workbook_new(book.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(wb, "01.05.2024");
  const std::string where = std::string("Громада: ") + kCommunity;
  worksheet_write_string(sheet, 0, 0, where.c_str(), nullptr);
  worksheet_write_string(sheet, 2, 0, "№", nullptr);
  worksheet_write_string(sheet, 2, 1, "Прізвище, ім'я, по батькові", nullptr);
  worksheet_write_string(sheet, 3, 1, "Петренко Іван", nullptr);
  worksheet_write_string(sheet, 4, 1, "Марта Нова", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  ASSERT_EQ(Run({"import", "attendance", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Imported: 1 marked at 1 meeting (0 new), 1 already marked"));
  client = Open(kProfile);
  EXPECT_EQ(client->List("meeting")->size(), 2u);
  EXPECT_EQ(client->List("attendance")->size(), 5u);
}

}  // namespace
}  // namespace hromada::test
