// Reading an answer as a person types it at the `surveys fill` prompt.
// Only the CLI reads typed answers; the answer checks both replicas run
// (ValidateAnswer, ValidateAnswers) stay in shared/forms/survey.h. Stateless;
// thread-safe.
#ifndef HROMADA_CLIENT_CLI_TYPED_ANSWER_H_
#define HROMADA_CLIENT_CLI_TYPED_ANSWER_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shared/forms/survey.h"

namespace hromada::cli {

// The answer `typed` gives to `question`: the option's number (1-based,
// as listed), its words (its label in the form, any case, either script:
// "ВПО", "впо") or its id for single choice; numbers separated by commas or
// spaces for multiple choice and ranking ("3, 1, 2"); digits for rating
// and number (a decimal comma is read as a point); anything for text.
// Digits always mean an option's position, never an id made of digits.
// The text is NFC-normalised and trimmed first. The answer is then checked
// by ValidateAnswer, so what is returned is always a valid answer;
// otherwise INVALID_ARGUMENT with one sentence naming the question.
absl::StatusOr<nlohmann::json> ParseTypedAnswer(const Question& question, absl::string_view typed);

// Answers as a person writes them in a file (`surveys fill --from-json`):
// each option of a choice or ranking question given by its words ("ВПО")
// rather than its id becomes its id, in place. Everything else is left
// as it is, for ValidateAnswers to judge.
void ReadOptionWords(const SurveyForm& form, nlohmann::json& answers);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_TYPED_ANSWER_H_
