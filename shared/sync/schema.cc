#include "shared/sync/schema.h"

#include "absl/strings/str_join.h"
#include "shared/sync/initiative.h"

namespace hromada {
namespace {

FieldSpec Of(std::string name, FieldType type, bool required = false) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.required = required;
  return f;
}

FieldSpec Text(std::string name, int64_t max_length, bool required = false) {
  FieldSpec f = Of(std::move(name), FieldType::kText, required);
  f.max_length = max_length;
  return f;
}
FieldSpec Enum(std::string name, std::vector<std::string> values, bool required = false) {
  FieldSpec f = Of(std::move(name), FieldType::kEnum, required);
  f.values = std::move(values);
  return f;
}
FieldSpec Int(std::string name, double min, double max, bool required = false) {
  FieldSpec f = Of(std::move(name), FieldType::kInt, required);
  f.min = min;
  f.max = max;
  return f;
}
FieldSpec Ref(std::string name, std::string kind, bool required = false) {
  FieldSpec f = Of(std::move(name), FieldType::kRef, required);
  f.ref_kind = std::move(kind);
  return f;
}
FieldSpec Real(std::string name, double min, double max) {
  FieldSpec f = Of(std::move(name), FieldType::kReal);
  f.min = min;
  f.max = max;
  return f;
}

// An initiative keeps its status history as one date field per status
// ("entered_funded"): each is written once, when the initiative enters that
// status, so concurrent moves on two devices merge field by field.
KindSpec InitiativeKind(const std::vector<std::string>& statuses) {
  KindSpec kind{"initiative",
                false,
                {Text("title", 300, true), Text("category", 100), Enum("status", statuses, true),
                 Real("estimated_cost", 0, 1e12), Text("donor", 300), Text("notes", 10000)}};
  for (const std::string& status : statuses) {
    kind.fields.push_back(Of("entered_" + status, FieldType::kDate));
  }
  return kind;
}

// A write that lost to a concurrent one, written by the server (see
// shared/sync/conflict.h). It holds personal values, so its community_id is the
// community's ConflictScope, which only coordinators pull; `community`
// names the community. Coordinators write only `state` and `resolution`.
FieldSpec Bool(std::string name) { return Of(std::move(name), FieldType::kBool); }
KindSpec ConflictKind() {
  KindSpec kind{"conflict", false, {Ref("community", "community", true), Text("field", 100)}};
  for (const std::string side : {"kept", "lost"}) {
    kind.fields.push_back(Text(side, 300000));  // the value as JSON (ValueJson)
    kind.fields.push_back(Bool(side + "_deleted"));
    kind.fields.push_back(Text(side + "_device", 36));
    kind.fields.push_back(Text(side + "_device_name", 100));
    kind.fields.push_back(Int(side + "_ms", 0, 1e15));
  }
  kind.fields.push_back(Text("record", 36, true));
  kind.fields.push_back(Text("record_kind", 100, true));
  kind.fields.push_back(Enum("resolution", {"theirs", "mine"}));
  kind.fields.push_back(Enum("state", {"open", "resolved"}, true));
  kind.coordinator_only = true;
  return kind;
}

std::vector<KindSpec> MakeKinds() {
  const std::vector<std::string> kOrganisationKinds = {"military_administration",
                                                       "council",
                                                       "emergency_service",
                                                       "police",
                                                       "ngo",
                                                       "charity",
                                                       "education",
                                                       "medical",
                                                       "civil_military",
                                                       "international",
                                                       "resident",
                                                       "other"};
  const std::vector<std::string> kGenders = {"female", "male", "other", "unknown"};
  const std::vector<std::string>& kStatuses = InitiativeStatuses();
  return {
      {"community",
       true,
       {Text("name_uk", 200, true), Text("name_latin", 200, true), Text("oblast", 200),
        Text("raion", 200)}},
      {"person",
       false,
       {Text("full_name", 200, true), Enum("gender", kGenders), Int("birth_year", 1900, 2100),
        Text("phone", 32), Text("organisation", 200), Enum("organisation_kind", kOrganisationKinds),
        Of("idp", FieldType::kBool), Of("veteran", FieldType::kBool),
        Of("disability", FieldType::kBool), Of("youth", FieldType::kBool), Text("notes", 2000)}},
      {"meeting",
       false,
       {Of("date", FieldType::kDate, true), Int("number", 1, 100000),
        Enum("format", {"in_person", "online", "hybrid"}), Text("topics", 2000),
        Text("notes", 10000)}},
      {"attendance",
       false,
       {Ref("meeting", "meeting", true), Ref("person", "person", true),
        Enum("mode", {"in_person", "online"}),
        Enum("role", {"participant", "speaker", "organiser", "guest"})}},
      // One record per version of a form: id SurveyId(form, version), never
      // edited once published (see survey.h).
      {"survey",
       true,
       {Text("form", 100, true), Text("title", 300, true), Int("version", 1, 1000000, true),
        Text("questions", 100000, true)}},
      // Answers to one version of a form. A draft syncs (so nothing is lost)
      // but only final responses count in reports.
      {"survey_response",
       false,
       {Ref("survey", "survey", true), Int("survey_version", 1, 1000000, true),
        Of("date", FieldType::kDate, true), Ref("respondent", "person"),
        Enum("respondent_gender", kGenders), Int("respondent_birth_year", 1900, 2100),
        Of("respondent_idp", FieldType::kBool), Of("respondent_veteran", FieldType::kBool),
        Text("answers", 100000, true), Enum("state", {"draft", "final"})}},
      InitiativeKind(kStatuses),
      {"person_merge",
       false,
       {Ref("person", "person", true), Ref("same_as", "person", true)},
       /*coordinator_only=*/true},
      // A file attached to a record of this community, e.g. a photo of a
      // meeting's sign-in sheet: what the file is, not its bytes, which
      // travel apart (docs/protocol.md "Attachments"). `record` may name any
      // kind `record_kind` says (ValidateReferences checks it). One record
      // names one content: another file is another attachment record.
      {"attachment",
       false,
       {Enum("record_kind", AttachableKinds(), true), Ref("record", "", true),
        Text("sha256", 64, true), Int("size", 1, 1e12, true), Text("media_type", 100),
        Text("file_name", 255)}},
      ConflictKind(),
  };
}

}  // namespace

const std::vector<std::string>& AttachableKinds() {
  static const std::vector<std::string>* kinds = new std::vector<std::string>(
      {"person", "meeting", "attendance", "survey_response", "initiative"});
  return *kinds;
}

const FieldSpec* KindSpec::Find(absl::string_view field) const {
  for (const FieldSpec& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const std::vector<KindSpec>& AllKinds() {
  static const std::vector<KindSpec>* kinds = new std::vector<KindSpec>(MakeKinds());
  return *kinds;
}

const KindSpec* FindKind(absl::string_view kind) {
  for (const KindSpec& k : AllKinds()) {
    if (k.name == kind) return &k;
  }
  return nullptr;
}

std::string FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "text";
    case FieldType::kEnum:
      return "choice";
    case FieldType::kDate:
      return "date";
    case FieldType::kInt:
      return "whole number";
    case FieldType::kReal:
      return "number";
    case FieldType::kBool:
      return "yes/no";
    case FieldType::kRef:
      return "record id";
  }
  return "value";
}

}  // namespace hromada
