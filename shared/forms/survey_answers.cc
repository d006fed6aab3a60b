// Answers to a survey form, checked against their questions (the same
// checks on the server and on the device). Reading what a person types at
// a prompt is the CLI's (client/cli/typed_answer.h).

#include <cmath>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "shared/base/hidden_characters.h"
#include "shared/base/text.h"
#include "shared/forms/survey.h"

namespace hromada {
namespace {

using nlohmann::json;

absl::Status Wrong(const Question& q, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("question \"", q.id, "\": ", what));
}

// The options as a person reads them, the form's words first: "Мешканець
// (resident), ВПО (idp)".
std::string OptionWords(const Question& q) {
  std::vector<std::string> shown;
  for (const SurveyOption& o : q.options) {
    shown.push_back(o.label.empty() ? o.id : absl::StrCat(o.label, " (", o.id, ")"));
  }
  return absl::StrJoin(shown, ", ");
}

// An option's words: its label, else its id.
std::string WordsOf(const Question& q, const std::string& id) {
  const SurveyOption* o = q.FindOption(id);
  return o == nullptr || o->label.empty() ? id : o->label;
}

// A value's text for an error message, cut short.
std::string Shown(const json& value) {
  std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

absl::Status CheckOption(const Question& q, const json& id) {
  if (!id.is_string() || q.FindOption(id.get<std::string>()) == nullptr) {
    return Wrong(q, absl::StrCat(Shown(id), " is not one of its options: ", OptionWords(q)));
  }
  return absl::OkStatus();
}

// Multiple choice and ranking: distinct options, at least one.
absl::Status CheckOptionList(const Question& q, const json& answer) {
  if (!answer.is_array() || answer.empty()) {
    return Wrong(q, "the answer must be a list of one or more option ids");
  }
  std::set<std::string> seen;
  for (const json& id : answer) {
    if (absl::Status s = CheckOption(q, id); !s.ok()) return s;
    if (!seen.insert(id.get<std::string>()).second) {
      return Wrong(
          q, absl::StrCat("option \"", WordsOf(q, id.get<std::string>()), "\" is chosen twice"));
    }
  }
  if (q.max_choices > 0 && answer.size() > static_cast<size_t>(q.max_choices)) {
    return Wrong(
        q, absl::StrCat("at most ", q.max_choices, " options may be chosen, not ", answer.size()));
  }
  return absl::OkStatus();
}

absl::Status CheckNumber(const Question& q, const json& answer) {
  const bool whole = q.type == QuestionType::kRating;
  const bool ok = whole ? answer.is_number_integer() : answer.is_number();
  if (!ok || !std::isfinite(answer.get<double>()) || answer.get<double>() < q.min ||
      answer.get<double>() > q.max) {
    return Wrong(q, absl::StrCat("the answer must be a ", whole ? "whole " : "", "number from ",
                                 q.min, " to ", q.max, ", not ", Shown(answer)));
  }
  return absl::OkStatus();
}

absl::Status CheckText(const Question& q, const json& answer) {
  if (!answer.is_string()) return Wrong(q, "the answer must be text");
  const std::string& text = answer.get_ref<const std::string&>();
  const int64_t length = CountCodePoints(text);
  if (length < 0) return Wrong(q, "the answer is not valid UTF-8 text");
  if (FindControl(text, /*multi_line=*/true)) {
    return Wrong(q, "the answer holds a control character; only newline and tab are allowed");
  }
  if (std::optional<HiddenCharacter> hidden = FindHiddenCharacter(text, /*multi_line=*/true)) {
    return Wrong(q, absl::StrCat("the answer ", HiddenCharacterRefusal(*hidden)));
  }
  if (length == 0) return Wrong(q, "the answer is empty");
  if (length > q.max_length) {
    return Wrong(q, absl::StrCat("the answer is ", length, " characters long; at most ",
                                 q.max_length, " allowed"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsRelevant(const Question& question, const json& answers) {
  const Question::Condition& c = question.relevant;
  if (c.question.empty()) return true;
  if (!answers.is_object()) return false;
  auto it = answers.find(c.question);
  if (it == answers.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == c.option;
  if (!it->is_array()) return false;
  for (const json& id : *it) {
    if (id.is_string() && id.get_ref<const std::string&>() == c.option) return true;
  }
  return false;
}

absl::Status ValidateAnswer(const Question& question, const json& answer) {
  switch (question.type) {
    case QuestionType::kSingleChoice:
      return CheckOption(question, answer);
    case QuestionType::kMultipleChoice:
    case QuestionType::kRanking:
      return CheckOptionList(question, answer);
    case QuestionType::kRating:
    case QuestionType::kNumber:
      return CheckNumber(question, answer);
    case QuestionType::kText:
      return CheckText(question, answer);
  }
  return Wrong(question, "the question's type is unknown");
}

absl::Status ValidateAnswers(const SurveyForm& form, const json& answers, bool final) {
  if (!answers.is_object()) {
    return absl::InvalidArgumentError("the answers must be a JSON object keyed by question id");
  }
  for (const auto& item : answers.items()) {
    const Question* q = form.Find(item.key());
    if (q == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("there is no question \"", item.key(),
                                                     "\" in form \"", form.form, "\" version ",
                                                     form.version));
    }
    if (absl::Status s = ValidateAnswer(*q, item.value()); !s.ok()) return s;
  }
  if (!final) return absl::OkStatus();
  for (const Question& q : form.questions) {
    const bool asked = IsRelevant(q, answers);
    if (q.required && asked && !answers.contains(q.id)) return Wrong(q, "an answer is required");
    if (!asked && answers.contains(q.id)) {
      return Wrong(q, absl::StrCat("is not asked unless the answer to \"", q.relevant.question,
                                   "\" includes \"", q.relevant.option, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace hromada
