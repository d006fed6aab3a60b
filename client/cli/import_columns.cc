#include "client/cli/import_columns.h"

#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "shared/base/text.h"

namespace hromada::cli {
namespace {

// Header words -> the person field, one of the name parts "surname",
// "given", "patronymic", "community" or "date".
const std::map<std::string, std::string>& Columns() {
  static const auto* columns =
      new std::map<std::string, std::string>{{"піб", "full_name"},
                                             {"пiб", "full_name"},
                                             {"прізвище імя по батькові", "full_name"},
                                             {"прізвище, імя, по батькові", "full_name"},
                                             {"прізвище та імя", "full_name"},
                                             {"імя та прізвище", "full_name"},
                                             {"учасник", "full_name"},
                                             {"учасниця", "full_name"},
                                             {"full name", "full_name"},
                                             {"name", "full_name"},
                                             {"participant", "full_name"},
                                             {"прізвище", "surname"},
                                             {"surname", "surname"},
                                             {"last name", "surname"},
                                             {"family name", "surname"},
                                             {"імя", "given"},
                                             {"first name", "given"},
                                             {"given name", "given"},
                                             {"по батькові", "patronymic"},
                                             {"patronymic", "patronymic"},
                                             {"middle name", "patronymic"},
                                             {"телефон", "phone"},
                                             {"тел", "phone"},
                                             {"номер телефону", "phone"},
                                             {"мобільний", "phone"},
                                             {"phone", "phone"},
                                             {"phone number", "phone"},
                                             {"mobile", "phone"},
                                             {"рік народження", "birth_year"},
                                             {"рн", "birth_year"},
                                             {"р н", "birth_year"},
                                             {"birth year", "birth_year"},
                                             {"year of birth", "birth_year"},
                                             {"дата народження", "birth_year"},
                                             {"date of birth", "birth_year"},
                                             {"birth date", "birth_year"},
                                             {"громада", "community"},
                                             {"тг", "community"},
                                             {"community", "community"},
                                             {"hromada", "community"},
                                             {"стать", "gender"},
                                             {"gender", "gender"},
                                             {"sex", "gender"},
                                             {"впо", "idp"},
                                             {"idp", "idp"},
                                             {"ветеран", "veteran"},
                                             {"veteran", "veteran"},
                                             {"інвалідність", "disability"},
                                             {"особа з інвалідністю", "disability"},
                                             {"disability", "disability"},
                                             {"молодь", "youth"},
                                             {"youth", "youth"},
                                             {"організація", "organisation"},
                                             {"установа", "organisation"},
                                             {"organisation", "organisation"},
                                             {"organization", "organisation"},
                                             {"примітки", "notes"},
                                             {"примітка", "notes"},
                                             {"коментар", "notes"},
                                             {"notes", "notes"},
                                             {"дата", "date"},
                                             {"дата зустрічі", "date"},
                                             {"date", "date"},
                                             {"meeting date", "date"}};
  return *columns;
}

}  // namespace

std::string FoldHeader(absl::string_view text) {
  const std::string h = absl::StrReplaceAll(
      text,
      {{"'", ""}, {"’", ""}, {"ʼ", ""}, {"`", ""}, {".", ""}, {"_", " "}, {":", ""}, {",", ""}});
  return SearchKey(h);
}

std::string ColumnOf(absl::string_view header) {
  static const auto* folded = [] {
    auto* out = new std::map<std::string, std::string>;
    for (const auto& [words, field] : Columns()) (*out)[FoldHeader(words)] = field;
    return out;
  }();
  auto it = folded->find(FoldHeader(header));
  return it == folded->end() ? "" : it->second;
}

std::string FullNameOf(const std::map<std::string, std::string>& parts) {
  auto full = parts.find("full_name");
  if (full != parts.end() && !full->second.empty()) return full->second;
  std::vector<std::string> words;
  for (const char* p : {"surname", "given", "patronymic"}) {
    auto it = parts.find(p);
    if (it != parts.end() && !it->second.empty()) words.push_back(it->second);
  }
  return absl::StrJoin(words, " ");
}

}  // namespace hromada::cli
