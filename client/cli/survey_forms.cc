#include "client/cli/survey_forms.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"

namespace hromada::cli {
namespace {

absl::StatusOr<RecordView> VersionOf(const std::vector<RecordView>& versions,
                                     absl::string_view form, absl::string_view version_text) {
  int64_t version = 0;
  if (!absl::SimpleAtoi(version_text, &version)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", version_text, "' is not a version number (use FORM:VERSION)"));
  }
  std::vector<std::string> known;
  for (const RecordView& v : versions) {
    if (IntOf(v, "version") == version) return v;
    known.push_back(TextOf(v, "version"));
  }
  return absl::NotFoundError(absl::StrCat(
      "version ", version, " of ", form,
      " is not published on this device (published: ", absl::StrJoin(known, ", "), ")"));
}

}  // namespace

absl::StatusOr<std::vector<RecordView>> FormVersions(Client& client, absl::string_view form) {
  auto versions =
      ListWhere(client, "survey", [&](const RecordView& r) { return TextOf(r, "form") == form; });
  if (versions.ok()) {
    std::sort(versions->begin(), versions->end(), [](const RecordView& x, const RecordView& y) {
      return IntOf(x, "version") < IntOf(y, "version");
    });
  }
  return versions;
}

absl::StatusOr<RecordView> FindSurvey(Client& client, absl::string_view typed) {
  const size_t colon = typed.find(':');
  const absl::string_view form = typed.substr(0, colon);
  absl::StatusOr<std::vector<RecordView>> versions = FormVersions(client, form);
  if (!versions.ok()) return versions.status();
  if (!versions->empty()) {
    if (colon == absl::string_view::npos) return versions->back();
    return VersionOf(*versions, form, typed.substr(colon + 1));
  }
  if (colon == absl::string_view::npos) {
    absl::StatusOr<RecordView> by_id = Resolve(client, "survey", typed);
    if (!absl::IsNotFound(by_id.status())) return by_id;
  }
  return absl::NotFoundError(absl::StrCat("no survey form '", form,
                                          "' is published on this device; sync to get the "
                                          "forms (see `hromada surveys list`)"));
}

absl::StatusOr<SurveyForm> FormOf(const RecordView& survey) {
  SurveyForm form;
  form.form = TextOf(survey, "form");
  form.version = IntOf(survey, "version");
  form.title = TextOf(survey, "title");
  absl::StatusOr<std::vector<Question>> questions = QuestionsFromJson(TextOf(survey, "questions"));
  if (!questions.ok()) return questions.status();
  form.questions = *std::move(questions);
  return form;
}

absl::StatusOr<nlohmann::json> AnswersOf(const RecordView& response) {
  const std::string text = TextOf(response, "answers");
  if (text.empty()) return nlohmann::json::object();
  nlohmann::json answers = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!answers.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the answers of response ", response.id, " are not a JSON object"));
  }
  return answers;
}

absl::StatusOr<RecordView> SurveyOf(Client& client, const RecordView& response) {
  const std::string id = TextOf(response, "survey");
  absl::StatusOr<std::optional<RecordView>> survey = client.Get("survey", id);
  if (!survey.ok()) return survey.status();
  if (!survey->has_value()) {
    return absl::NotFoundError(absl::StrCat("the form of response ", response.id, " (", id,
                                            ") is not on this device; sync first"));
  }
  return **survey;
}

}  // namespace hromada::cli
