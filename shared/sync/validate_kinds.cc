#include "shared/sync/validate_kinds.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "shared/forms/survey.h"

namespace hromada {

absl::Status CheckKindField(absl::string_view kind, absl::string_view field,
                            const v1::Value& value) {
  if (kind == "survey" && field == "form" && !IsFormKey(value.text())) {
    return absl::InvalidArgumentError(
        "'form' must be a key of lower-case latin letters, digits, _ and -");
  }
  if (kind == "survey" && field == "questions") {
    absl::Status s = QuestionsFromJson(value.text()).status();
    if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat("'questions': ", s.message()));
  }
  if (kind == "survey_response" && field == "answers" &&
      !nlohmann::json::parse(value.text(), nullptr, /*allow_exceptions=*/false).is_object()) {
    return absl::InvalidArgumentError("'answers' must be a JSON object keyed by question id");
  }
  if (kind == "attachment" && field == "sha256" && !IsSha256Hex(value.text())) {
    return absl::InvalidArgumentError("'sha256' must be 64 lower-case hex digits");
  }
  return absl::OkStatus();
}

bool IsSha256Hex(absl::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace hromada
