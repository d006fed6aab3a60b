// What the HTML report's data-figure elements must say for a Report: the
// data-figure contract of render.h, written out again independently of
// render_html.cc so tests can hold the rendered page against it. Tests
// (unit and browser) include this header; it needs only hromada_shared.
#ifndef HROMADA_TESTS_REPORT_REPORT_FIGURES_H_
#define HROMADA_TESTS_REPORT_REPORT_FIGURES_H_

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "shared/report/report.h"

namespace hromada {
namespace test {

struct ExpectedFigure {
  double value = 0;
  double tolerance = 0;  // the page rounds: 3 decimals for scores, 1 for days
};

inline std::map<std::string, ExpectedFigure> ExpectedFigures(const Report& r) {
  std::map<std::string, ExpectedFigure> f;
  auto count = [&](const std::string& key, int64_t v) { f[key] = {static_cast<double>(v), 0}; };
  count("meetings", r.meetings);
  count("attendances", r.attendances);
  count("individuals", r.individuals);
  count("new_individuals", r.new_individuals);
  count("returning_individuals", r.returning_individuals);
  count("merged_records", r.merged_records);
  count("survey_responses", r.survey_responses);
  count("initiatives", r.initiatives);
  for (const CommunityRow& c : r.communities) {
    const std::string key = absl::StrCat("community:", c.name_latin, ":");
    count(key + "meetings", c.meetings);
    count(key + "attendances", c.attendances);
    count(key + "individuals", c.individuals);
  }
  for (const MeetingRow& m : r.meeting_rows) {
    count(absl::StrCat("meeting:", m.id, ":attendances"), m.attendances);
    count(absl::StrCat("meeting:", m.id, ":first_timers"), m.first_timers);
  }
  for (const Breakdown& b : r.breakdowns) {
    for (const CountRow& row : b.rows)
      count(absl::StrCat("breakdown:", b.name, ":", row.key), row.count);
  }
  for (const NeedQuestion& q : r.needs) {
    const std::string key = absl::StrCat(q.form, ":", q.question_id);
    count("need_respondents:" + key, q.respondents);
    for (const NeedRow& n : q.ranked) {
      f[absl::StrCat("need:", key, ":", n.option_id)] = {n.score, 0.0005};
      count(absl::StrCat("need_responses:", key, ":", n.option_id), n.responses);
    }
  }
  for (const StatusRow& s : r.statuses) {
    const std::string key = absl::StrCat("status:", s.status, ":");
    count(key + "current", s.current);
    count(key + "passed", s.passed);
    f[key + "mean_days"] = {s.mean_days, 0.05};
    f[key + "median_days"] = {s.median_days, 0.05};
  }
  return f;
}

// One sentence per difference between the expected figures and the ones a
// page shows (key -> text): missing, extra, not a number, or wrong.
inline std::vector<std::string> FigureProblems(
    const std::map<std::string, ExpectedFigure>& expected,
    const std::map<std::string, std::string>& shown) {
  std::vector<std::string> problems;
  for (const auto& [key, want] : expected) {
    const auto it = shown.find(key);
    if (it == shown.end()) {
      problems.push_back(absl::StrCat("figure ", key, " is missing"));
      continue;
    }
    char* end = nullptr;
    const double got = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0') {
      problems.push_back(absl::StrCat("figure ", key, " is not a number: \"", it->second, "\""));
    } else if (std::fabs(got - want.value) > want.tolerance + 1e-9) {
      problems.push_back(
          absl::StrCat("figure ", key, " shows ", it->second, ", want ", want.value));
    }
  }
  for (const auto& [key, text] : shown) {
    if (expected.count(key) == 0) problems.push_back(absl::StrCat("unexpected figure ", key));
  }
  return problems;
}

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_REPORT_REPORT_FIGURES_H_
