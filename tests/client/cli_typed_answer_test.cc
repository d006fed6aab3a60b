// Answers typed at the `surveys fill` prompt (client/cli/typed_answer.h):
// what a person types is read by the question's type and then checked like
// any answer, so a typed answer is either valid or refused naming the
// question.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "client/cli/typed_answer.h"
#include "tests/support/sample_form.h"

namespace hromada::cli {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kForm = test::kNeedsFormJson;

class TypedAnswerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<SurveyForm> form = ParseSurveyFormJson(kForm);
    ASSERT_TRUE(form.ok()) << form.status();
    form_ = *std::move(form);
  }
  absl::StatusOr<json> Typed(const std::string& question, const std::string& typed) {
    const Question* q = form_.Find(question);
    EXPECT_NE(q, nullptr) << question;
    return q ? ParseTypedAnswer(*q, typed) : absl::NotFoundError(question);
  }
  void ExpectWrong(const std::string& question, const std::string& typed,
                   const std::string& message) {
    absl::StatusOr<json> answer = Typed(question, typed);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument) << typed;
    EXPECT_THAT(std::string(answer.status().message()), HasSubstr(message)) << typed;
  }

  SurveyForm form_;
};

TEST_F(TypedAnswerTest, ReadsWhatAPersonTypes) {
  EXPECT_EQ(*Typed("kind", "2"), json("idp"));
  EXPECT_EQ(*Typed("kind", " resident "), json("resident"));
  EXPECT_EQ(*Typed("top_needs", "3, 1 2"), json::array({"jobs", "shelter", "water"}));
  EXPECT_EQ(*Typed("services", "school,1"), json::array({"school", "medical"}));
  EXPECT_EQ(*Typed("safety", "4"), json(4));
  EXPECT_EQ(*Typed("households", "12"), json(12));
  EXPECT_EQ(*Typed("households", "2,5"), json(2.5)) << "decimal comma";
  EXPECT_EQ(*Typed("comment", "  Потрібна вода "), json("Потрібна вода"));
}

// Issue 19: an option is typed as the form words it ("ВПО"), any case,
// either script, as well as by its number or id.
TEST_F(TypedAnswerTest, ReadsAnOptionByItsWords) {
  EXPECT_EQ(*Typed("kind", "ВПО"), json("idp"));
  EXPECT_EQ(*Typed("kind", "впо"), json("idp"));
  EXPECT_EQ(*Typed("kind", "мешканець"), json("resident"));
  EXPECT_EQ(*Typed("top_needs", "вода, Укриття"), json::array({"water", "shelter"}));
  ExpectWrong("top_needs", "вода 2", "option \"Вода\" is chosen twice");
  json answers = {
      {"kind", "ВПО"}, {"top_needs", {"робота", "shelter", "пошта"}}, {"comment", "впо"}};
  ReadOptionWords(form_, answers);
  EXPECT_EQ(
      answers,
      json({{"kind", "idp"}, {"top_needs", {"jobs", "shelter", "пошта"}}, {"comment", "впо"}}));
}

TEST_F(TypedAnswerTest, RefusesWhatDoesNotFit) {
  ExpectWrong("kind", "3",
              "question \"kind\": type an option's number from 1 to 2 or its words (Мешканець, "
              "ВПО), not \"3\"");
  ExpectWrong("kind", "0", "from 1 to 2");
  ExpectWrong("kind", "", "not \"\"");
  ExpectWrong("services", "1, 2, 3", "at most 2 options");
  ExpectWrong("top_needs", "1 1", "chosen twice");
  ExpectWrong("top_needs", "", "one or more option ids");
  ExpectWrong("safety", "4.5", "question \"safety\": type a whole number from 1 to 5, not \"4.5\"");
  ExpectWrong("safety", "9", "not 9");
  ExpectWrong("households", "many", "type a number");
  ExpectWrong("comment", "   ", "the answer is empty");
  ExpectWrong("comment", "\xff", "not valid UTF-8");
}

}  // namespace
}  // namespace hromada::cli
