// ValidateReferences: a survey response checked against its form.
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "shared/merge.h"
#include "shared/survey.h"
#include "shared/validate.h"
#include "shared/validate_kinds.h"

namespace hromada {
namespace {

const v1::Value* FieldValue(const v1::Record& record, absl::string_view name) {
  for (const v1::Field& f : record.fields()) {
    if (f.name() == name) return &f.value();
  }
  return nullptr;
}

absl::string_view TextOf(const v1::Record& record, absl::string_view name) {
  const v1::Value* v = FieldValue(record, name);
  return v != nullptr && v->v_case() == v1::Value::kText ? absl::string_view(v->text()) : "";
}

// The form of a `survey` record (ValidateChange has checked its parts).
absl::StatusOr<SurveyForm> FormOf(const v1::Record& survey) {
  SurveyForm form;
  form.form = std::string(TextOf(survey, "form"));
  const v1::Value* version = FieldValue(survey, "version");
  form.version = version != nullptr ? version->integer() : 0;
  absl::StatusOr<std::vector<Question>> questions = QuestionsFromJson(TextOf(survey, "questions"));
  if (!questions.ok()) return questions.status();
  form.questions = *std::move(questions);
  return form;
}

absl::Status ValidateResponse(const v1::Record& response, const RecordLookup& find) {
  const v1::Value* survey_ref = FieldValue(response, "survey");
  if (survey_ref == nullptr) return absl::OkStatus();  // ValidateRequired says so
  absl::StatusOr<std::optional<v1::Record>> survey = find("survey", survey_ref->ref());
  if (!survey.ok()) return survey.status();
  if (!survey->has_value() || IsDeleted(**survey)) {
    return FieldError("survey", "the survey form this response answers is not published here");
  }
  absl::StatusOr<SurveyForm> form = FormOf(**survey);
  if (!form.ok()) return FieldError("survey", std::string(form.status().message()));
  const v1::Value* version = FieldValue(response, "survey_version");
  if (version != nullptr && version->integer() != form->version) {
    return FieldError("survey_version",
                      absl::StrCat("'survey_version' is ", version->integer(), " but the form is ",
                                   form->form, " version ", form->version));
  }
  const nlohmann::json answers = nlohmann::json::parse(TextOf(response, "answers"), nullptr, false);
  const bool final = TextOf(response, "state") == "final";
  if (absl::Status s = ValidateAnswers(*form, answers, final); !s.ok()) {
    return FieldError("answers", std::string(s.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateReferences(const v1::Record& record, const RecordLookup& find) {
  if (record.kind() == "survey_response") return ValidateResponse(record, find);
  return absl::OkStatus();
}

}  // namespace hromada
