// Surveys: the published forms, a new response (a draft from its first
// moment), one answer at a time saved as a draft, and finishing after the
// review. Which questions are asked is decided here by shared/forms'
// IsRelevant, and every answer is checked by ValidateAnswer, the same
// rules `hromada surveys fill` and the server apply; the page only shows
// what these answers say.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/survey_forms.h"
#include "client/ui/api.h"
#include "client/ui/views.h"
#include "shared/forms/survey.h"

namespace hromada::ui {
namespace {

// A response being filled, with its form.
struct Filling {
  RecordView record;
  SurveyForm form;
  nlohmann::json answers;
};

absl::StatusOr<Filling> LoadFilling(Client& client, const std::string& id, Lang lang) {
  absl::StatusOr<std::optional<RecordView>> r = client.Get("survey_response", id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return absl::NotFoundError(Say("gate.not_found", lang));
  Filling f;
  f.record = **r;
  absl::StatusOr<RecordView> survey = cli::SurveyOf(client, f.record);
  if (!survey.ok()) return absl::NotFoundError(Say("survey.no_form", lang));
  absl::StatusOr<SurveyForm> form = cli::FormOf(*survey);
  if (!form.ok()) return absl::FailedPreconditionError(Say("survey.bad_form", lang));
  absl::StatusOr<nlohmann::json> answers = cli::AnswersOf(f.record);
  if (!answers.ok()) return answers.status();
  f.form = *std::move(form);
  f.answers = *std::move(answers);
  return f;
}

// The ids of the questions asked given the answers so far.
nlohmann::json Asked(const Filling& f) {
  nlohmann::json ids = nlohmann::json::array();
  for (const Question& q : f.form.questions) {
    if (IsRelevant(q, f.answers)) ids.push_back(q.id);
  }
  return ids;
}

// Drops the answers of questions a changed answer made unasked, as the
// CLI's review does, so a final response never answers one.
void DropUnasked(Filling& f) {
  for (const Question& q : f.form.questions) {
    if (!IsRelevant(q, f.answers)) f.answers.erase(q.id);
  }
}

absl::Status Save(Client& client, Filling& f, bool final) {
  Fields fields{{"answers", f.answers.dump()}, {"state", std::string(final ? "final" : "draft")}};
  absl::StatusOr<std::string> id =
      client.Put("survey_response", f.record.id, f.record.community_id, fields);
  return id.status();
}

// What a refused answer to `q` should have been, in the page's language.
std::string AnswerRule(const Question& q, Lang lang) {
  auto say = [&](const char* key) { return std::string(Say(key, lang)); };
  auto range = [&](const char* key) {
    std::string text = say(key);
    for (auto [name, value] : {std::pair{"{min}", q.min}, std::pair{"{max}", q.max}}) {
      text.replace(text.find(name), std::string(name).size(), absl::StrCat(value));
    }
    return text;
  };
  switch (q.type) {
    case QuestionType::kSingleChoice:
      return say("survey.rule.single");
    case QuestionType::kMultipleChoice:
      if (q.max_choices <= 0) return say("survey.rule.multiple");
      {
        std::string text = say("survey.rule.multiple_max");
        text.replace(text.find("{n}"), 3, absl::StrCat(q.max_choices));
        return text;
      }
    case QuestionType::kRanking:
      return say("survey.rule.ranking");
    case QuestionType::kRating:
      return range("survey.rule.rating");
    case QuestionType::kNumber:
      return range("survey.rule.number");
    case QuestionType::kText: {
      std::string text = say("survey.rule.text");
      text.replace(text.find("{n}"), 3, absl::StrCat(q.max_length));
      return text;
    }
  }
  return "";
}

std::string FormTitle(const RecordView& survey) {
  const std::string title = cli::TextOf(survey, "title");
  return title.empty() ? cli::TextOf(survey, "form") : title;
}

// {id, title, date, community…, state, answered, questions, respondent
// (a person's name or null), respondent_gender, respondent_birth_year}.
nlohmann::json ResponseJson(Client& client, const RecordView& r, const Communities& names) {
  nlohmann::json j = BaseJson(r, names);
  j["date"] = cli::TextOf(r, "date");
  j["state"] = cli::TextOf(r, "state");
  absl::StatusOr<RecordView> survey = cli::SurveyOf(client, r);
  absl::StatusOr<SurveyForm> form = survey.ok() ? cli::FormOf(*survey) : survey.status();
  absl::StatusOr<nlohmann::json> answers = cli::AnswersOf(r);
  j["title"] = survey.ok() ? FormTitle(*survey) : "";
  j["answered"] = answers.ok() ? answers->size() : 0;
  j["questions"] = form.ok() ? form->questions.size() : 0;
  j["respondent"] = nullptr;
  j["respondent_gender"] = cli::TextOf(r, "respondent_gender");
  j["respondent_birth_year"] = cli::TextOf(r, "respondent_birth_year");
  const std::string person = cli::TextOf(r, "respondent");
  if (!person.empty()) {
    absl::StatusOr<std::optional<RecordView>> p = client.Get("person", person);
    if (p.ok() && p->has_value()) j["respondent"] = cli::TextOf(**p, "full_name");
  }
  return j;
}

// GET /api/surveys -> {forms: [{id, form, version, title, questions}]
// (the latest version of each form), drafts: [response], done:
// [response] (the 20 latest final ones)}.
Response List(App& app) {
  Client& client = *app.client();
  absl::StatusOr<std::vector<RecordView>> surveys = cli::ListWhere(client, "survey");
  if (!surveys.ok()) return ErrorJson(surveys.status());
  std::map<std::string, RecordView> latest;
  for (const RecordView& s : *surveys) {
    auto [it, added] = latest.emplace(cli::TextOf(s, "form"), s);
    if (!added && cli::IntOf(s, "version") > cli::IntOf(it->second, "version")) it->second = s;
  }
  nlohmann::json forms = nlohmann::json::array();
  for (const auto& [key, s] : latest) {
    absl::StatusOr<SurveyForm> form = cli::FormOf(s);
    if (!form.ok()) continue;  // from a newer client: it cannot be filled here
    forms.push_back({{"id", s.id},
                     {"form", key},
                     {"version", form->version},
                     {"title", FormTitle(s)},
                     {"questions", form->questions.size()}});
  }
  absl::StatusOr<std::vector<RecordView>> responses = cli::ListWhere(client, "survey_response");
  if (!responses.ok()) return ErrorJson(responses.status());
  std::sort(responses->begin(), responses->end(), [](const RecordView& x, const RecordView& y) {
    return cli::TextOf(x, "date") > cli::TextOf(y, "date");
  });
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json drafts = nlohmann::json::array(), done = nlohmann::json::array();
  for (const RecordView& r : *responses) {
    const bool draft = cli::TextOf(r, "state") == "draft";
    if (!draft && done.size() >= 20) continue;
    (draft ? drafts : done).push_back(ResponseJson(client, r, *names));
  }
  return Json({{"forms", forms}, {"drafts", drafts}, {"done", done}});
}

// The respondent's fields of a new response: a person by id, or an
// anonymous respondent's gender, birth year, idp and veteran (codes as
// the catalogue's choices, "yes"/"no" for the flags; empty: not given).
absl::Status SetRespondent(Client& client, const nlohmann::json& body, Lang lang, Fields& fields,
                           std::string* bad_field) {
  const std::string person = Str(body, "respondent");
  if (!person.empty()) {
    absl::StatusOr<std::optional<RecordView>> p = client.Get("person", person);
    if (!p.ok()) return p.status();
    *bad_field = "respondent";
    if (!p->has_value()) return absl::NotFoundError(Say("gate.not_found", lang));
    fields["respondent"] = Ref{person};
    return absl::OkStatus();
  }
  for (const char* name : {"gender", "birth_year"}) {
    *bad_field = name;
    const std::string field = absl::StrCat("respondent_", name);
    if (absl::Status s = cli::SetIfGiven("survey_response", field, Str(body, name), fields);
        !s.ok()) {
      return absl::InvalidArgumentError(
          Say(name == std::string("gender") ? "survey.bad_gender" : "person.bad_year", lang));
    }
  }
  for (const char* flag : {"idp", "veteran"}) {
    const std::string value = Str(body, flag);
    if (value == "yes" || value == "no") fields[absl::StrCat("respondent_", flag)] = value == "yes";
  }
  bad_field->clear();
  return absl::OkStatus();
}

// POST /api/surveys/start {survey (record id), community, date (as
// typed), respondent (person id) | gender, birth_year, idp,
// veteran} -> {id}: a draft with no answers yet.
Response Start(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<std::optional<RecordView>> survey = client.Get("survey", Str(*body, "survey"));
  if (!survey.ok()) return ErrorJson(survey.status());
  if (!survey->has_value()) {
    return ErrorJson(absl::NotFoundError(Say("survey.no_form", lang)), "survey");
  }
  absl::StatusOr<SurveyForm> form = cli::FormOf(**survey);
  if (!form.ok()) return ErrorJson(absl::FailedPreconditionError(Say("survey.bad_form", lang)));
  absl::StatusOr<std::string> community = cli::ResolveCommunity(client, Str(*body, "community"));
  if (!community.ok()) return ErrorJson(community.status(), "community");
  std::optional<std::string> date = cli::ReadDate(Str(*body, "date"));
  if (!date) return ErrorJson(absl::InvalidArgumentError(Say("meeting.bad_date", lang)), "date");
  Fields fields{{"survey", Ref{(*survey)->id}},
                {"survey_version", form->version},
                {"date", *date},
                {"answers", std::string("{}")},
                {"state", std::string("draft")}};
  std::string bad_field;
  if (absl::Status s = SetRespondent(client, *body, lang, fields, &bad_field); !s.ok()) {
    return ErrorJson(s, bad_field);
  }
  absl::StatusOr<std::string> id = client.Put("survey_response", "", *community, fields);
  if (!id.ok()) return ErrorJson(id.status());
  return Json({{"id", *id}});
}

// GET /api/response?id= -> {response, form: {title, form, version,
// questions (as published: id, type, text, required, options, min, max,
// max_choices, max_length, relevant)}, answers, asked: [question id]}.
Response Get(App& app, const Request& r) {
  Client& client = *app.client();
  absl::StatusOr<Filling> f = LoadFilling(client, r.Query("id"), app.lang());
  if (!f.ok()) return ErrorJson(f.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  return Json({{"response", ResponseJson(client, f->record, *names)},
               {"form",
                {{"title", f->form.title.empty() ? f->form.form : f->form.title},
                 {"form", f->form.form},
                 {"version", f->form.version},
                 {"questions", nlohmann::json::parse(QuestionsToJson(f->form))}}},
               {"answers", f->answers},
               {"asked", Asked(*f)}});
}

// A POST about a draft ({id, …}): its body and the draft.
struct DraftCall {
  nlohmann::json body;
  Filling draft;
};

// The body and the draft a POST names; nullopt with `error` filled for a
// body that is not JSON, no such response, or a final one (409).
std::optional<DraftCall> OpenDraft(App& app, const Request& r, Response* error) {
  const Lang lang = app.lang();
  std::optional<nlohmann::json> body = BodyJson(r, lang, error);
  if (!body) return std::nullopt;
  absl::StatusOr<Filling> f = LoadFilling(*app.client(), Str(*body, "id"), lang);
  if (f.ok() && cli::TextOf(f->record, "state") != "draft") {
    f = absl::FailedPreconditionError(Say("survey.already_final", lang));
  }
  if (!f.ok()) {
    *error = ErrorJson(f.status());
    return std::nullopt;
  }
  return DraftCall{*std::move(body), *std::move(f)};
}

// POST /api/response/answer {id, question, answer} -> {answers, asked}:
// sets one answer (null clears it) and saves the draft at once.
Response Answer(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  std::optional<DraftCall> call = OpenDraft(app, r, &error);
  if (!call) return error;
  Filling& f = call->draft;
  const std::string question = Str(call->body, "question");
  const Question* q = f.form.Find(question);
  if (q == nullptr) return ErrorJson(absl::NotFoundError(Say("gate.not_found", lang)));
  if (!IsRelevant(*q, f.answers)) {
    return ErrorJson(absl::FailedPreconditionError(Say("survey.not_asked", lang)), question);
  }
  const nlohmann::json answer = call->body.value("answer", nlohmann::json());
  if (answer.is_null()) {
    f.answers.erase(question);
  } else if (!ValidateAnswer(*q, answer).ok()) {
    return ErrorJson(absl::InvalidArgumentError(AnswerRule(*q, lang)), question);
  } else {
    f.answers[question] = answer;
  }
  DropUnasked(f);
  if (absl::Status s = Save(*app.client(), f, false); !s.ok()) return ErrorJson(s);
  return Json({{"answers", f.answers}, {"asked", Asked(f)}});
}

// POST /api/response/finish {id} -> {id}: final, once every required
// question asked is answered; else 422 naming the first one missing.
Response Finish(App& app, const Request& r) {
  Response error;
  std::optional<DraftCall> call = OpenDraft(app, r, &error);
  if (!call) return error;
  Filling& f = call->draft;
  DropUnasked(f);
  for (const Question& q : f.form.questions) {
    if (q.required && IsRelevant(q, f.answers) && !f.answers.contains(q.id)) {
      return ErrorJson(absl::InvalidArgumentError(Say("survey.required", app.lang())), q.id);
    }
  }
  if (absl::Status s = ValidateAnswers(f.form, f.answers, true); !s.ok()) return ErrorJson(s);
  if (absl::Status s = Save(*app.client(), f, true); !s.ok()) return ErrorJson(s);
  return Json({{"id", f.record.id}});
}

// POST /api/response/discard {id} -> {}: deletes a draft.
Response Discard(App& app, const Request& r) {
  Response error;
  std::optional<DraftCall> call = OpenDraft(app, r, &error);
  if (!call) return error;
  if (absl::Status s = app.client()->Delete("survey_response", call->draft.record.id); !s.ok()) {
    return ErrorJson(s);
  }
  return Json(nlohmann::json::object());
}

}  // namespace

void AddSurveyRoutes(Router& router, App& app) {
  router.Add("GET", "/api/surveys", {[&app](const Request&) { return List(app); }});
  router.Add("POST", "/api/surveys/start", {[&app](const Request& r) { return Start(app, r); }});
  router.Add("GET", "/api/response", {[&app](const Request& r) { return Get(app, r); }});
  router.Add("POST", "/api/response/answer", {[&app](const Request& r) { return Answer(app, r); }});
  router.Add("POST", "/api/response/finish", {[&app](const Request& r) { return Finish(app, r); }});
  router.Add("POST", "/api/response/discard",
             {[&app](const Request& r) { return Discard(app, r); }});
}

}  // namespace hromada::ui
