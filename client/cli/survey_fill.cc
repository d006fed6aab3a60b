// surveys fill: answers to a form, typed question by question or read from
// a JSON file. An interactive fill saves a draft after every answer, so an
// interrupted one resumes with --draft ID where it stopped (Ctrl-C says
// so); "<" goes back a question, "?" explains, and all answers are shown
// for review, and change, before the response is final.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/survey_forms.h"
#include "client/cli/typed_answer.h"
#include "shared/cli/choices.h"

namespace hromada::cli {
namespace {

struct FillArgs {
  std::string survey, community, respondent, gender, birth_year, date, from_json, draft;
  // An anonymous respondent's yes/no answers (--idp / --no-idp, …), by
  // field; unset is not asked.
  std::map<std::string, bool> flags;
  bool keep_draft = false;
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
  const bool demographics = !a.gender.empty() || !a.birth_year.empty() || !a.flags.empty();
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
  for (const auto& [field, yes] : a.flags) fields[field] = yes;
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
                        !a.gender.empty() || !a.birth_year.empty() || !a.date.empty() ||
                        !a.flags.empty();
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
  ReadOptionWords(r.form, answers);
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

// An answer as the person gave it: option labels, not ids.
std::string AnswerText(const Question& q, const nlohmann::json& answer) {
  auto label = [&](const nlohmann::json& id) {
    const SurveyOption* o = id.is_string() ? q.FindOption(id.get<std::string>()) : nullptr;
    return o != nullptr ? o->label : id.dump();
  };
  if (answer.is_string()) return q.options.empty() ? answer.get<std::string>() : label(answer);
  if (!answer.is_array()) return answer.dump();
  std::string out;
  for (const nlohmann::json& id : answer) absl::StrAppend(&out, out.empty() ? "" : ", ", label(id));
  return out;
}

void PrintQuestion(std::ostream& out, const Question& q, size_t index, size_t total,
                   const nlohmann::json* current) {
  out << "\nQuestion " << index << " of " << total << (q.required ? "" : " (optional)") << ": "
      << q.text << "\n";
  for (size_t i = 0; i < q.options.size(); ++i) {
    out << "  " << i + 1 << ". " << q.options[i].label << "\n";
  }
  if (current != nullptr) {
    out << "Now: " << AnswerText(q, *current) << ". Press Enter to keep it"
        << (q.required ? "" : ", or type - to clear it") << ".\n";
  }
  out << Hint(q) << (q.required || current != nullptr ? "" : " Press Enter to skip.") << "\n";
}

constexpr char kKeys[] = "Type < to go back to the previous question, ? for help.";

void PrintHelp(std::ostream& out, const Question& q) {
  out << Hint(q) << "\n"
      << kKeys << "\n"
      << "Every answer is saved as a draft at once: if you stop (Ctrl-C), resume later with "
         "`hromada surveys fill --draft ID`.\n"
      << "After the last question you see all answers and can change any before finishing.\n";
}

// What was typed at a question's prompt.
struct Reply {
  enum Kind { kAnswer, kKeep, kBack } kind = kAnswer;
  nlohmann::json answer;  // kAnswer: the answer, or null to skip an optional question
};

// One reply typed at the prompt, asking again until it fits. "?" explains,
// "<" goes back; an empty line keeps `current` if there is one, skips an
// optional question; "-" clears an optional question's `current`.
// OUT_OF_RANGE when the input ends.
absl::StatusOr<Reply> Ask(Session& s, const Question& q, const nlohmann::json* current) {
  std::string line;
  for (;;) {
    s.out << "> " << std::flush;
    if (!std::getline(s.in, line)) return absl::OutOfRangeError("the input ended");
    const std::string typed(absl::StripAsciiWhitespace(line));
    if (typed == "?") {
      PrintHelp(s.out, q);
      continue;
    }
    if (typed == "<") return Reply{Reply::kBack, nullptr};
    if (typed.empty() && current != nullptr) return Reply{Reply::kKeep, nullptr};
    // "-" clears an optional answer given before (at the review, or back).
    if (typed == "-" && current != nullptr && !q.required) return Reply{Reply::kAnswer, nullptr};
    if (typed.empty() && !q.required) return Reply{Reply::kAnswer, nullptr};
    if (typed.empty()) {
      s.err << "This question needs an answer.\n";
      continue;
    }
    absl::StatusOr<nlohmann::json> answer = ParseTypedAnswer(q, typed);
    if (answer.ok()) return Reply{Reply::kAnswer, *std::move(answer)};
    s.err << answer.status().message() << "\n";
  }
}

absl::Status InputEnded(const Response& r) {
  return absl::FailedPreconditionError(absl::StrCat(
      "the input ended before the response was finished; the answers so far are saved: resume "
      "with `hromada surveys fill --draft ",
      r.id, "`"));
}

// Ctrl-C during an interactive fill: every answer is already saved, so say
// where the draft is and stop. The sentence is composed before the prompt
// (a signal handler may only write it).
char interrupted_note[256];
size_t interrupted_note_size = 0;

extern "C" void OnInterrupt(int) {
  if (write(STDERR_FILENO, interrupted_note, interrupted_note_size) < 0) {
    // Nothing more can be done from a signal handler.
  }
  _exit(130);
}

// Installs OnInterrupt for the draft `id` while alive; restores the old
// handler when done.
class InterruptNote {
 public:
  explicit InterruptNote(const std::string& id) {
    const std::string note =
        absl::StrCat("\nhromada: stopped; the answers so far are kept as draft ", id,
                     ": resume with `hromada surveys fill --draft ", id, "`\n");
    interrupted_note_size = std::min(note.size(), sizeof(interrupted_note));
    std::memcpy(interrupted_note, note.data(), interrupted_note_size);
    struct sigaction action = {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_);
  }
  ~InterruptNote() { sigaction(SIGINT, &old_, nullptr); }
  InterruptNote(const InterruptNote&) = delete;
  InterruptNote& operator=(const InterruptNote&) = delete;

 private:
  struct sigaction old_ = {};
};

// Asks question `i` and records the reply. kBack is passed on.
absl::StatusOr<Reply::Kind> AskAndSave(Session& s, Response& r, size_t i) {
  const Question& q = r.form.questions[i];
  const nlohmann::json* current = r.answers.contains(q.id) ? &r.answers[q.id] : nullptr;
  PrintQuestion(s.out, q, i + 1, r.form.questions.size(), current);
  absl::StatusOr<Reply> reply = Ask(s, q, current);
  if (absl::IsOutOfRange(reply.status())) return InputEnded(r);
  if (!reply.ok()) return reply.status();
  if (reply->kind != Reply::kAnswer) return reply->kind;
  if (reply->answer.is_null() && current == nullptr) return reply->kind;  // skipped
  if (reply->answer.is_null()) {
    r.answers.erase(q.id);  // cleared
  } else {
    r.answers[q.id] = std::move(reply->answer);
  }
  if (absl::Status st = Save(s, r, false); !st.ok()) return st;
  return Reply::kAnswer;
}

// The next question to ask from `from`: unanswered and, by the answers so
// far, relevant.
size_t NextUnanswered(const Response& r, size_t from) {
  while (from < r.form.questions.size() && (r.answers.contains(r.form.questions[from].id) ||
                                            !IsRelevant(r.form.questions[from], r.answers))) {
    ++from;
  }
  return from;
}

// Drops the answers to questions a changed answer made irrelevant.
void DropUnasked(Response& r) {
  for (const Question& q : r.form.questions) {
    if (!IsRelevant(q, r.answers)) r.answers.erase(q.id);
  }
}

// The questions in turn, from the first unanswered; "<" goes back along
// the questions asked this time.
absl::Status AskAll(Session& s, Response& r) {
  std::vector<size_t> asked;
  size_t i = NextUnanswered(r, 0);
  while (i < r.form.questions.size()) {
    absl::StatusOr<Reply::Kind> kind = AskAndSave(s, r, i);
    if (!kind.ok()) return kind.status();
    if (*kind == Reply::kBack) {
      if (asked.empty()) {
        s.err << "This is the first question asked this time.\n";
      } else {
        i = asked.back();
        asked.pop_back();
      }
      continue;
    }
    asked.push_back(i);
    i = NextUnanswered(r, i + 1);
  }
  return absl::OkStatus();
}

void PrintReview(std::ostream& out, const Response& r) {
  out << "\nYour answers:\n";
  for (size_t i = 0; i < r.form.questions.size(); ++i) {
    const Question& q = r.form.questions[i];
    out << "  " << i + 1 << ". " << q.text << ": "
        << (!IsRelevant(q, r.answers)  ? "not asked"
            : r.answers.contains(q.id) ? AnswerText(q, r.answers.at(q.id))
                                       : "—")
        << "\n";
  }
  out << "Type a question's number to change its answer, or press Enter to finish.\n";
}

// The review before finishing: any answer may be changed; Enter finishes.
absl::Status Review(Session& s, Response& r) {
  const size_t total = r.form.questions.size();
  for (;;) {
    PrintReview(s.out, r);
    std::string line;
    s.out << "> " << std::flush;
    if (!std::getline(s.in, line)) return InputEnded(r);
    const std::string typed(absl::StripAsciiWhitespace(line));
    if (typed.empty()) {
      DropUnasked(r);
      absl::Status valid = ValidateAnswers(r.form, r.answers, true);
      if (valid.ok()) return absl::OkStatus();
      s.err << valid.message() << "\n";
      continue;
    }
    size_t n = 0;
    if (!absl::SimpleAtoi(typed, &n) || n < 1 || n > total) {
      s.err << "Type a number from 1 to " << total << ", or press Enter to finish.\n";
      continue;
    }
    if (!IsRelevant(r.form.questions[n - 1], r.answers)) {
      s.err << "Question " << n << " is not asked with these answers.\n";
      continue;
    }
    std::vector<bool> was_asked;
    for (const Question& q : r.form.questions) was_asked.push_back(IsRelevant(q, r.answers));
    absl::StatusOr<Reply::Kind> kind = AskAndSave(s, r, n - 1);
    if (!kind.ok()) return kind.status();
    // A changed answer may make other questions relevant: ask those now.
    for (size_t i = 0; i < total; ++i) {
      if (was_asked[i] || !IsRelevant(r.form.questions[i], r.answers)) continue;
      if (absl::StatusOr<Reply::Kind> k = AskAndSave(s, r, i); !k.ok()) return k.status();
    }
  }
}

absl::Status FillInteractively(Session& s, Response& r) {
  if (r.id.empty()) {
    if (absl::Status st = Save(s, r, false); !st.ok()) return st;
  }
  InterruptNote note(r.id);
  s.out << r.form.title << " (" << r.form.form << " version " << r.form.version << "), draft "
        << r.id << "\n"
        << kKeys << "\n";
  if (absl::Status st = AskAll(s, r); !st.ok()) return st;
  if (absl::Status st = Review(s, r); !st.ok()) return st;
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

void AddSurveyFillCommand(CLI::App& surveys, ProfileCommands& table) {
  auto a = std::make_shared<FillArgs>();
  CLI::App* fill = surveys.add_subcommand("fill", "answer a form: fill FORM[:VERSION]");
  fill->add_option("form", a->survey, "form name, FORM:VERSION, or the form's id");
  fill->add_option("--community", a->community, "community: name or id");
  fill->add_option("--respondent", a->respondent, "the person answering: id, id prefix or name");
  fill->add_option(
      "--gender", a->gender,
      ChoicesHelp("survey_response", "respondent_gender", "an anonymous respondent's gender"));
  fill->add_option("--birth-year", a->birth_year, "an anonymous respondent's year of birth");
  for (const auto& [name, meaning] :
       {std::pair<std::string, const char*>{"idp", "internally displaced"},
        {"veteran", "a veteran"}}) {
    std::map<std::string, bool>* flags = &a->flags;
    const std::string field = "respondent_" + name;
    CLI::Option* yes = fill->add_flag_callback(
        "--" + name, [flags, field] { (*flags)[field] = true; },
        std::string("an anonymous respondent who is ") + meaning);
    CLI::Option* no = fill->add_flag_callback(
        "--no-" + name, [flags, field] { (*flags)[field] = false; },
        std::string("an anonymous respondent who is not ") + meaning);
    yes->excludes(no);
  }
  fill->add_option("--date", a->date, "YYYY-MM-DD (default: today)")->transform(DateTyped());
  fill->add_option("--from-json", a->from_json, "all answers at once from a JSON file");
  fill->add_flag("--keep-draft", a->keep_draft, "with --from-json: save as a draft");
  fill->add_option("--draft", a->draft, "continue this unfinished response");
  table.Add(fill, [a](Session& s) { return Fill(s, *a); });
}

}  // namespace hromada::cli
