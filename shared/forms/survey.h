// Needs-survey forms and their answers. A coordinator publishes a form from
// a JSON or YAML file; each version is its own `survey` record, id
// SurveyId(form, version), and is never edited after it is published, so a
// new version never breaks responses to an older one. A response names the
// version it answers (`survey` ref + `survey_version`) and keeps its
// answers as a JSON object keyed by question id.
//
// A form file:
//   {"form": "needs", "version": 2, "title": "Потреби громади",
//    "questions": [
//      {"id": "top_needs", "type": "ranking", "text": "...", "required": true,
//       "options": [{"id": "shelter", "label": "Укриття"}, ...]},
//      {"id": "safety", "type": "rating", "text": "...", "min": 1, "max": 5},
//      {"id": "services", "type": "multiple_choice", "options": [...], "max_choices": 3},
//      {"id": "kind", "type": "single_choice", "options": [...]},
//      {"id": "households", "type": "number", "min": 0, "max": 1000},
//      {"id": "comment", "type": "text", "max_length": 2000,
//       "relevant": {"question": "kind", "chosen": "idp"}}]}
// Question and option ids ([a-z0-9_]+) are stable keys across versions:
// reports add up answers to the same question id across versions of a form.
// Keys a question's type does not use, and unknown keys anywhere, are
// refused, so a typo never silently drops a limit. Defaults: required
// false, rating 1..5, max_choices 0 (any), max_length 2000; a number
// question must give its min and max. `relevant` (any type) asks a question
// only when an earlier choice or ranking question's answer includes the
// named option; a final response must not answer a question not asked, and
// need not answer a required one not asked.
//
// Answers: single_choice -> "option id"; multiple_choice -> ["id", ...]
// (one or more, distinct, at most max_choices); rating -> integer in
// [min, max]; ranking -> ["id", ...] (one or more distinct options, most
// important first; a respondent may rank only some); number -> number in
// [min, max]; text -> non-empty string of at most max_length code points.
//
// Errors are INVALID_ARGUMENT with one sentence that names the question
// (and the option) at fault.
#ifndef HROMADA_SHARED_FORMS_SURVEY_H_
#define HROMADA_SHARED_FORMS_SURVEY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

enum class QuestionType { kSingleChoice, kMultipleChoice, kRating, kRanking, kNumber, kText };

struct SurveyOption {
  std::string id;
  std::string label;
};

struct Question {
  std::string id;  // [a-z0-9_]+, unique in the form
  QuestionType type = QuestionType::kText;
  std::string text;
  bool required = false;
  std::vector<SurveyOption> options;  // choice and ranking questions
  double min = 0, max = 0;            // rating (integers; default 1..5) and number
  int max_choices = 0;                // multiple_choice; 0: any number
  int64_t max_length = 2000;          // text
  // Asked only when the answer to the earlier question `relevant.question`
  // (with options) includes option `relevant.option`; empty: always asked.
  struct Condition {
    std::string question, option;
  } relevant;

  const SurveyOption* FindOption(absl::string_view id) const;
};

struct SurveyForm {
  std::string form;  // stable key of the form across versions, [a-z0-9_-]+
  int64_t version = 1;
  std::string title;
  std::vector<Question> questions;

  const Question* Find(absl::string_view question_id) const;
};

// True for a form key: lower-case latin letters, digits, _ and -, at most
// 100 characters.
bool IsFormKey(absl::string_view form);

// "single_choice", "multiple_choice", "rating", "ranking", "number", "text".
std::string QuestionTypeName(QuestionType type);

// Parses and checks a form file's text. Texts are NFC-normalised and
// trimmed. Every problem is INVALID_ARGUMENT naming the question.
absl::StatusOr<SurveyForm> ParseSurveyFormJson(absl::string_view json);
absl::StatusOr<SurveyForm> ParseSurveyFormYaml(absl::string_view yaml);
// Reads a file: YAML for .yaml/.yml, JSON otherwise. NOT_FOUND if it
// cannot be read. YAML scalars follow YAML 1.2's core schema: `no` and
// `yes` are text, not booleans.
absl::StatusOr<SurveyForm> ReadSurveyFormFile(const std::string& path);

// The id (canonical UUID text) of the `survey` record of `form` at
// `version`: a UUIDv5 in hromada's namespace, the same on every device.
std::string SurveyId(absl::string_view form, int64_t version);

// The `questions` field of the survey record: canonical JSON of the
// questions (same form -> same bytes), and back.
std::string QuestionsToJson(const SurveyForm& form);
absl::StatusOr<std::vector<Question>> QuestionsFromJson(absl::string_view json);

// True if `question` is asked given `answers` (see Question::relevant).
bool IsRelevant(const Question& question, const nlohmann::json& answers);

// Checks one answer against its question.
absl::Status ValidateAnswer(const Question& question, const nlohmann::json& answer);
// Checks an answers object: every key a question of the form, every value
// valid; `final` also requires every required question to be answered.
absl::Status ValidateAnswers(const SurveyForm& form, const nlohmann::json& answers, bool final);

}  // namespace hromada

#endif  // HROMADA_SHARED_FORMS_SURVEY_H_
