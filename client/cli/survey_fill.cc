// surveys fill: answers to a form, typed question by question or read from
// a JSON file. An interactive fill saves a draft after every answer, so an
// interrupted one resumes with --draft ID where it stopped.
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/survey_forms.h"
#include "client/cli/typed_answer.h"

namespace hromada::cli {
namespace {

struct FillArgs {
  std::string survey, community, respondent, gender, birth_year, date, from_json, draft;
  bool idp = false, veteran = false, keep_draft = false;
};

// A response being filled: its record's id ("" until first saved), form
// and answers.
struct Response {
  std::string id;
  RecordView survey;
  SurveyForm form;
  nlohmann::json answers = nlohmann::json::object();
  std::string community;
  Fields fields;  // what a new record starts with besides answers and state
};

absl::Status SetRespondent(Session& s, const FillArgs& a, Fields& fields) {
  const bool demographics = !a.gender.empty() || !a.birth_year.empty() || a.idp || a.veteran;
  if (!a.respondent.empty()) {
    if (demographics) {
      return absl::InvalidArgumentError(
          "give either --respondent or the respondent's gender, birth year and flags, not both");
    }
    absl::StatusOr<RecordView> person = Resolve(s.client, "person", a.respondent);
    if (!person.ok()) return person.status();
    fields["respondent"] = Ref{person->id};
    return absl::OkStatus();
  }
  if (a.idp) fields["respondent_idp"] = true;
  if (a.veteran) fields["respondent_veteran"] = true;
  if (absl::Status st = SetIfGiven("survey_response", "respondent_gender", a.gender, fields);
      !st.ok()) {
    return st;
  }
  return SetIfGiven("survey_response", "respondent_birth_year", a.birth_year, fields);
}

absl::StatusOr<Response> NewResponse(Session& s, const FillArgs& a) {
  if (a.survey.empty()) return absl::InvalidArgumentError("name the form to fill, or --draft ID");
  Response r;
  if (absl::Status st = SetRespondent(s, a, r.fields); !st.ok()) return st;
  absl::StatusOr<RecordView> survey = FindSurvey(s.client, a.survey);
  if (!survey.ok()) return survey.status();
  absl::StatusOr<SurveyForm> form = FormOf(*survey);
  if (!form.ok()) return form.status();
  absl::StatusOr<std::string> community = ResolveCommunity(s.client, a.community);
  if (!community.ok()) return community.status();
  absl::StatusOr<std::string> date = DateOrToday("--date", a.date, s.options);
  if (!date.ok()) return date.status();
  r.survey = *survey;
  r.form = *std::move(form);
  r.community = *community;
  r.fields["survey"] = Ref{survey->id};
  r.fields["survey_version"] = r.form.version;
  r.fields["date"] = *date;
  return r;
}

absl::StatusOr<Response> DraftResponse(Session& s, const FillArgs& a) {
  const bool new_only = !a.survey.empty() || !a.community.empty() || !a.respondent.empty() ||
                        !a.gender.empty() || !a.birth_year.empty() || !a.date.empty() || a.idp ||
                        a.veteran;
  if (new_only) {
    return absl::InvalidArgumentError(
        "a draft keeps its form, community, respondent and date; give only --draft (and "
        "--from-json)");
  }
  absl::StatusOr<RecordView> draft = Resolve(s.client, "survey_response", a.draft);
  if (!draft.ok()) return draft.status();
  if (TextOf(*draft, "state") != "draft") {
    return absl::FailedPreconditionError(absl::StrCat("response ", draft->id, " is already final"));
  }
  Response r;
  absl::StatusOr<RecordView> survey = SurveyOf(s.client, *draft);
  if (!survey.ok()) return survey.status();
  absl::StatusOr<SurveyForm> form = FormOf(*survey);
  if (!form.ok()) return form.status();
  absl::StatusOr<nlohmann::json> answers = AnswersOf(*draft);
  if (!answers.ok()) return answers.status();
  r.id = draft->id;
  r.survey = *survey;
  r.form = *std::move(form);
  r.answers = *std::move(answers);
  r.community = draft->community_id;
  return r;
}

// Writes the response's answers and state as one change.
absl::Status Save(Session& s, Response& r, bool final) {
  Fields fields = r.id.empty() ? r.fields : Fields{};
  fields["answers"] = r.answers.dump();
  fields["state"] = std::string(final ? "final" : "draft");
  absl::StatusOr<std::string> id = s.client.Put("survey_response", r.id, r.community, fields);
  if (!id.ok()) return id.status();
  r.id = *id;
  return absl::OkStatus();
}

absl::Status FillFromFile(Session& s, Response& r, const FillArgs& a) {
  std::ifstream file(a.from_json);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", a.from_json));
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json answers = nlohmann::json::parse(text.str(), nullptr, false);
  if (!answers.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(a.from_json, " is not a JSON object of answers by question id"));
  }
  r.answers.update(answers);
  if (absl::Status st = ValidateAnswers(r.form, r.answers, !a.keep_draft); !st.ok()) return st;
  if (absl::Status st = Save(s, r, !a.keep_draft); !st.ok()) return st;
  s.out << (a.keep_draft ? "Saved draft " : "Saved response ") << r.id << "\n";
  return absl::OkStatus();
}

std::string Hint(const Question& q) {
  switch (q.type) {
    case QuestionType::kSingleChoice:
      return "Type the option's number.";
    case QuestionType::kMultipleChoice:
      return q.max_choices > 0
                 ? absl::StrCat("Type up to ", q.max_choices, " numbers, separated by commas.")
                 : "Type the numbers, separated by commas.";
    case QuestionType::kRanking:
      return "Type the numbers, most important first, separated by commas.";
    case QuestionType::kRating:
      return absl::StrCat("Type a whole number from ", q.min, " to ", q.max, ".");
    case QuestionType::kNumber:
      return absl::StrCat("Type a number from ", q.min, " to ", q.max, ".");
    case QuestionType::kText:
      return "Type the answer.";
  }
  return "";
}

void PrintQuestion(std::ostream& out, const Question& q, size_t index, size_t total) {
  out << "\nQuestion " << index << " of " << total << (q.required ? "" : " (optional)") << ": "
      << q.text << "\n";
  for (size_t i = 0; i < q.options.size(); ++i) {
    out << "  " << i + 1 << ". " << q.options[i].label << "\n";
  }
  out << Hint(q) << (q.required ? "" : " Press Enter to skip.") << "\n";
}

// One answer typed at the prompt, asking again until it fits; null for a
// skipped optional question. OUT_OF_RANGE when the input ends.
absl::StatusOr<nlohmann::json> Ask(Session& s, const Question& q) {
  std::string line;
  for (;;) {
    s.out << "> " << std::flush;
    if (!std::getline(s.in, line)) return absl::OutOfRangeError("the input ended");
    const std::string typed(absl::StripAsciiWhitespace(line));
    if (typed.empty() && !q.required) return nlohmann::json(nullptr);
    if (typed.empty()) {
      s.err << "This question needs an answer.\n";
      continue;
    }
    absl::StatusOr<nlohmann::json> answer = ParseTypedAnswer(q, typed);
    if (answer.ok()) return answer;
    s.err << answer.status().message() << "\n";
  }
}

absl::Status FillInteractively(Session& s, Response& r) {
  if (r.id.empty()) {
    if (absl::Status st = Save(s, r, false); !st.ok()) return st;
  }
  s.out << r.form.title << " (" << r.form.form << " version " << r.form.version << "), draft "
        << r.id << "\n";
  const size_t total = r.form.questions.size();
  for (size_t i = 0; i < total; ++i) {
    const Question& q = r.form.questions[i];
    if (r.answers.contains(q.id)) continue;
    PrintQuestion(s.out, q, i + 1, total);
    absl::StatusOr<nlohmann::json> answer = Ask(s, q);
    if (absl::IsOutOfRange(answer.status())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the input ended before the last question; the answers so far are saved: resume with "
          "`hromada surveys fill --draft ",
          r.id, "`"));
    }
    if (!answer.ok()) return answer.status();
    if (answer->is_null()) continue;
    r.answers[q.id] = *std::move(answer);
    if (absl::Status st = Save(s, r, false); !st.ok()) return st;
  }
  if (absl::Status st = ValidateAnswers(r.form, r.answers, true); !st.ok()) return st;
  if (absl::Status st = Save(s, r, true); !st.ok()) return st;
  s.out << "Saved response " << r.id << " (" << r.answers.size() << " answers).\n";
  return absl::OkStatus();
}

absl::Status Fill(Session& s, const FillArgs& a) {
  absl::StatusOr<Response> r = a.draft.empty() ? NewResponse(s, a) : DraftResponse(s, a);
  if (!r.ok()) return r.status();
  if (!a.from_json.empty()) return FillFromFile(s, *r, a);
  return FillInteractively(s, *r);
}

}  // namespace

void AddSurveyFillCommand(CLI::App& surveys, CommandTable& table) {
  auto a = std::make_shared<FillArgs>();
  CLI::App* fill = surveys.add_subcommand("fill", "answer a form: fill FORM[:VERSION]");
  fill->add_option("form", a->survey, "form name, FORM:VERSION, or the form's id");
  fill->add_option("--community", a->community, "community: name or id");
  fill->add_option("--respondent", a->respondent, "the person answering: id, id prefix or name");
  fill->add_option("--gender", a->gender, "an anonymous respondent's gender");
  fill->add_option("--birth-year", a->birth_year, "an anonymous respondent's year of birth");
  fill->add_flag("--idp", a->idp, "an anonymous respondent who is internally displaced");
  fill->add_flag("--veteran", a->veteran, "an anonymous respondent who is a veteran");
  fill->add_option("--date", a->date, "YYYY-MM-DD (default: today)");
  fill->add_option("--from-json", a->from_json, "all answers at once from a JSON file");
  fill->add_flag("--keep-draft", a->keep_draft, "with --from-json: save as a draft");
  fill->add_option("--draft", a->draft, "continue this unfinished response");
  table.Add(fill, [a](Session& s) { return Fill(s, *a); });
}

}  // namespace hromada::cli
