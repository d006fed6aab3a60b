// Fuzzes the survey form parsers (shared/forms/survey.h): a coordinator's form
// file, read as JSON and as YAML. A form that parses must survive its own
// round trip through the survey record's `questions` field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "shared/forms/survey.h"

namespace {

void RoundTrip(const absl::StatusOr<hromada::SurveyForm>& form) {
  if (!form.ok()) return;
  absl::StatusOr<std::vector<hromada::Question>> back =
      hromada::QuestionsFromJson(hromada::QuestionsToJson(*form));
  if (!back.ok() || back->size() != form->questions.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  RoundTrip(hromada::ParseSurveyFormJson(text));
  RoundTrip(hromada::ParseSurveyFormYaml(text));
  return 0;
}
