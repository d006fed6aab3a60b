// Needs ranked across final survey responses: Borda points for ranking
// questions, shares of respondents for choice questions, counts per value
// for rating questions, means for number questions; text answers listed. Answers to one question id
// add up across all the versions of a form; labels and wording come from its latest version.
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "shared/base/uuid.h"
#include "shared/report/report_data.h"

namespace hromada::report {
namespace {

struct QuestionTally {
  NeedQuestion out;
  int64_t latest_version = 0;
  size_t position = 0;  // in the latest version
  std::map<std::string, std::string> labels;
  std::map<std::string, double> points;
  std::map<std::string, int64_t> chosen;
  std::map<int64_t, int64_t> values;  // rating value -> respondents
  std::vector<TextAnswer> texts;
  double sum = 0;
};

const char* MethodOf(QuestionType type) {
  switch (type) {
    case QuestionType::kRanking:
      return "borda";
    case QuestionType::kSingleChoice:
    case QuestionType::kMultipleChoice:
      return "share";
    case QuestionType::kRating:
      return "count";
    case QuestionType::kNumber:
      return "mean";
    case QuestionType::kText:
      return "text";
  }
  return nullptr;
}

using Tallies = std::map<std::pair<std::string, std::string>, QuestionTally>;

// Wording and labels of every question, the latest version winning.
void Describe(const Data& data, Tallies* tallies) {
  for (const auto& [id, survey] : data.surveys) {
    for (size_t i = 0; i < survey.questions.size(); ++i) {
      const Question& q = survey.questions[i];
      if (MethodOf(q.type) == nullptr) continue;
      QuestionTally& t = (*tallies)[{survey.form, q.id}];
      if (survey.version < t.latest_version) {
        for (const SurveyOption& o : q.options) t.labels.try_emplace(o.id, o.label);
        continue;
      }
      t.latest_version = survey.version;
      t.position = i;
      t.out.form = survey.form;
      t.out.title = survey.title;
      t.out.question_id = q.id;
      t.out.text = q.text;
      t.out.type = QuestionTypeName(q.type);
      t.out.method = MethodOf(q.type);
      for (const SurveyOption& o : q.options) {
        t.labels[o.id] = o.label;
        t.chosen.try_emplace(o.id, 0);
        t.points.try_emplace(o.id, 0);
      }
      if (q.type == QuestionType::kRating && q.max - q.min <= 100) {
        for (double v = q.min; v <= q.max; ++v) t.values.try_emplace(std::llround(v), 0);
      }
    }
  }
}

void Count(const Question& q, const nlohmann::json& answer, const std::string& date,
           QuestionTally* t) {
  ++t->out.respondents;
  switch (q.type) {
    case QuestionType::kRanking: {
      const double m = static_cast<double>(q.options.size());
      for (size_t i = 0; i < answer.size(); ++i) {
        const std::string id = answer[i].get<std::string>();
        t->points[id] += m - static_cast<double>(i);
        ++t->chosen[id];
      }
      break;
    }
    case QuestionType::kSingleChoice:
      ++t->chosen[answer.get<std::string>()];
      break;
    case QuestionType::kMultipleChoice:
      for (const auto& id : answer) ++t->chosen[id.get<std::string>()];
      break;
    case QuestionType::kRating:
      ++t->values[std::llround(answer.get<double>())];
      break;
    case QuestionType::kNumber:
      t->sum += answer.get<double>();
      break;
    case QuestionType::kText:
      if (!answer.get<std::string>().empty()) t->texts.push_back({date, answer.get<std::string>()});
      break;
  }
}

TextQuestion Listed(QuestionTally& t) {
  TextQuestion q{t.out.form, t.out.title, t.out.question_id, t.out.text, std::move(t.texts)};
  std::sort(q.answers.begin(), q.answers.end(), [](const TextAnswer& a, const TextAnswer& b) {
    return std::tie(a.date, a.text) < std::tie(b.date, b.text);
  });
  return q;
}

NeedQuestion Ranked(QuestionTally& t) {
  NeedQuestion q = std::move(t.out);
  if (q.method == "mean") {
    const double mean = q.respondents > 0 ? t.sum / static_cast<double>(q.respondents) : 0;
    q.ranked.push_back({"", "mean", mean, q.respondents});
    return q;
  }
  if (q.method == "count") {
    for (const auto& [value, n] : t.values) {
      const std::string v = std::to_string(value);
      q.ranked.push_back({v, v, static_cast<double>(n), n});
    }
    return q;
  }
  for (const auto& [id, n] : t.chosen) {
    double score = q.method == "borda" ? t.points[id]
                   : q.respondents > 0 ? static_cast<double>(n) / static_cast<double>(q.respondents)
                                       : 0;
    q.ranked.push_back({id, t.labels.count(id) ? t.labels[id] : id, score, n});
  }
  std::stable_sort(q.ranked.begin(), q.ranked.end(),
                   [](const NeedRow& a, const NeedRow& b) { return a.score > b.score; });
  return q;
}

}  // namespace

void RankNeeds(const Data& data, absl::string_view scope, Report* out) {
  Tallies tallies;
  Describe(data, &tallies);
  for (const Response& r : data.responses) {
    if (!InScope(scope, r.community) || !InPeriod(out->query, r.date)) continue;
    auto survey = data.surveys.find(r.survey);
    if (survey == data.surveys.end()) continue;
    const nlohmann::json answers = nlohmann::json::parse(r.answers, nullptr, false);
    if (!answers.is_object()) continue;
    ++out->survey_responses;
    out->response_rows.push_back({IdToString(r.community), r.date});
    for (const Question& q : survey->second.questions) {
      auto answer = answers.find(q.id);
      if (answer == answers.end() || MethodOf(q.type) == nullptr) continue;
      if (!ValidateAnswer(q, *answer).ok()) continue;
      Count(q, *answer, r.date, &tallies[{survey->second.form, q.id}]);
    }
  }
  std::stable_sort(out->response_rows.begin(), out->response_rows.end(),
                   [](const ResponseRow& a, const ResponseRow& b) { return a.date < b.date; });
  std::vector<QuestionTally*> order;
  for (auto& [key, t] : tallies) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(), [](const QuestionTally* a, const QuestionTally* b) {
    if (a->out.form != b->out.form) return a->out.form < b->out.form;
    return a->position < b->position;
  });
  for (QuestionTally* t : order) {
    if (t->out.method == "text") {
      out->text_answers.push_back(Listed(*t));
    } else {
      out->needs.push_back(Ranked(*t));
    }
  }
}

}  // namespace hromada::report
