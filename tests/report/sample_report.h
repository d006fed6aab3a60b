// A hand-built Report for the renderers' tests: Ukrainian names, and text
// with the characters that break careless output (" , < & and a line
// break). Shared by tests/unit/report_render_test.cc and the browser test.
#ifndef HROMADA_TESTS_REPORT_SAMPLE_REPORT_H_
#define HROMADA_TESTS_REPORT_SAMPLE_REPORT_H_

#include "shared/report/report.h"

namespace hromada {
namespace test {

// A name with every character HTML and CSV must escape.
inline constexpr char kAwkwardLatin[] = "Chornobaivka \"<Nova>\", & Co";
inline constexpr char kAwkwardUk[] = "Чорнобаївка \"<Нова>\", & Ко";

inline Report SampleReport() {
  Report r;
  r.query = {"", "2024-01-01", "2025-12-31", "2025-12-31"};
  r.scope = "all communities";
  r.as_of = "2025-12-31";
  r.meetings = 54;
  r.attendances = 731;
  r.individuals = 140;
  r.new_individuals = 97;
  r.returning_individuals = 43;
  r.merged_records = 6;
  r.survey_responses = 212;
  r.initiatives = 23;
  r.communities = {
      {"1b4e28ba-2fa1-11d2-883f-0016d3cca427", "Станіслав", "Stanislav", 10, 142, 31},
      {"2c5f39cb-2fa1-11d2-883f-0016d3cca427", kAwkwardUk, kAwkwardLatin, 9, 1205, 25},
      {"3d6a4adc-2fa1-11d2-883f-0016d3cca427", "Нововоронцовка", "Novovorontsovka", 8, 97, 19}};
  r.meeting_rows = {
      {"m-0001", r.communities[0].id, "Станіслав", "2024-02-14", "in_person", 1, 14, 14},
      {"m-0002", r.communities[1].id, kAwkwardUk, "2024-03-02", "hybrid", 0, 9, 3},
      {"m-0003", r.communities[2].id, "Нововоронцовка", "2025-11-30", "online", 12, 1203, 0}};
  r.breakdowns = {
      {"gender", {{"female", 82}, {"male", 57}, {"unknown", 1}}},
      {"organisation_kind", {{"ngo", 40}, {"police", 12}, {"resident", 88}, {"civil_military", 3}}},
      {"idp", {{"no", 101}, {"yes", 39}}}};
  r.needs = {{"needs",
              "Потреби громади",
              "top_needs",
              "Що найважливіше?\nОберіть до трьох",
              "ranking",
              "borda",
              180,
              {{"shelter", "Укриття", 412, 150}, {"water", "Вода, \"чиста\" <питна>", 301.5, 122}}},
             {"needs",
              "Потреби громади",
              "services",
              "Яких послуг бракує?",
              "multiple_choice",
              "share",
              96,
              {{"pharmacy", "Аптека", 0.625, 60}, {"bus", "Автобус", 0.3333333333, 32}}},
             {"safety-v2",
              "Безпека",
              "safety",
              "Як ви оцінюєте безпеку?",
              "rating",
              "mean",
              77,
              {{"safety", "Оцінка", 3.4285714, 77}}}};
  r.statuses = {{"proposed", 4, 23, 12.5, 10},
                {"prioritised", 3, 18, 30.25, 21},
                {"under_consideration", 2, 14, 44, 40},
                {"awaiting_funding", 5, 12, 61.75, 58.5},
                {"funded", 1, 7, 20, 20},
                {"in_progress", 3, 6, 75.5, 70},
                {"implemented", 3, 3, 0, 0},
                {"rejected", 2, 2, 0, 0}};
  r.text_answers = {{"needs",
                     "Потреби громади",
                     "other",
                     "Що ще?",
                     {{"2024-05-01", "Ліхтарі на\nвулиці <Шкільній>"},
                      {"2025-01-02", "=SUM(A1:A9)"}}}};
  r.initiative_rows = {
      {"i-0001", "Stanislav", "Укриття для школи № 2, \"безпечне\"", "освіта", "UNDP", 125000.5,
       "awaiting_funding", "2025-10-01", 91},
      {"i-0002", kAwkwardLatin, "Ліхтарі", "інфраструктура", "", -1, "proposed", "", -1}};
  return r;
}

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_REPORT_SAMPLE_REPORT_H_
