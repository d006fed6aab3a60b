// Initiatives by status as of a date, and the days each spent per status,
// read from the `entered_<status>` dates in the order StatusHistory gives
// them (see initiative.h).
#include <algorithm>
#include <map>
#include <tuple>

#include "shared/base/uuid.h"
#include "shared/report/report_data.h"
#include "shared/sync/initiative.h"

namespace hromada::report {
namespace {

double Median(std::vector<int>& days) {
  if (days.empty()) return 0;
  std::sort(days.begin(), days.end());
  const size_t n = days.size();
  return n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
}

InitiativeRow RowOf(const Data& data, const Initiative& in, const std::vector<StatusStep>& steps,
                    const std::string& as_of) {
  InitiativeRow row{IdToString(in.id), "",        in.title, in.category, in.donor,
                    in.estimated_cost, in.status, "",       -1};
  auto c = data.communities.find(in.community);
  row.community_name =
      c == data.communities.end() ? IdToString(in.community) : c->second.name_latin;
  if (!steps.empty()) {
    row.status = steps.back().status;
    row.since = steps.back().date;
    row.days_in_status = std::max(0, DaysBetween(row.since, as_of));
  }
  return row;
}

// Position of a status in InitiativeStatuses(), for ordering rows.
size_t StatusOrder(const std::string& status) {
  const std::vector<std::string>& all = InitiativeStatuses();
  return static_cast<size_t>(std::find(all.begin(), all.end(), status) - all.begin());
}

void SortRows(std::vector<InitiativeRow>* rows) {
  std::sort(rows->begin(), rows->end(), [](const InitiativeRow& a, const InitiativeRow& b) {
    const size_t sa = StatusOrder(a.status), sb = StatusOrder(b.status);
    return std::tie(a.community_name, sa, a.title, a.id) <
           std::tie(b.community_name, sb, b.title, b.id);
  });
}

}  // namespace

void CountInitiatives(const Data& data, absl::string_view scope, Report* out) {
  std::map<std::string, StatusRow> rows;
  std::map<std::string, std::vector<int>> days;
  for (const Initiative& in : data.initiatives) {
    if (!InScope(scope, in.community)) continue;
    // The statuses entered by then, as every replica orders them.
    const std::vector<StatusStep> steps = StatusHistory(in.entered, out->as_of);
    // Without any dates, the status field is all there is (counted as is).
    if (steps.empty() && !in.entered.empty()) continue;  // not yet proposed then
    if (steps.empty()) {
      if (!IsInitiativeStatus(in.status)) continue;
      ++rows[in.status].current;
      ++out->initiatives;
      out->initiative_rows.push_back(RowOf(data, in, steps, out->as_of));
      continue;
    }
    ++out->initiatives;
    out->initiative_rows.push_back(RowOf(data, in, steps, out->as_of));
    ++rows[steps.back().status].current;
    for (size_t i = 0; i < steps.size(); ++i) {
      const std::string& end = i + 1 < steps.size() ? steps[i + 1].date : out->as_of;
      ++rows[steps[i].status].passed;
      days[steps[i].status].push_back(std::max(0, DaysBetween(steps[i].date, end)));
    }
  }
  for (const std::string& status : InitiativeStatuses()) {
    StatusRow row = rows[status];
    row.status = status;
    std::vector<int>& d = days[status];
    if (!d.empty()) {
      double sum = 0;
      for (int x : d) sum += x;
      row.mean_days = sum / static_cast<double>(d.size());
      row.median_days = Median(d);
    }
    out->statuses.push_back(row);
  }
  SortRows(&out->initiative_rows);
}

}  // namespace hromada::report
