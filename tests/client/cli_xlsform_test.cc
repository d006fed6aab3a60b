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

// A workbook written the way people write them, which pyxform reads:
// sheet and column names in any case, "label:English", "list name", "select
// one", groups, notes, calculations, hints, names with capitals, a Kobo
// version string and no settings sheet. It publishes, with one note line
// for each thing left out, and its names become the model's ids.
TEST_F(CliXlsFormTest, AWorkbookAsPyxformReadsItPublishes) {
  const Rows survey = {
      {"Type", "Name", "Label:English", "Hint", "Appearance", "Relevant", "Required"},
      {"begin group", "about", "About you"},
      {"select one Kind", "Q_Kind", "Resident or IDP?", "Pick one", "minimal", "", "yes"},
      {"note", "intro", "Thank you for your time"},
      {"text", "Since", "Since when?\nYear", "", "", "${Q_Kind} = 'IDP'"},
      {"end group"},
      {"calculate", "score"},
      {"integer", "adults", "Adults in the household", "", "", "${adults} > 3 and 1", "yes"},
      {"geopoint", "where", "Where?"}};
  const Rows choices = {{"List Name", "Name", "Label:English"},
                        {"Kind", "Resident", "Resident"},
                        {"Kind", "IDP", "IDP"}};
  const std::string book = Workbook("Needs-Kobo.xlsx", {{"SURVEY", survey}, {"Choices", choices}});
  ASSERT_EQ(Run({"surveys", "publish", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("Published needs-kobo version 1 (3 questions)"));
  EXPECT_THAT(Out(), HasSubstr("Note: SURVEY sheet: the column \"hint\" is not kept"));
  EXPECT_THAT(Out(), HasSubstr("the note \"intro\" is left out"));
  EXPECT_THAT(Out(), HasSubstr("the calculate \"score\" is left out"));
  EXPECT_THAT(Out(), HasSubstr("the condition \"${adults} > 3 and 1\" cannot be held"));
  std::unique_ptr<Client> client = Open(kProfile);
  ASSERT_NE(client, nullptr);
  std::vector<RecordView> forms = *client->List("survey");
  ASSERT_EQ(forms.size(), 1u);
  const nlohmann::json questions =
      nlohmann::json::parse(std::get<std::string>(forms[0].fields.at("questions")));
  ASSERT_EQ(questions.size(), 3u);
  EXPECT_EQ(questions[0]["id"], "q_kind");
  EXPECT_EQ(questions[0]["options"][1]["id"], "idp");
  EXPECT_EQ(questions[1]["text"], "Since when? Year") << "one line";
  EXPECT_EQ(questions[1]["relevant"], nlohmann::json({{"question", "q_kind"}, {"chosen", "idp"}}));
  EXPECT_EQ(questions[2]["required"], false) << "its condition could not be held";
  client.reset();

  // The same workbook again: nothing new. A Kobo version string and a
  // change: the next version.
  ASSERT_EQ(Run({"surveys", "publish", book}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("already published as version 1"));
  Rows changed = survey;
  changed[2][2] = "Resident or displaced?";
  const std::string kobo =
      Workbook("needs-kobo.xlsx",
               {{"survey", changed},
                {"choices", choices},
                {"settings", {{"version", "form_id"}, {"vT6CzZdSmJJvyeX", "needs-kobo"}}}});
  ASSERT_EQ(Run({"surveys", "publish", kobo}), 0) << Err();
  EXPECT_THAT(Out(), HasSubstr("the workbook's version \"vT6CzZdSmJJvyeX\" is not a whole number"));
  EXPECT_THAT(Out(), HasSubstr("Published needs-kobo version 2"));
}

// What the form model cannot hold is refused with the sheet and row and
// what to do; nothing is published.
TEST_F(CliXlsFormTest, WhatTheModelCannotHoldIsRefusedBySheetAndRow) {
  Rows repeat = kSurvey;
  repeat.insert(repeat.begin() + 3, {"begin repeat", "members", "Members"});
  ExpectNotPublished(
      Workbook("repeat.xlsx", {{"survey", repeat}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 4, column A (type): \"begin repeat\" cannot be held by a hromada form: "
      "make a form for one item and fill it once per item");
  Rows from_file = kSurvey;
  from_file[2][0] = "select_one_from_file places.csv";
  ExpectNotPublished(
      Workbook("file.xlsx",
               {{"survey", from_file}, {"choices", kChoices}, {"settings", kSettings}}),
      "put its choices on the choices sheet");
  Rows unknown_list = kSurvey;
  unknown_list[2][0] = "select_one kinds";
  ExpectNotPublished(
      Workbook("list.xlsx",
               {{"survey", unknown_list}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 3, column A (type): no list \"kinds\" on the choices sheet");
  Rows unknown_type = kSurvey;
  unknown_type[9][0] = "textX";
  ExpectNotPublished(
      Workbook("type.xlsx",
               {{"survey", unknown_type}, {"choices", kChoices}, {"settings", kSettings}}),
      "Survey sheet, row 10, column A (type): \"textX\" is not supported");
  const Rows only_notes = {{"type", "name", "label"}, {"note", "hello", "Hello"}};
  ExpectNotPublished(Workbook("notes.xlsx", {{"survey", only_notes}}),
                     "Survey sheet: no question a hromada form can hold");
  ExpectNotPublished(Workbook("no_survey.xlsx", {{"choices", kChoices}, {"settings", kSettings}}),
                     "The workbook has no sheet named survey");
  const std::string not_zip = dir_.Path("text.xlsx");
  std::ofstream(not_zip) << "type,name\n";
  ExpectNotPublished(not_zip, "not an .xlsx file");
}

}  // namespace
}  // namespace hromada::test
