// The columns of the lists people keep (participant lists, sign-in
// sheets), found by their header in Ukrainian or English, for the import
// commands (import_persons.cc, import_attendance.cc). Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_IMPORT_COLUMNS_H_
#define HROMADA_CLIENT_CLI_IMPORT_COLUMNS_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace hromada::cli {

// A header folded for matching: case, script, apostrophes and dots do not
// matter ("П.І.Б." is "ПІБ", "Ім’я" is "Імя", "FULL_NAME" is "full name").
std::string FoldHeader(absl::string_view text);

// What a header names: a person field (full_name, phone, birth_year,
// gender, idp, veteran, disability, youth, organisation, notes), a part of
// the name ("surname", "given", "patronymic"), "community" or "date"; ""
// if it is not known.
std::string ColumnOf(absl::string_view header);

// The full name from the name columns of one row (`parts`: full_name, or
// surname, given and patronymic), in Ukrainian order.
std::string FullNameOf(const std::map<std::string, std::string>& parts);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_IMPORT_COLUMNS_H_
