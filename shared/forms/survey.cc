// Survey forms: one set of rules (FormFromJson) for a form written as JSON
// or YAML, and the canonical JSON of its questions.
#include "shared/forms/survey.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "shared/base/hidden_characters.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"

namespace hromada {
namespace {

using nlohmann::json;

constexpr QuestionType kTypes[] = {QuestionType::kSingleChoice, QuestionType::kMultipleChoice,
                                   QuestionType::kRating,       QuestionType::kRanking,
                                   QuestionType::kNumber,       QuestionType::kText};
constexpr int64_t kMaxVersion = 1000000;    // as the survey kind's `version` field
constexpr int64_t kMaxTextLength = 100000;  // as the response kind's `answers` field
constexpr int kMaxYamlDepth = 64;
constexpr int kMaxYamlNodes = 100000;

// "<where>: <what>", the one shape of every error about a form.
absl::Status Invalid(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

bool IsKey(absl::string_view s, bool dash) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-');
    if (!ok) return false;
  }
  return true;
}

// A name from the form, quoted for a refusal message that reaches other
// screens: one that is long, not UTF-8 or holds control characters is
// shown cut and escaped, never as it is.
std::string Quoted(absl::string_view s) {
  constexpr size_t kMaxShown = 64;
  if (s.size() <= kMaxShown && CountCodePoints(s) >= 0 && !FindControl(s, false)) {
    return absl::StrCat("\"", s, "\"");
  }
  return absl::StrCat("\"", absl::CHexEscape(s.substr(0, kMaxShown)),
                      s.size() > kMaxShown ? "..." : "", "\"");
}

// Refuses keys of `object` outside `allowed`: a typo must not silently
// drop a limit the coordinator meant to set.
absl::Status CheckKeys(const json& object, const std::set<std::string>& allowed,
                       absl::string_view where) {
  for (const auto& item : object.items()) {
    if (allowed.count(item.key()) == 0) {
      return Invalid(where, absl::StrCat("unknown key ", Quoted(item.key())));
    }
  }
  return absl::OkStatus();
}

// The normalised, non-empty text at `key`.
absl::StatusOr<std::string> ReadText(const json& object, const char* key, absl::string_view where) {
  auto it = object.find(key);
  if (it == object.end()) return Invalid(where, absl::StrCat(Quoted(key), " is missing"));
  if (!it->is_string()) return Invalid(where, absl::StrCat(Quoted(key), " must be text"));
  absl::StatusOr<std::string> text = NormalizeText(it->get<std::string>());
  if (!text.ok()) return Invalid(where, absl::StrCat(Quoted(key), " is not valid UTF-8 text"));
  if (text->empty()) return Invalid(where, absl::StrCat(Quoted(key), " is empty"));
  if (FindControl(*text, /*multi_line=*/false)) {
    return Invalid(where, absl::StrCat(Quoted(key),
                                       " holds a control character; it must be one "
                                       "line of plain text"));
  }
  if (std::optional<HiddenCharacter> hidden = FindHiddenCharacter(*text, /*multi_line=*/false)) {
    return Invalid(where, absl::StrCat(Quoted(key), " ", HiddenCharacterRefusal(*hidden)));
  }
  return text;
}

// The number at `key`, or `fallback` if absent; `whole` requires an integer.
absl::StatusOr<double> ReadNumber(const json& object, const char* key, double fallback, bool whole,
                                  absl::string_view where) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  const bool ok = whole ? it->is_number_integer() : it->is_number();
  if (!ok || !std::isfinite(it->get<double>())) {
    return Invalid(where,
                   absl::StrCat(Quoted(key), " must be a ", whole ? "whole " : "", "number"));
  }
  return it->get<double>();
}

absl::StatusOr<QuestionType> ReadType(const json& object, absl::string_view where) {
  auto it = object.find("type");
  if (it != object.end() && it->is_string()) {
    for (QuestionType t : kTypes) {
      if (QuestionTypeName(t) == it->get<std::string>()) return t;
    }
  }
  return Invalid(where,
                 "\"type\" must be one of single_choice, multiple_choice, rating, "
                 "ranking, number, text");
}

bool HasOptions(QuestionType t) {
  return t == QuestionType::kSingleChoice || t == QuestionType::kMultipleChoice ||
         t == QuestionType::kRanking;
}

// The keys a question of type `t` may have.
std::set<std::string> KeysOf(QuestionType t) {
  std::set<std::string> keys = {"id", "type", "text", "required", "relevant"};
  if (HasOptions(t)) keys.insert("options");
  if (t == QuestionType::kMultipleChoice) keys.insert("max_choices");
  if (t == QuestionType::kRating || t == QuestionType::kNumber) keys.insert({"min", "max"});
  if (t == QuestionType::kText) keys.insert("max_length");
  return keys;
}

// Tells a key that belongs to another type of question from a typo.
absl::Status CheckQuestionKeys(const json& q, QuestionType t, absl::string_view where) {
  const std::set<std::string> own = KeysOf(t);
  for (const auto& item : q.items()) {
    if (own.count(item.key()) != 0) continue;
    for (QuestionType other : kTypes) {
      if (KeysOf(other).count(item.key()) != 0) {
        return Invalid(where, absl::StrCat("a ", QuestionTypeName(t), " question has no ",
                                           Quoted(item.key())));
      }
    }
    return Invalid(where, absl::StrCat("unknown key ", Quoted(item.key())));
  }
  return absl::OkStatus();
}

absl::Status ParseOptions(const json& q, absl::string_view where, Question* out) {
  auto it = q.find("options");
  if (it == q.end() || !it->is_array() || it->size() < 2) {
    return Invalid(where, "needs a list of at least 2 options");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& o = (*it)[i];
    std::string at = absl::StrCat(where, ": option ", i + 1);
    if (!o.is_object()) return Invalid(at, "must be an object with \"id\" and \"label\"");
    auto id = o.find("id");
    if (id == o.end() || !id->is_string() || !IsKey(id->get<std::string>(), false)) {
      return Invalid(at, "\"id\" must be lower-case latin letters, digits and _");
    }
    at = absl::StrCat(where, ": option ", Quoted(id->get<std::string>()));
    if (out->FindOption(id->get<std::string>()) != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(at, " appears twice"));
    }
    if (absl::Status s = CheckKeys(o, {"id", "label"}, at); !s.ok()) return s;
    absl::StatusOr<std::string> label = ReadText(o, "label", at);
    if (!label.ok()) return label.status();
    out->options.push_back({id->get<std::string>(), *std::move(label)});
  }
  return absl::OkStatus();
}

absl::Status ParseLimits(const json& q, absl::string_view where, Question* out) {
  const bool rating = out->type == QuestionType::kRating;
  if (out->type == QuestionType::kNumber && (!q.contains("min") || !q.contains("max"))) {
    return Invalid(where, "a number question needs \"min\" and \"max\"");
  }
  absl::StatusOr<double> min = ReadNumber(q, "min", 1, rating, where);
  if (!min.ok()) return min.status();
  absl::StatusOr<double> max = ReadNumber(q, "max", 5, rating, where);
  if (!max.ok()) return max.status();
  if (rating ? *min >= *max : *min > *max) {
    return Invalid(where,
                   absl::StrCat("\"min\" must be ", rating ? "less than" : "at most", " \"max\""));
  }
  out->min = *min;
  out->max = *max;
  return absl::OkStatus();
}

absl::Status ParseTypeSpecific(const json& q, absl::string_view where, Question* out) {
  if (HasOptions(out->type)) {
    if (absl::Status s = ParseOptions(q, where, out); !s.ok()) return s;
  }
  if (out->type == QuestionType::kRating || out->type == QuestionType::kNumber) {
    if (absl::Status s = ParseLimits(q, where, out); !s.ok()) return s;
  }
  if (out->type == QuestionType::kMultipleChoice) {
    absl::StatusOr<double> n = ReadNumber(q, "max_choices", 0, true, where);
    if (!n.ok()) return n.status();
    if (*n < 0 || *n > static_cast<double>(out->options.size())) {
      return Invalid(where, absl::StrCat("\"max_choices\" must be from 0 (any number) to ",
                                         out->options.size(), ", the number of options"));
    }
    out->max_choices = static_cast<int>(*n);
  }
  if (out->type == QuestionType::kText) {
    absl::StatusOr<double> n = ReadNumber(q, "max_length", 2000, true, where);
    if (!n.ok()) return n.status();
    if (*n < 1 || *n > kMaxTextLength) {
      return Invalid(where, absl::StrCat("\"max_length\" must be from 1 to ", kMaxTextLength));
    }
    out->max_length = static_cast<int64_t>(*n);
  }
  return absl::OkStatus();
}

// The shape of `relevant`; what it names is checked by CheckRelevant.
absl::Status ParseRelevant(const json& q, absl::string_view where, Question* out) {
  auto it = q.find("relevant");
  if (it == q.end()) return absl::OkStatus();
  const bool ok = it->is_object() && it->size() == 2 && it->contains("question") &&
                  it->contains("chosen") && (*it)["question"].is_string() &&
                  (*it)["chosen"].is_string();
  if (!ok) {
    return Invalid(where, "\"relevant\" must be {\"question\": ID, \"chosen\": OPTION ID}");
  }
  out->relevant = {(*it)["question"].get<std::string>(), (*it)["chosen"].get<std::string>()};
  return absl::OkStatus();
}

// A condition names an earlier question with options, and one of them.
absl::Status CheckRelevant(const Question& q, const std::vector<Question>& earlier) {
  if (q.relevant.question.empty()) return absl::OkStatus();
  const std::string where = absl::StrCat("question ", Quoted(q.id));
  for (const Question& e : earlier) {
    if (e.id != q.relevant.question) continue;
    if (!HasOptions(e.type)) {
      return Invalid(where, absl::StrCat("\"relevant\" must name a question with options, not ",
                                         Quoted(e.id)));
    }
    if (e.FindOption(q.relevant.option) == nullptr) {
      return Invalid(where, absl::StrCat("\"relevant\": question ", Quoted(e.id), " has no option ",
                                         Quoted(q.relevant.option)));
    }
    return absl::OkStatus();
  }
  return Invalid(where, absl::StrCat("\"relevant\" must name an earlier question, not ",
                                     Quoted(q.relevant.question)));
}

absl::StatusOr<Question> ParseQuestion(const json& q, size_t index) {
  std::string where = absl::StrCat("question ", index + 1);
  if (!q.is_object()) return Invalid(where, "must be an object");
  auto id = q.find("id");
  if (id == q.end() || !id->is_string() || !IsKey(id->get<std::string>(), false)) {
    return Invalid(where, "\"id\" must be lower-case latin letters, digits and _");
  }
  Question out;
  out.id = id->get<std::string>();
  where = absl::StrCat("question ", Quoted(out.id));
  absl::StatusOr<QuestionType> type = ReadType(q, where);
  if (!type.ok()) return type.status();
  out.type = *type;
  if (absl::Status s = CheckQuestionKeys(q, out.type, where); !s.ok()) return s;
  absl::StatusOr<std::string> text = ReadText(q, "text", where);
  if (!text.ok()) return text.status();
  out.text = *std::move(text);
  auto required = q.find("required");
  if (required != q.end() && !required->is_boolean()) {
    return Invalid(where, "\"required\" must be true or false");
  }
  out.required = required != q.end() && required->get<bool>();
  if (absl::Status s = ParseRelevant(q, where, &out); !s.ok()) return s;
  if (absl::Status s = ParseTypeSpecific(q, where, &out); !s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Question>> ParseQuestions(const json& questions) {
  if (!questions.is_array() || questions.empty()) {
    return absl::InvalidArgumentError("the form needs a non-empty list of \"questions\"");
  }
  std::vector<Question> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < questions.size(); ++i) {
    absl::StatusOr<Question> q = ParseQuestion(questions[i], i);
    if (!q.ok()) return q.status();
    if (!ids.insert(q->id).second) {
      return absl::InvalidArgumentError(absl::StrCat("question ", Quoted(q->id), " appears twice"));
    }
    if (absl::Status s = CheckRelevant(*q, out); !s.ok()) return s;
    out.push_back(*std::move(q));
  }
  return out;
}

absl::StatusOr<SurveyForm> FormFromJson(const json& doc) {
  if (!doc.is_object()) return absl::InvalidArgumentError("a form must be an object");
  if (absl::Status s = CheckKeys(doc, {"form", "version", "title", "questions"}, "the form");
      !s.ok()) {
    return s;
  }
  SurveyForm form;
  auto key = doc.find("form");
  if (key == doc.end() || !key->is_string() || !IsFormKey(key->get<std::string>())) {
    return absl::InvalidArgumentError(
        "\"form\" must be a key of lower-case latin letters, digits, _ and -");
  }
  form.form = key->get<std::string>();
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() < 1 ||
      version->get<int64_t>() > kMaxVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"version\" must be a whole number from 1 to ", kMaxVersion));
  }
  form.version = version->get<int64_t>();
  absl::StatusOr<std::string> title = ReadText(doc, "title", "the form");
  if (!title.ok()) return title.status();
  form.title = *std::move(title);
  absl::StatusOr<std::vector<Question>> questions =
      ParseQuestions(doc.contains("questions") ? doc["questions"] : json());
  if (!questions.ok()) return questions.status();
  form.questions = *std::move(questions);
  return form;
}

absl::StatusOr<json> ParseJsonText(absl::string_view text, absl::string_view what) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not valid JSON (error at byte ", e.byte, ")"));
  } catch (const json::exception& e) {  // a number too large for a double (found by fuzzing)
    return absl::InvalidArgumentError(absl::StrCat(what, " cannot be read: ", e.what()));
  }
}

// A plain YAML scalar read by YAML 1.2's core schema: yaml-cpp's own bool
// conversion follows YAML 1.1, where an option id `no` would become false.
json PlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  int64_t n = 0;
  double x = 0;
  YAML::Node node(s);
  if (YAML::convert<int64_t>::decode(node, n)) return n;
  if (YAML::convert<double>::decode(node, x)) return x;
  return s;
}

// Converts a YAML tree to JSON within limits: an alias repeated inside
// aliases ("billion laughs") would otherwise expand without end.
class YamlToJson {
 public:
  absl::StatusOr<json> Convert(const YAML::Node& node, int depth = 0) {
    if (depth > kMaxYamlDepth || ++nodes_ > kMaxYamlNodes) {
      return absl::InvalidArgumentError("the form is too large or nested too deeply");
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:  // quoted scalars are tagged "!": always text
        return node.Tag() == "!" ? json(node.Scalar()) : PlainScalar(node.Scalar());
      case YAML::NodeType::Sequence:
        return Sequence(node, depth);
      case YAML::NodeType::Map:
        return Map(node, depth);
      default:
        return json(nullptr);
    }
  }

 private:
  absl::StatusOr<json> Sequence(const YAML::Node& node, int depth) {
    json out = json::array();
    for (const YAML::Node& item : node) {
      absl::StatusOr<json> v = Convert(item, depth + 1);
      if (!v.ok()) return v;
      out.push_back(*std::move(v));
    }
    return out;
  }

  absl::StatusOr<json> Map(const YAML::Node& node, int depth) {
    json out = json::object();
    for (const auto& item : node) {
      if (!item.first.IsScalar()) return Invalid("the form", "a key must be a plain word");
      const std::string& key = item.first.Scalar();
      if (out.contains(key))
        return Invalid("the form", absl::StrCat(Quoted(key), " appears twice"));
      absl::StatusOr<json> v = Convert(item.second, depth + 1);
      if (!v.ok()) return v;
      out[key] = *std::move(v);
    }
    return out;
  }

  int nodes_ = 0;
};

// `x` as a JSON integer when it is whole, so the canonical text has no ".0".
json Number(double x) {
  if (x == std::floor(x) && std::fabs(x) < 9e15) return static_cast<int64_t>(x);
  return x;
}

nlohmann::ordered_json QuestionToJson(const Question& q) {
  nlohmann::ordered_json out = {
      {"id", q.id}, {"type", QuestionTypeName(q.type)}, {"text", q.text}, {"required", q.required}};
  if (HasOptions(q.type)) {
    out["options"] = nlohmann::ordered_json::array();
    for (const SurveyOption& o : q.options)
      out["options"].push_back({{"id", o.id}, {"label", o.label}});
  }
  if (q.type == QuestionType::kMultipleChoice) out["max_choices"] = q.max_choices;
  if (q.type == QuestionType::kRating || q.type == QuestionType::kNumber) {
    out["min"] = Number(q.min);
    out["max"] = Number(q.max);
  }
  if (q.type == QuestionType::kText) out["max_length"] = q.max_length;
  if (!q.relevant.question.empty()) {  // absent otherwise: older forms keep their bytes
    out["relevant"] = {{"question", q.relevant.question}, {"chosen", q.relevant.option}};
  }
  return out;
}

}  // namespace

const SurveyOption* Question::FindOption(absl::string_view option_id) const {
  for (const SurveyOption& o : options) {
    if (o.id == option_id) return &o;
  }
  return nullptr;
}

const Question* SurveyForm::Find(absl::string_view question_id) const {
  for (const Question& q : questions) {
    if (q.id == question_id) return &q;
  }
  return nullptr;
}

bool IsFormKey(absl::string_view form) { return IsKey(form, true); }

std::string QuestionTypeName(QuestionType type) {
  switch (type) {
    case QuestionType::kSingleChoice:
      return "single_choice";
    case QuestionType::kMultipleChoice:
      return "multiple_choice";
    case QuestionType::kRating:
      return "rating";
    case QuestionType::kRanking:
      return "ranking";
    case QuestionType::kNumber:
      return "number";
    case QuestionType::kText:
      return "text";
  }
  return "text";
}

absl::StatusOr<SurveyForm> ParseSurveyFormJson(absl::string_view text) {
  absl::StatusOr<json> doc = ParseJsonText(text, "the form");
  if (!doc.ok()) return doc.status();
  return FormFromJson(*doc);
}

absl::StatusOr<SurveyForm> ParseSurveyFormYaml(absl::string_view text) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("the form is not valid YAML (line ", e.mark.line + 1, ": ", e.msg, ")"));
  }
  absl::StatusOr<json> doc = YamlToJson().Convert(root);
  if (!doc.ok()) return doc.status();
  return FormFromJson(*doc);
}

absl::StatusOr<SurveyForm> ReadSurveyFormFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the form file ", path));
  std::stringstream text;
  text << in.rdbuf();
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".yaml") || absl::EndsWith(lower, ".yml")) {
    return ParseSurveyFormYaml(text.str());
  }
  return ParseSurveyFormJson(text.str());
}

std::string SurveyId(absl::string_view form, int64_t version) {
  return Uuid::V5(HromadaNamespace(), absl::StrCat("survey:", form, ":", version)).ToString();
}

std::string QuestionsToJson(const SurveyForm& form) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Question& q : form.questions) out.push_back(QuestionToJson(q));
  return out.dump();
}

absl::StatusOr<std::vector<Question>> QuestionsFromJson(absl::string_view text) {
  absl::StatusOr<json> doc = ParseJsonText(text, "the questions");
  if (!doc.ok()) return doc.status();
  return ParseQuestions(*doc);
}

}  // namespace hromada
