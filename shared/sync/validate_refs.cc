// ValidateReferences: references that exist and stay in their community,
// and a survey response checked against its form.
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "shared/forms/survey.h"
#include "shared/sync/record_fields.h"
#include "shared/sync/schema.h"
#include "shared/sync/validate.h"
#include "shared/sync/validate_kinds.h"

namespace hromada {
namespace {

bool Sets(const v1::Record& change, absl::string_view name) {
  return FindField(change, name) != nullptr;
}

// The form of a `survey` record (ValidateChange has checked its parts).
absl::StatusOr<SurveyForm> FormOf(const v1::Record& survey) {
  SurveyForm form;
  form.form = std::string(TextOf(survey, "form"));
  const v1::Value* version = FindField(survey, "version");
  form.version = version != nullptr ? version->integer() : 0;
  absl::StatusOr<std::vector<Question>> questions = QuestionsFromJson(TextOf(survey, "questions"));
  if (!questions.ok()) return questions.status();
  form.questions = *std::move(questions);
  return form;
}

// One reference field of `record`: its target exists here and is in the
// record's community (or shared). The message names the field and the
// kind, never the other community, and is the same whether the target is
// missing or in another community, so a refusal does not tell a device
// that a record exists somewhere it may not read.
absl::Status CheckReference(const v1::Record& record, const FieldSpec& spec,
                            const RecordCommunityLookup& community_of) {
  const v1::Value* value = FindField(record, spec.name);
  if (value == nullptr || value->v_case() != v1::Value::kRef) return absl::OkStatus();
  absl::StatusOr<std::optional<std::string>> target = community_of(spec.ref_kind, value->ref());
  if (!target.ok()) return target.status();
  const KindSpec* kind = FindKind(spec.ref_kind);
  if (!target->has_value() ||
      (kind != nullptr && !kind->shared && **target != record.community_id())) {
    return FieldError(
        spec.name, absl::StrCat("the ", spec.ref_kind, " that '", spec.name,
                                "' names does not exist in this ", record.kind(), "'s community"));
  }
  return absl::OkStatus();
}

absl::Status ValidateResponse(const v1::Record& response, const RecordLookup& find) {
  const v1::Value* survey_ref = FindField(response, "survey");
  if (survey_ref == nullptr) return absl::OkStatus();  // ValidateRequired says so
  absl::StatusOr<std::optional<v1::Record>> survey = find("survey", survey_ref->ref());
  if (!survey.ok()) return survey.status();
  if (!survey->has_value()) {
    return FieldError("survey", "the survey form this response answers is not published here");
  }
  // A withdrawn (deleted) form keeps its questions, so answers made before
  // the device heard of the withdrawal are still checked against it.
  absl::StatusOr<SurveyForm> form = FormOf(**survey);
  if (!form.ok()) return FieldError("survey", std::string(form.status().message()));
  const v1::Value* version = FindField(response, "survey_version");
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

// An attachment's `record` names a record of the kind `record_kind` says,
// in the attachment's community, with the same answer whether it is
// missing or elsewhere (as CheckReference).
absl::Status CheckAttached(const v1::Record& attachment,
                           const RecordCommunityLookup& community_of) {
  const v1::Value* ref = FindField(attachment, "record");
  const absl::string_view kind = TextOf(attachment, "record_kind");
  if (ref == nullptr || ref->v_case() != v1::Value::kRef || kind.empty()) {
    return absl::OkStatus();  // ValidateRequired says so
  }
  absl::StatusOr<std::optional<std::string>> target = community_of(kind, ref->ref());
  if (!target.ok()) return target.status();
  if (!target->has_value() || **target != attachment.community_id()) {
    return FieldError("record", absl::StrCat("the ", kind,
                                             " that 'record' names does not exist in this "
                                             "attachment's community"));
  }
  return absl::OkStatus();
}

bool SetsResponseParts(const v1::Record& change) {
  return Sets(change, "survey") || Sets(change, "survey_version") || Sets(change, "answers") ||
         Sets(change, "state");
}

}  // namespace

absl::Status ValidateReferences(const v1::Record& record, const v1::Record& change,
                                const RecordLookup& find,
                                const RecordCommunityLookup& community_of) {
  const KindSpec* kind = FindKind(record.kind());
  if (kind == nullptr) return absl::OkStatus();
  for (const FieldSpec& spec : kind->fields) {
    if (spec.type != FieldType::kRef || spec.ref_kind.empty() || !Sets(change, spec.name)) continue;
    if (absl::Status s = CheckReference(record, spec, community_of); !s.ok()) return s;
  }
  if (record.kind() == "attachment" && (Sets(change, "record") || Sets(change, "record_kind"))) {
    if (absl::Status s = CheckAttached(record, community_of); !s.ok()) return s;
  }
  if (record.kind() == "survey_response" && SetsResponseParts(change)) {
    return ValidateResponse(record, find);
  }
  return absl::OkStatus();
}

absl::Status ValidateReferences(const v1::Record& record, const v1::Record& change,
                                const RecordLookup& find) {
  return ValidateReferences(
      record, change, find,
      [&](absl::string_view kind,
          absl::string_view id) -> absl::StatusOr<std::optional<std::string>> {
        absl::StatusOr<std::optional<v1::Record>> target = find(kind, id);
        if (!target.ok()) return target.status();
        if (!target->has_value()) return std::nullopt;
        return (*target)->community_id();
      });
}

}  // namespace hromada
