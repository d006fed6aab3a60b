// libFuzzer target: an XLSForm workbook as `hromada surveys publish
// FORM.xlsx` reads it: bytes → the .xlsx reader (libzip, pugixml) → the
// XLSForm import → the form rules (client/xlsform/xlsx.h, client/xlsform/xlsform.h). Any
// bytes must give a form or a status, never a crash; a form that comes out
// must survive the survey record's round trip.
//
// The first byte picks what the rest is (its lowest bit):
//   0  the .xlsx file itself, raw (mutations reach libzip and the part
//      limits);
//   1  the workbook's parts, as NUL-separated name, content, name, content…,
//      zipped here (stored, so their CRCs are right) before reading.
//      Mutations of the XML then reach pugixml and the import, past the
//      zip checks that would refuse nearly every raw mutation.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client/xlsform/xlsform.h"
#include "client/xlsform/xlsx.h"
#include "shared/forms/survey.h"

namespace {

constexpr size_t kMaxParts = 16;

// `parts` (name, content, …) as a zip archive, every entry stored; empty if
// libzip refuses a name.
std::string Zip(const std::vector<absl::string_view>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (buffer == nullptr) std::abort();
  zip_source_keep(buffer);  // read back after zip_close
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) std::abort();
  for (size_t i = 0; i + 1 < parts.size(); i += 2) {
    const std::string name(parts[i]);
    zip_source_t* content = zip_source_buffer(archive, parts[i + 1].data(), parts[i + 1].size(), 0);
    const zip_int64_t index =
        content == nullptr ? -1 : zip_file_add(archive, name.c_str(), content, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(content);
      zip_discard(archive);
      return "";
    }
    zip_set_file_compression(archive, index, ZIP_CM_STORE, 0);
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    return "";
  }
  std::string out;
  // libzip writes nothing for an archive with no entries: nothing to read.
  if (zip_source_open(buffer) != 0) return "";
  char chunk[4096];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) out.append(chunk, n);
  zip_source_close(buffer);
  return out;
}

void Import(absl::string_view bytes) {
  absl::StatusOr<std::vector<hromada::XlsxSheet>> sheets = hromada::ReadXlsxBytes(bytes);
  if (!sheets.ok()) return;
  absl::StatusOr<nlohmann::json> json = hromada::XlsFormToJson(*sheets, "fuzz", nullptr, nullptr);
  if (!json.ok()) return;
  absl::StatusOr<hromada::SurveyForm> form = hromada::ParseSurveyFormJson(json->dump());
  if (!form.ok()) return;
  absl::StatusOr<std::vector<hromada::Question>> back =
      hromada::QuestionsFromJson(hromada::QuestionsToJson(*form));
  if (!back.ok() || back->size() != form->questions.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    Import(rest);
    return 0;
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(rest, '\0');
  if (parts.size() > 2 * kMaxParts) return 0;
  const std::string zip = Zip(parts);
  if (!zip.empty()) Import(zip);
  return 0;
}
