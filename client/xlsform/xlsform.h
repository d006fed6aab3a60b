// XLSForm, the spreadsheet form format of ODK and Kobo, read as a needs
// survey form. The workbook's `survey`, `choices` and `settings` sheets
// are turned into the same JSON a form file holds, then checked by
// ParseSurveyFormJson (shared/forms/survey.h), so one set of rules applies to
// every form however it was written. What maps to what is in
// docs/forms.md.
//
// Stateless; safe to call from any thread. Anything the form model cannot
// hold (groups, repeats, calculations, other question types, conditions
// other than `${q} = 'x'` and `selected(${q}, 'x')`, unknown columns) is INVALID_ARGUMENT naming
// the sheet, the row and the column, e.g. `survey sheet, row 5, column A (type): "begin_group" is
// not supported`. NOT_FOUND if the file cannot be read.
#ifndef HROMADA_CLIENT_XLSFORM_XLSFORM_H_
#define HROMADA_CLIENT_XLSFORM_XLSFORM_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/xlsform/xlsx.h"
#include "shared/forms/survey.h"

namespace hromada {

// The form file JSON of an XLSForm's sheets (not yet checked by the form
// rules).
absl::StatusOr<nlohmann::json> XlsFormToJson(const std::vector<XlsxSheet>& sheets);

// Reads an .xlsx XLSForm and checks it as a form.
absl::StatusOr<SurveyForm> ReadXlsFormFile(const std::string& path);

}  // namespace hromada

#endif  // HROMADA_CLIENT_XLSFORM_XLSFORM_H_
