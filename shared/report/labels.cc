#include "shared/report/labels.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "shared/base/text.h"

namespace hromada {
namespace report_render {
namespace {

// A code's words: the label in Ukrainian and in English, and what people
// also type for it (read, never written).
struct Word {
  absl::string_view uk, en;
  std::vector<absl::string_view> also = {};
};
using Words = std::map<absl::string_view, Word>;

const Words& OrganisationKinds() {
  static const auto* const kWords = new Words{
      {"military_administration",
       {"Військова адміністрація", "Military administration", {"ВА", "ВЦА", "адміністрація"}}},
      {"council", {"Рада громади", "Council", {"рада"}}},
      {"emergency_service", {"Рятувальна служба", "Emergency service", {"ДСНС"}}},
      {"police", {"Поліція", "Police"}},
      {"ngo", {"Громадська організація", "NGO", {"ГО"}}},
      {"charity", {"Благодійна організація", "Charity"}},
      {"education", {"Освіта", "Education"}},
      {"medical", {"Медицина", "Medical"}},
      {"civil_military",
       {"Цивільно-військова співпраця", "Civil–military cooperation", {"CIMIC", "ЦВС"}}},
      {"international", {"Міжнародна організація", "International organisation"}},
      {"resident", {"Мешканці", "Residents", {"мешканець", "мешканка"}}},
      {"other", {"Інше", "Other"}},
      {"unknown", {"Не вказано", "Not given"}}};
  return *kWords;
}

const Words& Genders() {
  static const auto* const kWords =
      new Words{{"female", {"Жінки", "Women", {"жінка", "жіноча", "ж", "woman"}}},
                {"male", {"Чоловіки", "Men", {"чоловік", "чоловіча", "ч", "man"}}},
                {"other", {"Інше", "Other", {"інша"}}},
                {"unknown", {"Не вказано", "Not given", {"невідомо", "не питали"}}}};
  return *kWords;
}

const Words& Formats() {
  static const auto* const kWords =
      new Words{{"in_person", {"Очно", "In person", {"офлайн", "очна", "наживо", "offline"}}},
                {"online", {"Онлайн", "Online", {"дистанційно", "онлайн"}}},
                {"hybrid", {"Змішано", "Hybrid", {"змішана", "гібридна", "гібрид"}}}};
  return *kWords;
}

// A survey response's state.
const Words& ResponseStates() {
  static const auto* const kWords =
      new Words{{"draft", {"Чернетка", "Draft", {"не завершено", "unfinished"}}},
                {"final", {"Завершено", "Finished", {"завершене", "готово", "finished", "done"}}}};
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
  static const auto* const kWords = new Words{{"yes", {"Так", "Yes", {}}},
                                              {"no", {"Ні", "No", {}}},
                                              {"unknown", {"Не питали", "Not asked", {}}}};
  return *kWords;
}

const Words& Roles() {
  static const auto* const kWords =
      new Words{{"participant", {"Учасник", "Participant", {"учасниця"}}},
                {"speaker", {"Доповідач", "Speaker", {"доповідачка", "спікер"}}},
                {"organiser", {"Організатор", "Organiser", {"організаторка", "organizer"}}},
                {"guest", {"Гість", "Guest", {"гостя"}}}};
  return *kWords;
}

// The table of `field`'s words: a schema field's name (person.gender,
// meeting.format, attendance.mode and role, initiative.status, …) or a
// report breakdown's; nullptr for a field without words.
const Words* WordsOf(absl::string_view field) {
  if (field == "organisation_kind") return &OrganisationKinds();
  if (field == "gender" || field == "respondent_gender") return &Genders();
  if (field == "format" || field == "mode") return &Formats();
  if (field == "status") return &Statuses();
  if (field == "state") return &ResponseStates();
  if (field == "role") return &Roles();
  return nullptr;
}

// What a choice is found by: SearchKey, with "_" and "-" as spaces, so
// "in_person", "In-Person" and "in person" are one.
std::string ChoiceKey(absl::string_view text) {
  return SearchKey(absl::StrReplaceAll(text, {{"_", " "}, {"-", " "}}));
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

// Sheets, columns and summary measures of sheets.h, question types and
// need methods (each key once: a column and a measure of the same name
// mean the same).
const Words& Headings() {
  static const auto* const kWords =
      new Words{// sheets (Excel allows 31 characters)
                {"summary", {"Підсумок", "Summary"}},
                {"communities", {"Громади", "Communities"}},
                {"breakdowns", {"Учасники за групами", "Participants by group"}},
                {"needs", {"Потреби", "Needs"}},
                {"initiative_statuses", {"Статуси ініціатив", "Initiative statuses"}},
                {"text_answers", {"Відповіді текстом", "Text answers"}},
                // columns and measures
                {"measure", {"Показник", "Measure"}},
                {"value", {"Значення", "Value"}},
                {"scope", {"Охоплення", "Scope"}},
                {"id", {"Ідентифікатор", "Id"}},
                {"community_id", {"Ідентифікатор громади", "Community id"}},
                {"from", {"Від", "From"}},
                {"to", {"До", "To"}},
                {"as_of", {"Станом на", "As of"}},
                {"name_latin", {"Назва латиницею", "Name (Latin)"}},
                {"name_uk", {"Назва українською", "Name (Ukrainian)"}},
                {"meetings", {"Засідання", "Meetings"}},
                {"attendances", {"Відвідування", "Attendances"}},
                {"individuals", {"Учасники", "Individuals"}},
                {"new_individuals", {"Нові учасники", "New individuals"}},
                {"returning_individuals", {"Постійні учасники", "Returning individuals"}},
                {"merged_records", {"Об’єднані записи", "Merged records"}},
                {"survey_responses", {"Відповіді на опитування", "Survey responses"}},
                {"initiatives", {"Ініціативи", "Initiatives"}},
                {"date", {"Дата", "Date"}},
                {"community", {"Громада", "Community"}},
                {"number", {"Номер", "Number"}},
                {"format", {"Формат", "Format"}},
                {"first_timers", {"Уперше", "First-timers"}},
                {"breakdown", {"Ознака", "Breakdown"}},
                {"key", {"Група", "Group"}},
                {"form", {"Форма", "Form"}},
                {"title", {"Назва", "Title"}},
                {"question_id", {"Ідентифікатор питання", "Question id"}},
                {"question", {"Питання", "Question"}},
                {"type", {"Тип питання", "Question type"}},
                {"method", {"Як пораховано", "Method"}},
                {"respondents", {"Респонденти", "Respondents"}},
                {"rank", {"Місце", "Rank"}},
                {"option_id", {"Ідентифікатор варіанта", "Option id"}},
                {"label", {"Варіант", "Option"}},
                {"score", {"Бал", "Score"}},
                {"responses", {"Відповіді", "Responses"}},
                {"status", {"Статус", "Status"}},
                {"current", {"Зараз у статусі", "Now in status"}},
                {"passed", {"Пройшли статус", "Passed through"}},
                {"mean_days", {"Днів у середньому", "Mean days"}},
                {"median_days", {"Медіана днів", "Median days"}},
                {"category", {"Категорія", "Category"}},
                {"estimated_cost", {"Орієнтовна вартість", "Estimated cost"}},
                {"donor", {"Донор", "Donor"}},
                {"since", {"З дати", "Since"}},
                {"days_in_status", {"Днів у статусі", "Days in status"}},
                {"n", {"№", "No."}},
                {"answer", {"Відповідь", "Answer"}},
                // question types
                {"single_choice", {"Один варіант", "Single choice"}},
                {"multiple_choice", {"Кілька варіантів", "Multiple choice"}},
                {"rating", {"Оцінка", "Rating"}},
                {"ranking", {"Ранжування", "Ranking"}},
                {"text", {"Текст", "Text"}},
                // need methods
                {"borda", {"Бали Борда", "Borda points"}},
                {"share", {"Частка респондентів", "Share of respondents"}},
                {"mean", {"Середня оцінка", "Mean rating"}},
                {"count", {"Респонденти за значенням", "Respondents per value"}}};
  return *kWords;
}

std::string Find(const Words& words, absl::string_view code, ReportLang lang) {
  const auto it = words.find(code);
  if (it == words.end()) return std::string(code);
  return std::string(lang == ReportLang::kEn ? it->second.en : it->second.uk);
}

}  // namespace

std::string ValueLabel(absl::string_view field, absl::string_view code, ReportLang lang) {
  const Words* words = WordsOf(field);
  return Find(words != nullptr ? *words : YesNo(), code, lang);
}

std::string FieldLabel(absl::string_view field, ReportLang lang) {
  return Find(Fields(), field, lang);
}

std::string HeadingLabel(absl::string_view key, ReportLang lang) {
  return Find(Headings(), key, lang);
}

}  // namespace report_render

std::optional<std::string> ReadChoice(absl::string_view field, absl::string_view typed,
                                      const std::vector<std::string>& codes) {
  const std::string key = report_render::ChoiceKey(typed);
  if (key.empty()) return std::nullopt;
  const report_render::Words* words = report_render::WordsOf(field);
  for (const std::string& code : codes) {
    if (report_render::ChoiceKey(code) == key) return code;
    if (words == nullptr) continue;
    auto it = words->find(code);
    if (it == words->end()) continue;
    const report_render::Word& w = it->second;
    std::vector<absl::string_view> all = w.also;
    all.insert(all.end(), {w.uk, w.en});
    for (absl::string_view word : all) {
      if (report_render::ChoiceKey(word) == key) return code;
    }
  }
  return std::nullopt;
}

std::string ChoiceWords(absl::string_view field, const std::vector<std::string>& codes) {
  std::vector<std::string> shown;
  for (const std::string& code : codes) {
    const std::string uk = report_render::ValueLabel(field, code, ReportLang::kUk);
    shown.push_back(uk == code ? code : absl::StrCat(uk, " (", code, ")"));
  }
  return absl::StrJoin(shown, ", ");
}

}  // namespace hromada
