// Tests of survey forms and answers (shared/forms/survey.h): a form reads the
// same from JSON and YAML, every bad form is refused naming what is wrong,
// answers of every type are checked, and each version keeps its own id.
#include "shared/forms/survey.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "tests/support/sample_form.h"

namespace hromada {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kFormJson = test::kNeedsFormJson;
constexpr const char* kFormYaml = test::kNeedsFormYaml;

SurveyForm Good() {
  absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(kFormJson);
  EXPECT_TRUE(form.ok()) << form.status();
  return *form;
}

const Question& Q(const SurveyForm& form, const std::string& id) {
  const Question* q = form.Find(id);
  EXPECT_NE(q, nullptr) << id;
  return *q;
}

// The good form with `edit` applied, as JSON text.
std::string Edited(const std::function<void(json&)>& edit) {
  json doc = json::parse(kFormJson);
  edit(doc);
  return doc.dump();
}

void ExpectRefused(const absl::StatusOr<SurveyForm>& form, const std::string& message) {
  ASSERT_FALSE(form.ok()) << "expected: " << message;
  EXPECT_EQ(form.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(form.status().message()), HasSubstr(message));
}

TEST(SurveyFormTest, ReadsEveryQuestionType) {
  SurveyForm form = Good();
  EXPECT_EQ(form.form, "needs");
  EXPECT_EQ(form.version, 2);
  EXPECT_EQ(form.title, "Потреби громади");
  ASSERT_EQ(form.questions.size(), 6u);
  EXPECT_EQ(Q(form, "top_needs").type, QuestionType::kRanking);
  EXPECT_TRUE(Q(form, "top_needs").required);
  EXPECT_EQ(Q(form, "top_needs").FindOption("water")->label, "Вода");
  EXPECT_EQ(Q(form, "safety").min, 1) << "a rating is 1..5 unless told";
  EXPECT_EQ(Q(form, "safety").max, 5);
  EXPECT_FALSE(Q(form, "safety").required);
  EXPECT_EQ(Q(form, "services").max_choices, 2);
  EXPECT_EQ(Q(form, "kind").type, QuestionType::kSingleChoice);
  EXPECT_EQ(Q(form, "households").max, 1000);
  EXPECT_EQ(Q(form, "comment").max_length, 20);
  EXPECT_EQ(form.Find("nope"), nullptr);
}

TEST(SurveyFormTest, JsonAndYamlOfOneFormGiveTheSameBytes) {
  absl::StatusOr<SurveyForm> yaml = ParseSurveyFormYaml(kFormYaml);
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  SurveyForm json_form = Good();
  EXPECT_EQ(QuestionsToJson(*yaml), QuestionsToJson(json_form));
  EXPECT_EQ(yaml->title, json_form.title);
  EXPECT_EQ(yaml->form, json_form.form);
  EXPECT_EQ(yaml->version, json_form.version);
}

TEST(SurveyFormTest, CanonicalJsonHasFixedOrderAndDefaults) {
  absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(R"({"questions": [
      {"text": "Безпечно?", "type": "rating", "id": "safety"}],
      "title": "T", "version": 1, "form": "f"})");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(QuestionsToJson(*form),
            R"([{"id":"safety","type":"rating","text":"Безпечно?","required":false,)"
            R"("min":1,"max":5}])");
}

TEST(SurveyFormTest, QuestionsRoundTripThroughTheirJson) {
  SurveyForm form = Good();
  const std::string canonical = QuestionsToJson(form);
  absl::StatusOr<std::vector<Question>> back = QuestionsFromJson(canonical);
  ASSERT_TRUE(back.ok()) << back.status();
  SurveyForm again = form;
  again.questions = *back;
  EXPECT_EQ(QuestionsToJson(again), canonical);
  EXPECT_EQ(again.questions[3].options[1].label, "ВПО");
}

TEST(SurveyFormTest, NormalisesTexts) {
  const std::string decomposed = "Чи до\xD0\xB8\xCC\x86\xD0\xB4\xD0\xB5 автобус? ";  // и + ̆
  absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(Edited([&](json& d) {
    d["questions"][1]["text"] = decomposed;
    d["questions"][3]["options"][0]["label"] = "\tМешканець  ";
  }));
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(form->questions[1].text, "Чи дойде автобус?");
  EXPECT_EQ(form->questions[3].options[0].label, "Мешканець");
}

TEST(SurveyFormTest, YamlPlainWordsStayText) {
  // YAML 1.1 reads `no` as false; an option id `no` must stay "no".
  absl::StatusOr<SurveyForm> form = ParseSurveyFormYaml(R"(
form: shelter-check
version: 1
title: Укриття
questions:
  - id: has_shelter
    type: single_choice
    text: Є укриття?
    options:
      - {id: yes, label: Так}
      - {id: no, label: Ні}
)");
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_NE(form->questions[0].FindOption("no"), nullptr);
  EXPECT_NE(form->questions[0].FindOption("yes"), nullptr);
}

TEST(SurveyFormTest, RefusesBadFormFields) {
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["form"] = "Needs 2024"; })),
                "\"form\" must be a key");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d.erase("form"); })),
                "\"form\" must be a key");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["version"] = 0; })),
                "\"version\" must be a whole number from 1");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["version"] = "2"; })),
                "\"version\" must be a whole number from 1");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["title"] = "  "; })),
                "the form: \"title\" is empty");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["questions"] = json::array(); })),
                "non-empty list of \"questions\"");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["titel"] = "x"; })),
                "the form: unknown key \"titel\"");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) { d["title"] = "\x1b]0;pwned\x07"; })),
                "the form: \"title\" holds a control character");
  ExpectRefused(ParseSurveyFormJson(
                    Edited([](json& d) { d["questions"][0]["text"] = "Що\nнайпотрібніше?"; })),
                "\"text\" holds a control character");
  ExpectRefused(ParseSurveyFormJson(Edited([](json& d) {
                  d["questions"][0]["options"][0]["label"] =
                      "\u009b"
                      "31mУкриття";
                })),
                "\"label\" holds a control character");
  ExpectRefused(ParseSurveyFormJson("{\"form\": "), "the form is not valid JSON");
  ExpectRefused(ParseSurveyFormJson("[1, 2]"), "a form must be an object");
}

// A form file's JSON escapes decode to the characters they name, and the
// check reads the decoded text: the file a coordinator publishes (client)
// and the questions a pushed form carries (server) are refused alike.
TEST(SurveyFormTest, RefusesControlCharactersWrittenAsJsonEscapes) {
  ExpectRefused(ParseSurveyFormJson(R"({"form": "f", "version": 1, "title": "T\u001b[2J",
      "questions": [{"id": "q", "type": "text", "text": "?"}]})"),
                "\"title\" holds a control character");
  for (const char* text : {R"(Що\u001b]0;x\u0007)", R"(\u009b31m)", R"(a\u0085b)", R"(a\u007fb)"}) {
    const std::string questions =
        absl::StrCat(R"([{"id": "q", "type": "text", "text": ")", text, R"("}])");
    const absl::StatusOr<std::vector<Question>> parsed = QuestionsFromJson(questions);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("control character")) << text;
  }
}

// A refusal names the offending key, but never carries its control
// characters or all of a long one to the screens that show it.
TEST(SurveyFormTest, ARefusalShowsAHostileKeyEscapedAndCut) {
  const absl::StatusOr<std::vector<Question>> parsed =
      QuestionsFromJson(R"([{"id": "q", "type": "text", "text": "?", "x\u001b[2J": 1}])");
  ASSERT_FALSE(parsed.ok());
  const std::string message(parsed.status().message());
  EXPECT_THAT(message, HasSubstr("unknown key \"x\\x1b[2J\""));
  EXPECT_FALSE(FindControl(message, false).has_value()) << message;
  const std::string long_key(500, 'k');
  const absl::StatusOr<std::vector<Question>> long_one = QuestionsFromJson(
      absl::StrCat(R"([{"id": "q", "type": "text", "text": "?", ")", long_key, R"(": 1}])"));
  ASSERT_FALSE(long_one.ok());
  EXPECT_LT(long_one.status().message().size(), 200u);
  EXPECT_THAT(std::string(long_one.status().message()), HasSubstr("...\""));
}

TEST(SurveyFormTest, RefusesBadQuestionsNamingThem) {
  const std::map<std::string, std::function<void(json&)>> cases = {
      {"question 1: \"id\" must be lower-case",
       [](json& d) { d["questions"][0]["id"] = "Top needs"; }},
      {"question 2: must be an object", [](json& d) { d["questions"][1] = "safety"; }},
      {"question \"safety\" appears twice", [](json& d) { d["questions"][2]["id"] = "safety"; }},
      {"question \"safety\": \"type\" must be one of",
       [](json& d) { d["questions"][1]["type"] = "scale"; }},
      {"question \"safety\": \"text\" is empty", [](json& d) { d["questions"][1]["text"] = ""; }},
      {"question \"safety\": \"text\" is missing",
       [](json& d) { d["questions"][1].erase("text"); }},
      {"question \"safety\": \"text\" must be text",
       [](json& d) { d["questions"][1]["text"] = 5; }},
      {"question \"safety\": \"required\" must be true or false",
       [](json& d) { d["questions"][1]["required"] = "yes"; }},
      {"question \"kind\": unknown key \"optons\"",
       [](json& d) { d["questions"][3]["optons"] = json::array(); }},
      {"question \"safety\": a rating question has no \"max_length\"",
       [](json& d) { d["questions"][1]["max_length"] = 10; }},
  };
  for (const auto& [message, edit] : cases) {
    ExpectRefused(ParseSurveyFormJson(Edited(edit)), message);
  }
}

TEST(SurveyFormTest, RefusesBadOptionsNamingQuestionAndOption) {
  const std::map<std::string, std::function<void(json&)>> cases = {
      {"question \"top_needs\": option \"water\" appears twice",
       [](json& d) { d["questions"][0]["options"][2]["id"] = "water"; }},
      {"question \"top_needs\": needs a list of at least 2 options",
       [](json& d) {
         d["questions"][0]["options"].erase(1);
         d["questions"][0]["options"].erase(1);
       }},
      {"question \"kind\": needs a list of at least 2 options",
       [](json& d) { d["questions"][3].erase("options"); }},
      {"question \"top_needs\": option 2: \"id\" must be lower-case",
       [](json& d) { d["questions"][0]["options"][1]["id"] = "Water!"; }},
      {"question \"top_needs\": option \"water\": \"label\" is missing",
       [](json& d) { d["questions"][0]["options"][1].erase("label"); }},
      {"question \"top_needs\": option \"water\": unknown key \"lable\"",
       [](json& d) { d["questions"][0]["options"][1]["lable"] = "x"; }},
      {"question \"services\": \"max_choices\" must be from 0 (any number) to 3",
       [](json& d) { d["questions"][2]["max_choices"] = 4; }},
  };
  for (const auto& [message, edit] : cases) {
    ExpectRefused(ParseSurveyFormJson(Edited(edit)), message);
  }
}

TEST(SurveyFormTest, RefusesBadLimits) {
  const std::map<std::string, std::function<void(json&)>> cases = {
      {"question \"safety\": \"min\" must be less than \"max\"",
       [](json& d) { d["questions"][1]["min"] = 5; }},
      {"question \"safety\": \"min\" must be a whole number",
       [](json& d) { d["questions"][1]["min"] = 1.5; }},
      {"question \"households\": \"min\" must be at most \"max\"",
       [](json& d) { d["questions"][4]["min"] = 2000; }},
      {"question \"households\": a number question needs \"min\" and \"max\"",
       [](json& d) { d["questions"][4].erase("max"); }},
      {"question \"households\": \"max\" must be a number",
       [](json& d) { d["questions"][4]["max"] = "many"; }},
      {"question \"comment\": \"max_length\" must be from 1",
       [](json& d) { d["questions"][5]["max_length"] = 0; }},
  };
  for (const auto& [message, edit] : cases) {
    ExpectRefused(ParseSurveyFormJson(Edited(edit)), message);
  }
  // A number question's min may equal its max.
  EXPECT_TRUE(ParseSurveyFormJson(Edited([](json& d) { d["questions"][4]["min"] = 1000; })).ok());
}

TEST(SurveyFormTest, YamlIsCheckedByTheSameRules) {
  ExpectRefused(ParseSurveyFormYaml("form: needs\nversion: [1\n"), "the form is not valid YAML");
  ExpectRefused(ParseSurveyFormYaml("form: needs\nform: other\n"), "\"form\" appears twice");
  ExpectRefused(ParseSurveyFormYaml("form: needs\nversion: \"2\"\ntitle: T\nquestions: []\n"),
                "\"version\" must be a whole number");
  std::string typo = kFormYaml;
  typo.replace(typo.find("max_length"), 10, "max_lenght");
  ExpectRefused(ParseSurveyFormYaml(typo), "question \"comment\": unknown key \"max_lenght\"");
}

// Fuzz-found shapes: a bad input yields an error, never a crash or a hang.
TEST(SurveyFormTest, RefusesYamlBombsAndDeepNesting) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'g'; ++c) {
    std::string refs;
    for (int i = 0; i < 10; ++i) refs += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [" + refs + "]\n";
  }
  ExpectRefused(ParseSurveyFormYaml(bomb), "too large");
  ExpectRefused(ParseSurveyFormYaml(std::string(1000, '[') + std::string(1000, ']')), "");
  ExpectRefused(ParseSurveyFormJson(std::string(100000, '[') + std::string(100000, ']')),
                "a form must be an object");
}

TEST(SurveyFormTest, ReadsFilesByExtension) {
  const std::string dir = ::testing::TempDir();
  for (const auto& [name, text] : std::map<std::string, std::string>{
           {"needs.yaml", kFormYaml}, {"needs.YML", kFormYaml}, {"needs.json", kFormJson}}) {
    FILE* f = std::fopen((dir + "/" + name).c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
    absl::StatusOr<SurveyForm> form = ReadSurveyFormFile(dir + "/" + name);
    ASSERT_TRUE(form.ok()) << name << ": " << form.status();
    EXPECT_EQ(QuestionsToJson(*form), QuestionsToJson(Good())) << name;
  }
  EXPECT_EQ(ReadSurveyFormFile(dir + "/missing.yaml").status().code(), absl::StatusCode::kNotFound);
}

TEST(SurveyIdTest, IsStableAndDistinctPerFormAndVersion) {
  EXPECT_EQ(SurveyId("needs", 1), SurveyId("needs", 1));
  // Pinned (computed apart, with Python's uuid.uuid5): every device and
  // every build must derive the same id.
  EXPECT_EQ(SurveyId("needs", 1), "e5b44a73-df25-5035-8830-e2b7ec81dd26");
  EXPECT_NE(SurveyId("needs", 1), SurveyId("needs", 2));
  EXPECT_NE(SurveyId("needs", 1), SurveyId("needs-2024", 1));
  absl::StatusOr<Uuid> id = Uuid::Parse(SurveyId("needs", 2));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->version(), 5);
  EXPECT_EQ(id->ToString(), SurveyId("needs", 2)) << "canonical text";
}

TEST(SurveyIdTest, FormKeys) {
  EXPECT_TRUE(IsFormKey("needs-2024_v"));
  EXPECT_FALSE(IsFormKey(""));
  EXPECT_FALSE(IsFormKey("Needs"));
  EXPECT_FALSE(IsFormKey("потреби"));
  EXPECT_FALSE(IsFormKey(std::string(101, 'a')));
}

void ExpectWrong(const absl::Status& status, const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(message));
}

TEST(ValidateAnswerTest, SingleChoice) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "kind");
  EXPECT_TRUE(ValidateAnswer(q, "idp").ok());
  ExpectWrong(
      ValidateAnswer(q, "tourist"),
      "question \"kind\": \"tourist\" is not one of its options: Мешканець (resident), ВПО (idp)");
  ExpectWrong(ValidateAnswer(q, 1), "question \"kind\": 1 is not one of its options");
  ExpectWrong(ValidateAnswer(q, json::array({"idp"})), "is not one of its options");
}

TEST(ValidateAnswerTest, MultipleChoice) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "services");
  EXPECT_TRUE(ValidateAnswer(q, json::array({"medical"})).ok());
  EXPECT_TRUE(ValidateAnswer(q, json::array({"school", "medical"})).ok());
  ExpectWrong(ValidateAnswer(q, json::array({"medical", "transport", "school"})),
              "question \"services\": at most 2 options may be chosen, not 3");
  ExpectWrong(ValidateAnswer(q, json::array({"medical", "medical"})),
              "question \"services\": option \"Медицина\" is chosen twice");
  ExpectWrong(ValidateAnswer(q, json::array({"bank"})), "\"bank\" is not one of its options");
  ExpectWrong(ValidateAnswer(q, json::array()), "a list of one or more option ids");
  ExpectWrong(ValidateAnswer(q, "medical"), "a list of one or more option ids");
}

TEST(ValidateAnswerTest, Ranking) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "top_needs");
  EXPECT_TRUE(ValidateAnswer(q, json::array({"water", "shelter", "jobs"})).ok());
  EXPECT_TRUE(ValidateAnswer(q, json::array({"jobs"})).ok()) << "ranking only some is fine";
  ExpectWrong(ValidateAnswer(q, json::array({"water", "water"})),
              "question \"top_needs\": option \"Вода\" is chosen twice");
  ExpectWrong(ValidateAnswer(q, json::array({"water", 2})), "2 is not one of its options");
}

TEST(ValidateAnswerTest, Rating) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "safety");
  EXPECT_TRUE(ValidateAnswer(q, 1).ok());
  EXPECT_TRUE(ValidateAnswer(q, 5).ok());
  ExpectWrong(ValidateAnswer(q, 6),
              "question \"safety\": the answer must be a whole number from 1 to 5, not 6");
  ExpectWrong(ValidateAnswer(q, 0), "from 1 to 5, not 0");
  ExpectWrong(ValidateAnswer(q, 2.5), "whole number");
  ExpectWrong(ValidateAnswer(q, "3"), "whole number");
}

TEST(ValidateAnswerTest, Number) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "households");
  EXPECT_TRUE(ValidateAnswer(q, 0).ok());
  EXPECT_TRUE(ValidateAnswer(q, 12.5).ok());
  EXPECT_TRUE(ValidateAnswer(q, 1000).ok());
  ExpectWrong(ValidateAnswer(q, 1001),
              "question \"households\": the answer must be a number from 0 to 1000, not 1001");
  ExpectWrong(ValidateAnswer(q, -1), "not -1");
  ExpectWrong(ValidateAnswer(q, nullptr), "not null");
}

TEST(ValidateAnswerTest, Text) {
  const SurveyForm form = Good();
  const Question& q = Q(form, "comment");
  EXPECT_TRUE(ValidateAnswer(q, "Потрібен генератор").ok());
  std::string twenty;
  for (int i = 0; i < 20; ++i) twenty += "ї";  // 40 bytes, 20 characters
  EXPECT_TRUE(ValidateAnswer(q, twenty).ok()) << "length is in characters";
  ExpectWrong(ValidateAnswer(q, twenty + "ї"),
              "question \"comment\": the answer is 21 characters long; at most 20 allowed");
  ExpectWrong(ValidateAnswer(q, ""), "question \"comment\": the answer is empty");
  ExpectWrong(ValidateAnswer(q, 5), "the answer must be text");
  ExpectWrong(ValidateAnswer(q, std::string("\xff")), "not valid UTF-8");
  EXPECT_TRUE(ValidateAnswer(q, "два\nрядки\tі таб").ok()) << "a text answer may run over lines";
  ExpectWrong(ValidateAnswer(q, "\x1b[2J стерто"), "holds a control character");
  ExpectWrong(ValidateAnswer(q, "=1+1\r"), "holds a control character");
  ExpectWrong(ValidateAnswer(q, "\u0085"), "holds a control character");  // C1 NEL
}

TEST(ValidateAnswersTest, ChecksKeysValuesAndRequiredWhenFinal) {
  SurveyForm form = Good();
  const json draft = {{"safety", 4}, {"kind", "idp"}};
  EXPECT_TRUE(ValidateAnswers(form, draft, /*final=*/false).ok());
  ExpectWrong(ValidateAnswers(form, draft, /*final=*/true),
              "question \"top_needs\": an answer is required");
  json done = draft;
  done["top_needs"] = {"water"};
  EXPECT_TRUE(ValidateAnswers(form, done, /*final=*/true).ok());
  ExpectWrong(ValidateAnswers(form, {{"mood", 3}}, false),
              "there is no question \"mood\" in form \"needs\" version 2");
  ExpectWrong(ValidateAnswers(form, {{"safety", 9}}, false), "question \"safety\"");
  ExpectWrong(ValidateAnswers(form, json::array(), false), "must be a JSON object");
  EXPECT_TRUE(ValidateAnswers(form, json::object(), false).ok()) << "an empty draft is a draft";
}

// A form published as a record, as a device holds it: the canonical
// questions keyed by the record's id.
using Published = std::map<std::string, std::string>;

TEST(SurveyVersionsTest, ResponsesToAnOldVersionStillValidate) {
  absl::StatusOr<SurveyForm> v1 = ParseSurveyFormJson(R"({"form": "needs", "version": 1,
      "title": "Потреби", "questions": [
        {"id": "kind", "type": "single_choice", "text": "Хто ви?", "required": true,
         "options": [{"id": "resident", "label": "Мешканець"}, {"id": "idp", "label": "ВПО"}]}]})");
  ASSERT_TRUE(v1.ok()) << v1.status();
  Published published = {{SurveyId("needs", 1), QuestionsToJson(*v1)}};
  const json response = {{"kind", "resident"}};  // answers version 1

  // Version 2 drops "resident" for two finer options and adds a required question.
  SurveyForm v2 = Good();
  published[SurveyId("needs", 2)] = QuestionsToJson(v2);
  ASSERT_EQ(published.size(), 2u);

  SurveyForm answered;
  answered.form = "needs";
  answered.version = 1;
  absl::StatusOr<std::vector<Question>> questions =
      QuestionsFromJson(published.at(SurveyId("needs", 1)));
  ASSERT_TRUE(questions.ok()) << questions.status();
  answered.questions = *questions;
  EXPECT_TRUE(ValidateAnswers(answered, response, /*final=*/true).ok());
  EXPECT_FALSE(ValidateAnswers(v2, response, /*final=*/true).ok())
      << "version 2 asks more; that must not touch answers to version 1";
}

}  // namespace
}  // namespace hromada

namespace hromada {
namespace {

// `relevant`: an earlier question with options and one of its options;
// kept in the canonical JSON only when set; a required question not asked
// need not be answered, and a question not asked must not be.
TEST(SurveyRelevantTest, ChecksKeepsAndAppliesTheCondition) {
  json doc = json::parse(test::kNeedsFormJson);
  doc["questions"][5]["relevant"] = {{"question", "kind"}, {"chosen", "idp"}};
  doc["questions"][5]["required"] = true;
  absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(doc.dump());
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_THAT(QuestionsToJson(*form),
              HasSubstr(R"("relevant":{"question":"kind","chosen":"idp"})"));
  absl::StatusOr<std::vector<Question>> back = QuestionsFromJson(QuestionsToJson(*form));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)[5].relevant.option, "idp");
  EXPECT_THAT(QuestionsToJson(*ParseSurveyFormJson(test::kNeedsFormJson)),
              testing::Not(HasSubstr("relevant")));

  const json base = {{"top_needs", {"water"}}};
  json resident = base;
  resident["kind"] = "resident";
  EXPECT_TRUE(ValidateAnswers(*form, resident, true).ok());
  resident["comment"] = "так";
  EXPECT_THAT(ValidateAnswers(*form, resident, true).message(), HasSubstr("is not asked unless"));
  json idp = base;
  idp["kind"] = "idp";
  EXPECT_THAT(ValidateAnswers(*form, idp, true).message(), HasSubstr("an answer is required"));
  idp["comment"] = "так";
  EXPECT_TRUE(ValidateAnswers(*form, idp, true).ok());

  for (const auto& [condition, error] : std::map<std::string, std::string>{
           {R"({"question": "comment", "chosen": "x"})", "must name an earlier question"},
           {R"({"question": "households", "chosen": "x"})", "must name a question with options"},
           {R"({"question": "kind", "chosen": "vpo"})", "has no option \"vpo\""},
           {R"({"question": "kind"})", "must be {"}}) {
    json bad = json::parse(test::kNeedsFormJson);
    bad["questions"][5]["relevant"] = json::parse(condition);
    EXPECT_THAT(ParseSurveyFormJson(bad.dump()).status().message(), HasSubstr(error)) << condition;
  }
}

}  // namespace
}  // namespace hromada
