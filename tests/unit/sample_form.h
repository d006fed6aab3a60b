// A needs-survey form with one question of each type, for tests of the
// form rules (shared/forms/survey.h) and of the CLI's typed answers.
#ifndef HROMADA_TESTS_UNIT_SAMPLE_FORM_H_
#define HROMADA_TESTS_UNIT_SAMPLE_FORM_H_

namespace hromada::test {

inline constexpr char kNeedsFormJson[] = R"({
  "form": "needs", "version": 2, "title": "Потреби громади",
  "questions": [
    {"id": "top_needs", "type": "ranking", "text": "Що найпотрібніше?", "required": true,
     "options": [{"id": "shelter", "label": "Укриття"}, {"id": "water", "label": "Вода"},
                 {"id": "jobs", "label": "Робота"}]},
    {"id": "safety", "type": "rating", "text": "Наскільки безпечно вдома?"},
    {"id": "services", "type": "multiple_choice", "text": "Яких послуг бракує?",
     "options": [{"id": "medical", "label": "Медицина"}, {"id": "transport", "label": "Транспорт"},
                 {"id": "school", "label": "Школа"}],
     "max_choices": 2},
    {"id": "kind", "type": "single_choice", "text": "Ви мешканець чи ВПО?",
     "options": [{"id": "resident", "label": "Мешканець"}, {"id": "idp", "label": "ВПО"}]},
    {"id": "households", "type": "number", "text": "Скільки домогосподарств?", "min": 0,
     "max": 1000},
    {"id": "comment", "type": "text", "text": "Коментар", "max_length": 20}]})";
;

}  // namespace hromada::test

#endif  // HROMADA_TESTS_UNIT_SAMPLE_FORM_H_
