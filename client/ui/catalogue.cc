#include "client/ui/catalogue.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/ui/catalogue_phrases.h"
#include "shared/report/labels.h"
#include "shared/sync/schema.h"

namespace hromada::ui {
namespace {

using Index = std::map<std::string, const Phrase*, std::less<>>;

const Index& Phrases() {
  static const Index* index = [] {
    auto* built = new Index;
    for (size_t i = 0; i < kPhraseCount; ++i) (*built)[kPhrases[i].key] = &kPhrases[i];
    return built;
  }();
  return *index;
}

// The kinds whose choices the screens offer.
constexpr const char* kScreenKinds[] = {"person", "meeting", "attendance", "initiative",
                                        "survey_response"};

ReportLang ReportLangOf(Lang lang) { return lang == Lang::kEn ? ReportLang::kEn : ReportLang::kUk; }

nlohmann::json Choices(Lang lang) {
  nlohmann::json choices = nlohmann::json::object();
  for (const char* kind : kScreenKinds) {
    const KindSpec* spec = FindKind(kind);
    if (spec == nullptr) continue;
    for (const FieldSpec& field : spec->fields) {
      if (field.type != FieldType::kEnum) continue;
      nlohmann::json list = nlohmann::json::array();
      for (const std::string& code : field.values) {
        list.push_back(
            {{"code", code},
             {"label", report_render::ValueLabel(field.name, code, ReportLangOf(lang))}});
      }
      choices[std::string(kind) + "." + field.name] = std::move(list);
    }
  }
  nlohmann::json yesno = nlohmann::json::array();
  for (const char* code : {"yes", "no"}) {
    yesno.push_back(
        {{"code", code}, {"label", report_render::ValueLabel("idp", code, ReportLangOf(lang))}});
  }
  choices["yesno"] = std::move(yesno);
  return choices;
}

}  // namespace

std::optional<Lang> ParseLang(absl::string_view name) {
  if (name == "uk") return Lang::kUk;
  if (name == "en") return Lang::kEn;
  return std::nullopt;
}

const char* LangName(Lang lang) { return lang == Lang::kEn ? "en" : "uk"; }

const char* Say(absl::string_view key, Lang lang) {
  auto it = Phrases().find(key);
  if (it == Phrases().end()) return "?";
  return lang == Lang::kEn ? it->second->en : it->second->uk;
}

std::string Fill(absl::string_view key, Lang lang,
                 std::initializer_list<std::pair<absl::string_view, absl::string_view>> values) {
  std::vector<std::pair<std::string, std::string>> marks;
  for (const auto& [name, value] : values) {
    marks.emplace_back(absl::StrCat("{", name, "}"), std::string(value));
  }
  return absl::StrReplaceAll(Say(key, lang), marks);
}

bool HasPhrase(absl::string_view key) { return Phrases().count(key) > 0; }

nlohmann::json CatalogueJson(Lang lang) {
  nlohmann::json messages = nlohmann::json::object();
  for (const auto& [key, phrase] : Phrases()) {
    messages[key] = lang == Lang::kEn ? phrase->en : phrase->uk;
  }
  return {{"lang", LangName(lang)}, {"messages", messages}, {"choices", Choices(lang)}};
}

std::string Explain(const absl::Status& status, Lang lang) {
  const char* key = "failure.other";
  bool detail = true;
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      key = "failure.no_link";
      detail = false;
      break;
    case absl::StatusCode::kUnauthenticated:
      key = "failure.unknown_device";
      break;
    case absl::StatusCode::kPermissionDenied:
      key = "failure.denied";
      break;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      key = "failure.precondition";
      break;
    case absl::StatusCode::kResourceExhausted:
      key = "failure.busy";
      break;
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnknown:
      key = "failure.fault";
      break;
    default:
      break;
  }
  std::string text = Say(key, lang);
  if (detail && !status.message().empty()) {
    text = absl::StrCat(text, " ", Fill("failure.detail", lang, {{"detail", status.message()}}));
  }
  return text;
}

}  // namespace hromada::ui
