// The CLI's view of published survey forms and of responses: finding a
// form by "FORM[:VERSION]" or id, and reading a form or a response's
// answers back from their records. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_SURVEY_FORMS_H_
#define HROMADA_CLIENT_CLI_SURVEY_FORMS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "shared/forms/survey.h"

namespace hromada::cli {

// Every published version of `form` on this device, oldest first.
absl::StatusOr<std::vector<RecordView>> FormVersions(Client& client, absl::string_view form);

// The survey record `typed` names: "needs:2" (that version), "needs" (its
// latest version), or an id or id prefix. NOT_FOUND with a sentence.
absl::StatusOr<RecordView> FindSurvey(Client& client, absl::string_view typed);

// The form a survey record holds. INVALID_ARGUMENT if its questions do
// not parse (a form from a newer client, say).
absl::StatusOr<SurveyForm> FormOf(const RecordView& survey);

// The answers object of a survey_response; an empty object if it has none.
absl::StatusOr<nlohmann::json> AnswersOf(const RecordView& response);

// The survey record a response answers.
absl::StatusOr<RecordView> SurveyOf(Client& client, const RecordView& response);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_SURVEY_FORMS_H_
