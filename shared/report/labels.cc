#include "shared/report/labels.h"

#include <map>
#include <utility>

namespace hromada {
namespace report_render {
namespace {

// code -> (Ukrainian, English).
using Words = std::map<absl::string_view, std::pair<absl::string_view, absl::string_view>>;

const Words& OrganisationKinds() {
  static const auto* const kWords =
      new Words{{"military_administration", {"Військова адміністрація", "Military administration"}},
                {"council", {"Рада громади", "Council"}},
                {"emergency_service", {"Рятувальна служба", "Emergency service"}},
                {"police", {"Поліція", "Police"}},
                {"ngo", {"Громадська організація", "NGO"}},
                {"charity", {"Благодійна організація", "Charity"}},
                {"education", {"Освіта", "Education"}},
                {"medical", {"Медицина", "Medical"}},
                {"civil_military", {"Цивільно-військова співпраця", "Civil–military cooperation"}},
                {"international", {"Міжнародна організація", "International organisation"}},
                {"resident", {"Мешканці", "Residents"}},
                {"other", {"Інше", "Other"}},
                {"unknown", {"Не вказано", "Not given"}}};
  return *kWords;
}

const Words& Genders() {
  static const auto* const kWords = new Words{{"female", {"Жінки", "Women"}},
                                              {"male", {"Чоловіки", "Men"}},
                                              {"other", {"Інше", "Other"}},
                                              {"unknown", {"Не вказано", "Not given"}}};
  return *kWords;
}

const Words& Formats() {
  static const auto* const kWords = new Words{{"in_person", {"Очно", "In person"}},
                                              {"online", {"Онлайн", "Online"}},
                                              {"hybrid", {"Змішано", "Hybrid"}}};
  return *kWords;
}

const Words& Statuses() {
  static const auto* const kWords =
      new Words{{"proposed", {"Запропоновано", "Proposed"}},
                {"prioritised", {"Пріоритизовано", "Prioritised"}},
                {"under_consideration", {"На розгляді", "Under consideration"}},
                {"awaiting_funding", {"Очікує фінансування", "Awaiting funding"}},
                {"funded", {"Профінансовано", "Funded"}},
                {"in_progress", {"Виконується", "In progress"}},
                {"implemented", {"Реалізовано", "Implemented"}},
                {"rejected", {"Відхилено", "Rejected"}}};
  return *kWords;
}

// Yes/no questions: "unknown" is a person nobody asked.
const Words& YesNo() {
  static const auto* const kWords = new Words{
      {"yes", {"Так", "Yes"}}, {"no", {"Ні", "No"}}, {"unknown", {"Не питали", "Not asked"}}};
  return *kWords;
}

const Words& Fields() {
  static const auto* const kWords =
      new Words{{"organisation_kind", {"Тип організації", "Organisation kind"}},
                {"gender", {"Стать", "Gender"}},
                {"idp", {"ВПО (внутрішньо переміщені)", "Internally displaced (IDP)"}},
                {"veteran", {"Ветерани", "Veterans"}},
                {"disability", {"Інвалідність", "Disability"}},
                {"youth", {"Молодь", "Youth"}}};
  return *kWords;
}

std::string Find(const Words& words, absl::string_view code, ReportLang lang) {
  const auto it = words.find(code);
  if (it == words.end()) return std::string(code);
  return std::string(lang == ReportLang::kEn ? it->second.second : it->second.first);
}

}  // namespace

std::string ValueLabel(absl::string_view field, absl::string_view code, ReportLang lang) {
  if (field == "organisation_kind") return Find(OrganisationKinds(), code, lang);
  if (field == "gender") return Find(Genders(), code, lang);
  if (field == "format") return Find(Formats(), code, lang);
  if (field == "status") return Find(Statuses(), code, lang);
  return Find(YesNo(), code, lang);
}

std::string FieldLabel(absl::string_view field, ReportLang lang) {
  return Find(Fields(), field, lang);
}

}  // namespace report_render
}  // namespace hromada
