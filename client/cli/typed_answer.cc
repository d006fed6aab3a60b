#include "client/cli/typed_answer.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "shared/base/text.h"

namespace hromada::cli {
namespace {

using nlohmann::json;

// Worded like ValidateAnswer's refusals, so a person sees one style.
absl::Status Wrong(const Question& q, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("question \"", q.id, "\": ", what));
}

// What an option is found by: its words as SearchKey reads them, "_" and
// "-" as spaces.
std::string OptionKey(absl::string_view text) {
  return SearchKey(absl::StrReplaceAll(text, {{"_", " "}, {"-", " "}}));
}

// The option whose id or label (the form's words for it, any case,
// either script) is `typed`; nullptr if none is.
const SurveyOption* OptionNamed(const Question& q, absl::string_view typed) {
  if (const SurveyOption* o = q.FindOption(typed); o != nullptr) return o;
  const std::string key = OptionKey(typed);
  for (const SurveyOption& o : q.options) {
    if (!key.empty() && (OptionKey(o.label) == key || OptionKey(o.id) == key)) return &o;
  }
  return nullptr;
}

// The option typed as its number (1-based), its words or its id.
absl::StatusOr<std::string> TypedOption(const Question& q, absl::string_view typed) {
  size_t n = 0;
  if (absl::SimpleAtoi(typed, &n)) {
    if (n >= 1 && n <= q.options.size()) return q.options[n - 1].id;
  } else if (const SurveyOption* o = OptionNamed(q, typed); o != nullptr) {
    return o->id;
  }
  std::vector<std::string> words;
  for (const SurveyOption& o : q.options) words.push_back(o.label.empty() ? o.id : o.label);
  return Wrong(
      q, absl::StrCat("type an option's number from 1 to ", q.options.size(), " or its words (",
                      absl::StrJoin(words, ", "), "), not \"", typed, "\""));
}

// A JSON answer's option named by its words ("ВПО") as its id; anything
// else as it is, for ValidateAnswer to judge.
json OptionOrAsIs(const Question& q, const json& value) {
  if (!value.is_string()) return value;
  const SurveyOption* o = OptionNamed(q, value.get_ref<const std::string&>());
  return o != nullptr ? json(o->id) : value;
}

absl::StatusOr<json> TypedOptionList(const Question& q, absl::string_view typed) {
  json ids = json::array();
  for (absl::string_view part : absl::StrSplit(typed, absl::ByAnyChar(", \t"), absl::SkipEmpty())) {
    absl::StatusOr<std::string> id = TypedOption(q, part);
    if (!id.ok()) return id.status();
    ids.push_back(*std::move(id));
  }
  return ids;
}

absl::StatusOr<json> TypedNumber(const Question& q, absl::string_view typed) {
  int64_t n = 0;
  if (absl::SimpleAtoi(typed, &n)) return n;
  double x = 0;
  // A decimal comma, as Ukrainian writes it, reads like a point.
  if (q.type == QuestionType::kNumber &&
      absl::SimpleAtod(absl::StrReplaceAll(typed, {{",", "."}}), &x)) {
    return x;
  }
  return Wrong(q, absl::StrCat("type a ", q.type == QuestionType::kRating ? "whole " : "",
                               "number from ", q.min, " to ", q.max, ", not \"", typed, "\""));
}

absl::StatusOr<json> ReadTyped(const Question& q, absl::string_view typed) {
  switch (q.type) {
    case QuestionType::kSingleChoice: {
      absl::StatusOr<std::string> id = TypedOption(q, typed);
      if (!id.ok()) return id.status();
      return json(*std::move(id));
    }
    case QuestionType::kMultipleChoice:
    case QuestionType::kRanking:
      return TypedOptionList(q, typed);
    case QuestionType::kRating:
    case QuestionType::kNumber:
      return TypedNumber(q, typed);
    case QuestionType::kText:
      break;
  }
  return json(std::string(typed));
}

}  // namespace

void ReadOptionWords(const SurveyForm& form, json& answers) {
  if (!answers.is_object()) return;
  for (auto& [id, answer] : answers.items()) {
    const Question* q = form.Find(id);
    if (q == nullptr || q->options.empty()) continue;
    if (answer.is_array()) {
      for (json& item : answer) item = OptionOrAsIs(*q, item);
    } else {
      answer = OptionOrAsIs(*q, answer);
    }
  }
}

absl::StatusOr<json> ParseTypedAnswer(const Question& question, absl::string_view typed) {
  absl::StatusOr<std::string> text = NormalizeText(typed);
  if (!text.ok()) return Wrong(question, "the answer is not valid UTF-8 text");
  absl::StatusOr<json> answer = ReadTyped(question, *text);
  if (!answer.ok()) return answer;
  if (absl::Status s = ValidateAnswer(question, *answer); !s.ok()) return s;
  return answer;
}

}  // namespace hromada::cli
