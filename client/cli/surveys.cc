// surveys list | publish | drafts (and fill, in survey_fill.cc): needs
// survey forms, published by a coordinator, one record per version.
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/survey_forms.h"
#include "client/xlsform/xlsform.h"

namespace hromada::cli {
namespace {

std::string Questions(size_t n) { return absl::StrCat(n, n == 1 ? " question" : " questions"); }

struct SurveyArgs {
  std::string file;
  bool json = false;
};

absl::Status ListSurveys(Session& s, const SurveyArgs& a) {
  absl::StatusOr<std::vector<RecordView>> all = ListWhere(s.client, "survey");
  if (!all.ok()) return all.status();
  std::sort(all->begin(), all->end(), [](const RecordView& x, const RecordView& y) {
    return std::pair(TextOf(x, "form"), IntOf(x, "version")) <
           std::pair(TextOf(y, "form"), IntOf(y, "version"));
  });
  nlohmann::json list = nlohmann::json::array();
  for (const RecordView& r : *all) {
    absl::StatusOr<SurveyForm> form = FormOf(r);
    const size_t questions = form.ok() ? form->questions.size() : 0;
    list.push_back({{"id", r.id},
                    {"form", TextOf(r, "form")},
                    {"version", IntOf(r, "version")},
                    {"title", TextOf(r, "title")},
                    {"questions", questions}});
    if (!a.json) {
      s.out << TextOf(r, "form") << "  version " << IntOf(r, "version") << "  "
            << TextOf(r, "title") << "  " << Questions(questions) << "  " << r.id << "\n";
    }
  }
  if (a.json) PrintJson(s.out, list);
  if (!a.json && all->empty()) s.out << "No survey forms on this device yet.\n";
  return absl::OkStatus();
}

// The form of `file` with its warnings (for an XLSForm) and whether the
// file gave its version.
struct FormFile {
  SurveyForm form;
  XlsFormVersion version{true, ""};
  std::vector<std::string> warnings;
};

absl::StatusOr<FormFile> ReadFormFile(const std::string& file) {
  FormFile out;
  if (absl::EndsWithIgnoreCase(file, ".xlsx")) {
    absl::StatusOr<XlsForm> xls = ReadXlsForm(file);
    if (!xls.ok()) return xls.status();
    out.form = std::move(xls->form);
    out.version = std::move(xls->version);
    out.warnings = std::move(xls->warnings);
    return out;
  }
  absl::StatusOr<SurveyForm> form = ReadSurveyFormFile(file);
  if (!form.ok()) return form.status();
  out.form = *std::move(form);
  return out;
}

absl::Status Publish(Session& s, const SurveyArgs& a) {
  absl::StatusOr<FormFile> file = ReadFormFile(a.file);
  if (!file.ok()) return file.status();
  for (const std::string& w : file->warnings) s.out << "Note: " << w << ".\n";
  SurveyForm& form = file->form;
  const std::string questions = QuestionsToJson(form);
  absl::StatusOr<std::vector<RecordView>> versions = FormVersions(s.client, form.form);
  if (!versions.ok()) return versions.status();
  auto same = [&](const RecordView& v) {
    return TextOf(v, "questions") == questions && TextOf(v, "title") == form.title;
  };
  if (!file->version.given) {
    // The workbook's version is not a number the model keeps: the same
    // content keeps its version, anything new takes the next one.
    for (const RecordView& v : *versions) {
      if (!same(v)) continue;
      s.out << "This form is already published as version " << IntOf(v, "version") << " of "
            << form.form << "; nothing to do.\n";
      return absl::OkStatus();
    }
    form.version = versions->empty() ? 1 : IntOf(versions->back(), "version") + 1;
    if (!file->version.text.empty()) {
      s.out << "Note: the workbook's version \"" << file->version.text
            << "\" is not a whole number from 1 to 1000000; it is published as version "
            << form.version << ".\n";
    }
  }
  const std::string id = SurveyId(form.form, form.version);
  for (const RecordView& v : *versions) {
    if (v.id != id) continue;
    if (same(v)) {
      s.out << "Version " << form.version << " of " << form.form
            << " is already published as it is; nothing to do.\n";
      return absl::OkStatus();
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "version ", form.version, " of ", form.form,
        " is already published; publish it as version ", IntOf(versions->back(), "version") + 1));
  }
  Fields fields{{"form", form.form},
                {"title", form.title},
                {"version", form.version},
                {"questions", questions}};
  absl::StatusOr<std::string> put = s.client.Put("survey", id, "", fields);
  if (!put.ok()) return put.status();
  s.out << "Published " << form.form << " version " << form.version << " ("
        << Questions(form.questions.size()) << "): " << *put << "\n";
  return absl::OkStatus();
}

absl::Status ListDrafts(Session& s, const SurveyArgs& a) {
  auto drafts = ListWhere(s.client, "survey_response",
                          [](const RecordView& r) { return TextOf(r, "state") == "draft"; });
  if (!drafts.ok()) return drafts.status();
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  nlohmann::json list = nlohmann::json::array();
  for (const RecordView& d : *drafts) {
    absl::StatusOr<RecordView> survey = SurveyOf(s.client, d);
    absl::StatusOr<SurveyForm> form = survey.ok() ? FormOf(*survey) : survey.status();
    absl::StatusOr<nlohmann::json> answers = AnswersOf(d);
    const size_t answered = answers.ok() ? answers->size() : 0;
    const size_t total = form.ok() ? form->questions.size() : 0;
    nlohmann::json j = RecordJson(d);
    j["answered"] = answered;
    j["questions"] = total;
    list.push_back(std::move(j));
    if (a.json) continue;
    s.out << d.id << "  " << (form.ok() ? absl::StrCat(form->form, " v", form->version) : "?")
          << "  " << TextOf(d, "date") << "  " << NameOf(*names, d.community_id) << "  " << answered
          << " of " << total << " answered\n";
  }
  if (a.json) PrintJson(s.out, list);
  if (!a.json && drafts->empty()) s.out << "No unfinished responses.\n";
  return absl::OkStatus();
}

}  // namespace

void AddSurveyCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<SurveyArgs>();
  CLI::App* surveys = app.add_subcommand("surveys", "needs surveys: list, publish, fill, drafts");
  surveys->require_subcommand(1);
  CLI::App* list = surveys->add_subcommand("list", "the published forms");
  list->add_flag("--json", a->json, "print JSON");
  CLI::App* publish = surveys->add_subcommand("publish", "publish a form (coordinators)");
  publish->add_option("file", a->file, "the form: JSON, YAML (.yaml, .yml) or an XLSForm (.xlsx)")
      ->required();
  CLI::App* drafts = surveys->add_subcommand("drafts", "responses not finished yet");
  drafts->add_flag("--json", a->json, "print JSON");
  AddSurveyFillCommand(*surveys, table);
  table.Add(list, [a](Session& s) { return ListSurveys(s, *a); });
  table.Add(publish, [a](Session& s) { return Publish(s, *a); });
  table.Add(drafts, [a](Session& s) { return ListDrafts(s, *a); });
}

}  // namespace hromada::cli
