// The words people use for the codes a report holds (organisation kinds,
// genders, meeting formats, initiative statuses, yes/no answers), in
// Ukrainian or English. Pure lookups over constant tables: thread-safe,
// never fail. Internal to shared/report (the renderers).
#ifndef HROMADA_SHARED_REPORT_LABELS_H_
#define HROMADA_SHARED_REPORT_LABELS_H_

#include <string>

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

// A fixed phrase of the report in `lang`: `uk` or `en`, whichever is asked.
inline const char* Say(ReportLang lang, const char* uk, const char* en) {
  return lang == ReportLang::kEn ? en : uk;
}

}  // namespace report_render
}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_LABELS_H_
