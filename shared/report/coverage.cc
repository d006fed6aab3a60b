#include "shared/report/coverage.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace hromada {
namespace {

bool ReadMonth(absl::string_view text, absl::CivilMonth* month) {
  return text.size() == 7 && absl::ParseCivilTime(text, month);
}

std::string MonthText(absl::CivilMonth month) { return absl::FormatCivilTime(month); }

}  // namespace

absl::StatusOr<ReportQuery> CoverageQuery(absl::string_view last_month, int months) {
  absl::CivilMonth last;
  if (!ReadMonth(last_month, &last)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the month '", last_month, "' is not a month like 2026-03"));
  }
  if (months < 1 || months > kMaxCoverageMonths) {
    return absl::InvalidArgumentError(
        absl::StrCat("a coverage grid has 1 to ", kMaxCoverageMonths, " months"));
  }
  const absl::CivilDay from(last - (months - 1));
  const absl::CivilDay to = absl::CivilDay(last + 1) - 1;
  ReportQuery query;
  query.from = absl::FormatCivilTime(from);
  query.to = absl::FormatCivilTime(to);
  return query;
}

absl::StatusOr<Coverage> CountCoverage(const Report& report,
                                       const std::vector<std::string>& communities) {
  const ReportQuery& q = report.query;
  absl::CivilDay from, to;
  if (!absl::ParseCivilTime(q.from, &from) || !absl::ParseCivilTime(q.to, &to) || from.day() != 1 ||
      (to + 1).day() != 1 || to < from) {
    return absl::InvalidArgumentError("a coverage grid needs a report over whole months");
  }
  Coverage out;
  std::map<std::string, size_t> month_index;
  for (absl::CivilMonth m(from); m <= absl::CivilMonth(to); ++m) {
    month_index[MonthText(m)] = out.months.size();
    out.months.push_back(MonthText(m));
  }
  std::map<std::string, const CommunityRow*> named;
  for (const CommunityRow& c : report.communities) named[c.id] = &c;
  std::vector<std::string> ids = communities;
  if (ids.empty()) {
    for (const CommunityRow& c : report.communities) ids.push_back(c.id);
  }
  std::map<std::string, CoverageRow> rows;
  for (const std::string& id : ids) {
    CoverageRow& row = rows[id];
    row.community_id = id;
    auto it = named.find(id);
    row.name_uk = it == named.end() ? id : it->second->name_uk;
    row.name_latin = it == named.end() ? id : it->second->name_latin;
    row.cells.resize(out.months.size());
  }
  // The cell of a dated record, or nullptr when its community has no row.
  auto cell = [&](const std::string& community, const std::string& date) -> CoverageCell* {
    auto row = rows.find(community);
    auto month = month_index.find(date.substr(0, 7));
    if (row == rows.end() || month == month_index.end()) return nullptr;
    return &row->second.cells[month->second];
  };
  for (const MeetingRow& m : report.meeting_rows) {
    if (CoverageCell* c = cell(m.community_id, m.date)) {
      ++c->meetings;
      c->attendances += m.attendances;
    }
  }
  for (const ResponseRow& r : report.response_rows) {
    if (CoverageCell* c = cell(r.community_id, r.date)) ++c->survey_responses;
  }
  for (auto& [id, row] : rows) out.rows.push_back(std::move(row));
  std::sort(out.rows.begin(), out.rows.end(), [](const CoverageRow& a, const CoverageRow& b) {
    return std::tie(a.name_latin, a.community_id) < std::tie(b.name_latin, b.community_id);
  });
  return out;
}

}  // namespace hromada
