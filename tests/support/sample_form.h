// The sample survey forms of the tests, each written once here.
#ifndef HROMADA_TESTS_SUPPORT_SAMPLE_FORM_H_
#define HROMADA_TESTS_SUPPORT_SAMPLE_FORM_H_

namespace hromada::test {

// A needs survey with one question of each type: "top_needs" (ranking of
// shelter, water, jobs; required), "safety" (rating), "services" (multiple
// choice, at most 2), "kind" (single choice), "households" (number
// 0..1000), "comment" (text, at most 20 characters).
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

// The same form in YAML, as `surveys publish` reads a file, with its texts
// as a keyboard may leave them: spaces around the title, and "й" typed as
// и + combining breve. Read, it gives the bytes of kNeedsFormJson.
inline constexpr char kNeedsFormYaml[] = R"(
form: needs
version: 2
title: "  Потреби громади "
questions:
  - id: top_needs
    type: ranking
    text: Що найпотрібніше?
    required: true
    options:
      - {id: shelter, label: Укриття}
      - {id: water, label: Вода}
      - {id: jobs, label: Робота}
  - id: safety
    type: rating
    text: Наскільки безпечно вдома?
    min: 1
    max: 5
  - id: services
    type: multiple_choice
    text: Яких послуг бракує?
    max_choices: 2
    options:
      - {id: medical, label: Медицина}
      - {id: transport, label: Транспорт}
      - {id: school, label: Школа}
  - id: kind
    type: single_choice
    text: Ви мешканець чи ВПО?
    options:
      - id: resident
        label: Мешканець
      - id: idp
        label: ВПО
  - id: households
    type: number
    text: Скільки домогосподарств?
    min: 0
    max: 1000
  - id: comment
    type: text
    text: "Коментар"
    max_length: 20
)";

// A short form for tests that type every answer at the prompt: "top"
// (ranking of shelter, water, jobs; required), "safety" (rating 1..5,
// required), "comment" (text).
inline constexpr char kShortFormJson[] = R"({"form": "needs", "version": 1, "title": "Потреби",
  "questions": [
    {"id": "top", "type": "ranking", "text": "Що найпотрібніше?", "required": true,
     "options": [{"id": "shelter", "label": "Укриття"}, {"id": "water", "label": "Вода"},
                 {"id": "jobs", "label": "Робота"}]},
    {"id": "safety", "type": "rating", "text": "Наскільки безпечно?", "min": 1, "max": 5,
     "required": true},
    {"id": "comment", "type": "text", "text": "Коментар"}]})";

}  // namespace hromada::test

#endif  // HROMADA_TESTS_SUPPORT_SAMPLE_FORM_H_
