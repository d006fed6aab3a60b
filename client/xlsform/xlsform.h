// XLSForm, the spreadsheet form format of ODK and Kobo, read as a needs
// survey form, the way pyxform reads it where the form model can follow.
// The workbook's `survey`, `choices` and `settings` sheets are turned into
// the same JSON a form file holds, then checked by ParseSurveyFormJson
// (shared/forms/survey.h), so one set of rules applies to every form however
// it was written. What maps to what is in docs/forms.md.
//
// Sheet and column names are read ignoring case; the settings sheet is
// optional (form_id defaults to the file's name); names become ids (lower
// case, other characters as _). What the model does not keep (notes,
// calculations, media and location questions, hints, appearance, other
// conditions and constraints) is left out with one warning line each, never
// refused. What it cannot hold at all (repeats, choices from a file, a form
// with no question left) is INVALID_ARGUMENT naming the sheet and row, e.g.
// `survey sheet, row 5, column A (type): "begin repeat" cannot be held by a
// hromada form: …`. NOT_FOUND if the file cannot be read.
//
// Stateless; safe to call from any thread.
#ifndef HROMADA_CLIENT_XLSFORM_XLSFORM_H_
#define HROMADA_CLIENT_XLSFORM_XLSFORM_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/xlsform/xlsx.h"
#include "shared/forms/survey.h"

namespace hromada {

// The settings sheet's version as written. Kobo writes "vT6CzZdSmJJvyeX…",
// ODK "2026113001": any text. When it is not a whole number from 1 to
// 1000000 (`given` false, also when there is none), the form reads as
// version 1 and the publisher chooses the number (surveys publish: the
// version already published with the same content, or the next one).
struct XlsFormVersion {
  bool given = false;
  std::string text;
};

struct XlsForm {
  SurveyForm form;
  XlsFormVersion version;
  std::vector<std::string> warnings;  // what was left out or changed, one line each
};

// The form file JSON of an XLSForm's sheets (not yet checked by the form
// rules). `file_stem`: the workbook's file name without its extension.
// `version` and `warnings` may be null.
absl::StatusOr<nlohmann::json> XlsFormToJson(const std::vector<XlsxSheet>& sheets,
                                             absl::string_view file_stem, XlsFormVersion* version,
                                             std::vector<std::string>* warnings);

// Reads an .xlsx XLSForm and checks it as a form.
absl::StatusOr<XlsForm> ReadXlsForm(const std::string& path);

}  // namespace hromada

#endif  // HROMADA_CLIENT_XLSFORM_XLSFORM_H_
