// The one catalogue of the words people use for the codes of choices
// (organisation kinds, genders, meeting formats and attendance modes,
// attendance roles, initiative statuses, yes/no answers), in Ukrainian or
// English. The report writes with it (ValueLabel, FieldLabel: internal to
// shared/report, the renderers); everything that reads a choice a person
// typed reads with it (ReadChoice, ChoiceWords: the CLI's flags and `put`,
// the survey prompt), so a word the report prints is a word that can be
// typed. Pure lookups over constant tables: thread-safe, never fail.
#ifndef HROMADA_SHARED_REPORT_LABELS_H_
#define HROMADA_SHARED_REPORT_LABELS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "shared/report/render.h"

namespace hromada {
namespace report_render {

// The label of `code` as a value of `field`: "organisation_kind", "gender",
// "format", "status", or a yes/no breakdown ("idp", "veteran", …: "yes",
// "no", and "unknown" for a question not asked). A code no table knows is
// returned as it is (a value written by a newer version stays readable).
std::string ValueLabel(absl::string_view field, absl::string_view code, ReportLang lang);

// The heading of a breakdown ("gender" -> "Стать" / "Gender").
std::string FieldLabel(absl::string_view field, ReportLang lang);

// The word for a key of the report's tables in `lang`: a sheet
// ("meetings" -> "Засідання"), a column or summary measure
// ("mean_days" -> "Днів у середньому"), a question type
// ("multiple_choice") or a need's method ("share"). A key with no word is
// returned as it is.
std::string HeadingLabel(absl::string_view key, ReportLang lang);

// A fixed phrase of the report in `lang`: `uk` or `en`, whichever is asked.
inline const char* Say(ReportLang lang, const char* uk, const char* en) {
  return lang == ReportLang::kEn ? en : uk;
}

}  // namespace report_render

// The code among `codes` (the choices a schema field allows, e.g.
// FieldSpec::values) that `typed` names: the code itself, or its words in
// the catalogue for `field` ("gender", "respondent_gender",
// "organisation_kind", "format", "mode", "role", "status"): the label in
// either language, or a word people also use ("жінка", "ч", "офлайн").
// Any case, either script, "_", "-" and " " alike (by SearchKey).
// nullopt when nothing fits.
std::optional<std::string> ReadChoice(absl::string_view field, absl::string_view typed,
                                      const std::vector<std::string>& codes);

// `codes` as a person reads them, for an error that lists the choices:
// "Жінки (female), Чоловіки (male), …" (the code alone where the
// catalogue has no word).
std::string ChoiceWords(absl::string_view field, const std::vector<std::string>& codes);

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_LABELS_H_
