// `hromada surveys publish FORM.xlsx`: an XLSForm workbook written as a
// spreadsheet program writes it (libxlsxwriter), published by a network
// coordinator's CLI, synced, listed and filled on a field device; and what
// the reader refuses, named by sheet, row and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "client/cli/commands.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "tests/client/cli_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

using Rows = std::vector<std::vector<std::string>>;
using Sheets = std::vector<std::pair<std::string, Rows>>;

// Writes `sheets` as an .xlsx; cells that read as numbers are written as
// numbers. `constant_memory` makes libxlsxwriter write inline strings
// instead of shared ones, as some programs do.
void WriteWorkbook(const std::string& path, const Sheets& sheets, bool constant_memory) {
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  ASSERT_NE(book, nullptr);
  for (const auto& [name, rows] : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        const std::string& cell = rows[r][c];
        double number = 0;
        if (cell.empty()) continue;
        if (absl::SimpleAtod(cell, &number) && cell.find(' ') == std::string::npos) {
          worksheet_write_number(sheet, r, c, number, nullptr);
        } else {
          worksheet_write_string(sheet, r, c, cell.c_str(), nullptr);
        }
      }
    }
  }
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
}

const Rows kSurvey = {
    {"type", "name", "label::English (en)", "label::Українська (uk)", "required", "constraint"},
    {"start", "start"},
    {"select_one kind", "kind", "Resident or IDP?", "Ви мешканець чи ВПО?", "yes"},
    {"select_multiple services", "services", "Which services are missing?", "Яких послуг бракує?"},
    {"rank needs", "top", "What is needed most?", "Що найпотрібніше?", "TRUE"},
    {},
    {"integer", "households", "How many households?", "Скільки домогосподарств?", "1",
     ". >= 0 and . <= 1000"},
    {"decimal", "area", "Area, ha", "Площа, га", "no"},
    {"date", "visited", "Date of the visit", "Дата візиту"},
    {"text", "comment", "Comment"}};

const Rows kChoices = {{"list_name", "name", "label"},
                       {"kind", "resident", "Мешканець"},
                       {"kind", "idp", "ВПО"},
                       {"services", "medical", "Медицина"},
                       {"services", "transport", "Транспорт"},
                       {"needs", "shelter", "Укриття"},
                       {"needs", "water", "Вода"},
                       {"needs", "jobs", "Робота"}};

const Rows kSettings = {{"form_title", "form_id", "version"}, {"Потреби громади", "needs", "3"}};

class CliXlsFormTest : public CliTest {
 protected:
  std::string Workbook(const std::string& name, const Sheets& sheets,
                       bool constant_memory = false) {
    const std::string path = dir_.Path(name);
    WriteWorkbook(path, sheets, constant_memory);
    return path;
  }

  // Publishing `path` is refused with one line naming `part`, and no form
  // is published.
  void ExpectNotPublished(const std::string& path, const std::string& part) {
    ExpectRefused({"surveys", "publish", path}, part);
    std::unique_ptr<Client> client = Open(kProfile);
    ASSERT_NE(client, nullptr);
    EXPECT_TRUE(client->List("survey")->empty());
  }

  void PutCommunityOnServer() {
    v1::Record community;
    community.set_kind("community");
    community.set_id(community_bytes_);
    community.set_hlc(HlcPack(kT0 - 1000, 0));
    for (const auto& [name, text] : {std::pair<const char*, const char*>{"name_latin", "Bilozerka"},
                                     {"name_uk", "Білозерка"}}) {
      v1::Field* f = community.add_fields();
      f->set_name(name);
      f->mutable_value()->set_text(text);
    }
    StampChange(std::string(16, '\x01'), &community);
    server_.PutRecord(community);
  }
};

TEST_F(CliXlsFormTest, CoordinatorPublishesAndAFieldDeviceListsAndFills) {
  PutCommunityOnServer();
  server_.AddCode("coord", {community_bytes_}, v1::ROLE_NETWORK_COORDINATOR);
  server_.AddCode("field", {community_bytes_}, v1::ROLE_FIELD);
  ASSERT_EQ(RunOn(dir_.Path("coord.db"), {"enrol", "--server", "http://fake:1", "--code", "coord"}),
            0)
      << Err();
  const std::string book =
      Workbook("Needs.XLSX", {{"survey", kSurvey}, {"choices", kChoices}, {"settings", kSettings}});
  ASSERT_EQ(RunOn(dir_.Path("coord.db"), {"surveys", "publish", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Published needs version 3 (7 questions)"));
  ASSERT_EQ(RunOn(dir_.Path("coord.db"), {"surveys", "publish", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("nothing to do"));
  ASSERT_EQ(RunOn(dir_.Path("coord.db"), {"sync"}), 0) << Err();

  ASSERT_EQ(Run({"enrol", "--server", "http://fake:1", "--code", "field"}), 0) << Err();
  ASSERT_EQ(Run({"sync"}), 0) << Err();
  ASSERT_EQ(Run({"surveys", "list"}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("needs  version 3  Потреби громади  7 questions"));
  const std::string typed =
      "2\n"           // kind: ВПО
      "1, 2\n"        // services
      "2, 1\n"        // top: Вода, Укриття
      "12\n"          // households
      "1.5\n"         // area
      "2026-11-25\n"  // visited
      "\n"            // comment: skipped
      "\n";           // review: finish
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka"}, typed), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Ви мешканець чи ВПО?\n  1. Мешканець\n  2. ВПО\n"))
      << "Ukrainian labels come first";
  EXPECT_THAT(Out(), HasSubstr("Дата візиту (YYYY-MM-DD)"));
  EXPECT_THAT(Out(), HasSubstr("Type a number from 0 to 1000"));
  std::unique_ptr<Client> field = Open(kProfile);
  ASSERT_NE(field, nullptr);
  std::vector<RecordView> responses = *field->List("survey_response");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(std::get<std::string>(responses[0].fields.at("state")), "final");
  const nlohmann::json answers =
      nlohmann::json::parse(std::get<std::string>(responses[0].fields.at("answers")));
  EXPECT_EQ(answers["kind"], "idp");
  EXPECT_EQ(answers["services"], nlohmann::json({"medical", "transport"}));
  EXPECT_EQ(answers["top"], nlohmann::json({"water", "shelter"}));
  EXPECT_EQ(answers["households"], 12);
  EXPECT_EQ(answers["area"], 1.5);
  EXPECT_EQ(answers["visited"], "2026-11-25");
  EXPECT_FALSE(answers.contains("comment"));
}

TEST_F(CliXlsFormTest, InlineStringsReadAsSharedOnes) {
  const std::string book =
      Workbook("inline.xlsx", {{"survey", kSurvey}, {"choices", kChoices}, {"settings", kSettings}},
               /*constant_memory=*/true);
  ASSERT_EQ(Run({"surveys", "publish", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Published needs version 3 (7 questions)"));
}

// Issue 13: simple `relevant` conditions, honoured by interactive fill,
// also when an answer changed at the review makes a question relevant.
TEST_F(CliXlsFormTest, FillHonoursRelevant) {
  Rows survey = kSurvey;
  survey[0].push_back("relevant");
  survey[3].resize(7);
  survey[3][6] = "selected(${kind}, 'idp')";
  survey[6].resize(7);
  survey[6][6] = "${kind} = \"idp\"";  // required, but only when asked
  const std::string book = Workbook(
      "relevant.xlsx", {{"survey", survey}, {"choices", kChoices}, {"settings", kSettings}});
  ASSERT_EQ(
      Run({"put", "community", "--id", kCommunity, "name_uk=Білозерка", "name_latin=Bilozerka"}), 0)
      << Err();
  ASSERT_EQ(Run({"surveys", "publish", book}), 0) << Err();
  const std::string typed =
      "1\n"           // kind: Мешканець
      "2, 1\n"        // top
      "1.5\n"         // area
      "2026-11-25\n"  // visited
      "\n"            // comment: skipped
      "1\n"           // review: change kind
      "2\n"           // to ВПО: services and households are asked now
      "1\n"           // services
      "7\n"           // households
      "\n";           // finish
  ASSERT_EQ(Run({"surveys", "fill", "needs", "--community", "Bilozerka"}, typed), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("  2. Яких послуг бракує?: not asked\n"));
  EXPECT_THAT(Out(), HasSubstr("  2. Яких послуг бракує?: Медицина\n"));
  std::unique_ptr<Client> client = Open(kProfile);
  ASSERT_NE(client, nullptr);
  std::vector<RecordView> responses = *client->List("survey_response");
  ASSERT_EQ(responses.size(), 1u);
  const nlohmann::json answers =
      nlohmann::json::parse(std::get<std::string>(responses[0].fields.at("answers")));
  EXPECT_EQ(answers["kind"], "idp");
  EXPECT_EQ(answers["services"], nlohmann::json({"medical"}));
  EXPECT_EQ(answers["households"], 7);
}

TEST_F(CliXlsFormTest, RefusalsNameTheSheetRowAndColumn) {
  Rows group = kSurvey;
  group.insert(group.begin() + 3, {"begin_group", "g1", "Група"});
  ExpectNotPublished(
      Workbook("group.xlsx", {{"survey", group}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 4, column A (type): \"begin_group\" is not supported");
  Rows relevant = kSurvey;
  relevant[0].push_back("relevant");
  relevant[4].resize(7);
  relevant[4][6] = "${kind} != 'idp'";
  ExpectNotPublished(
      Workbook("relevant.xlsx",
               {{"survey", relevant}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 5, column G (relevant): only ${question} = 'option' and "
      "selected(${question}, 'option') are supported");
  relevant[4][6] = "${comment} = 'x'";
  ExpectNotPublished(
      Workbook("relevant2.xlsx",
               {{"survey", relevant}, {"choices", kChoices}, {"settings", kSettings}}),
      "Question \"top\": \"relevant\" must name an earlier question, not \"comment\"");
  Rows hint = kSurvey;
  hint[0].push_back("hint");
  hint[9].resize(7);
  hint[9][6] = "Будь-що";
  ExpectNotPublished(
      Workbook("hint.xlsx", {{"survey", hint}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 10, column G (hint): the column \"hint\" is not supported");
  Rows unknown_list = kSurvey;
  unknown_list[2][0] = "select_one kinds";
  ExpectNotPublished(
      Workbook("list.xlsx",
               {{"survey", unknown_list}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 3, column A (type): no list \"kinds\" on the choices sheet");
  Rows constraint = kSurvey;
  constraint[6][5] = ". > 0";
  ExpectNotPublished(
      Workbook("constraint.xlsx",
               {{"survey", constraint}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 7, column F (constraint)");
  Rows choices = kChoices;
  choices[2][1] = "IDP";
  ExpectNotPublished(Workbook("choices.xlsx",
                              {{"survey", kSurvey}, {"choices", choices}, {"settings", kSettings}}),
                     "Choices sheet, row 3, column B (name): the choice name \"IDP\"");
  ExpectNotPublished(Workbook("version.xlsx", {{"survey", kSurvey},
                                               {"choices", kChoices},
                                               {"settings", {kSettings[0], {"T", "needs", "v2"}}}}),
                     "Settings sheet, row 2, column C (version)");
  ExpectNotPublished(Workbook("no_survey.xlsx", {{"choices", kChoices}, {"settings", kSettings}}),
                     "The workbook has no survey sheet");
  const std::string not_zip = dir_.Path("text.xlsx");
  std::ofstream(not_zip) << "type,name\n";
  ExpectNotPublished(not_zip, "not an .xlsx file");
}

}  // namespace
}  // namespace hromada::test
