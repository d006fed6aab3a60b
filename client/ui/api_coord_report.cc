// The coordinators' report screens: the report inline and as files (the
// same renderer and checks as `hromada report --format html|csv|xlsx`,
// shared/cli/report_command.h over client/cli/coordination.h's device
// source), and the coverage grid of communities by month for network
// coordinators (shared/report/coverage.h, counted as the report counts).
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/cli/coordination.h"
#include "client/cli/records.h"
#include "client/ui/api.h"
#include "client/ui/coord_roles.h"
#include "shared/report/coverage.h"

namespace hromada::ui {
namespace {

// The report's settings from the query: from and to as people type dates
// (either may be empty), the page's language. nullopt, and `error` filled
// beside the field, for a date that does not read.
std::optional<cli::ReportArgs> ArgsOf(App& app, const Request& r, const std::string& format,
                                      Response* error) {
  cli::ReportArgs args;
  args.format = format;
  args.lang = LangName(app.lang());
  args.bom = format == "csv";  // coordinators open it in Excel
  for (const char* name : {"from", "to"}) {
    const std::string typed = r.Query(name);
    if (typed.empty()) continue;
    std::optional<std::string> date = cli::ReadDate(typed);
    if (!date) {
      *error = ErrorJson(absl::InvalidArgumentError(Say("meeting.bad_date", app.lang())), name);
      return std::nullopt;
    }
    (std::string(name) == "from" ? args.from : args.to) = *date;
  }
  if (!args.from.empty() && !args.to.empty() && args.to < args.from) {
    *error = ErrorJson(absl::InvalidArgumentError(Say("coord.to_before_from", app.lang())), "to");
    return std::nullopt;
  }
  return args;
}

// GET /api/coord/report?from=&to= -> {html, from, to}: the HTML report of
// everything on the device (dates read back as YYYY-MM-DD); the page
// shows it inside its own document.
Response Inline(App& app, const Request& r) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  Response error;
  std::optional<cli::ReportArgs> args = ArgsOf(app, r, "html", &error);
  if (!args) return error;
  absl::StatusOr<std::string> html =
      cli::MakeReport(*args, cli::DeviceReportSource(*app.client(), app.options().client_options));
  if (!html.ok()) return ErrorJson(html.status(), "from");
  return Json({{"html", *html}, {"from", args->from}, {"to", args->to}});
}

// GET /api/coord/report/file?format=csv|xlsx&from=&to= -> the file, as an
// attachment named by the day only (nothing personal in a file name).
Response File(App& app, const Request& r) {
  if (auto refused = RefuseBelow(app, CoordLevel::kCoordinator)) return *refused;
  const std::string format = r.Query("format");
  if (format != "csv" && format != "xlsx") {
    return ErrorJson(absl::InvalidArgumentError(Say("coord.bad_format", app.lang())), "format");
  }
  Response error;
  std::optional<cli::ReportArgs> args = ArgsOf(app, r, format, &error);
  if (!args) return error;
  const ClientOptions& options = app.options().client_options;
  absl::StatusOr<std::string> bytes =
      cli::MakeReport(*args, cli::DeviceReportSource(*app.client(), options));
  if (!bytes.ok()) return ErrorJson(bytes.status());
  Response out;
  out.body = *std::move(bytes);
  out.content_type = format == "csv"
                         ? "text/csv; charset=utf-8"
                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  out.headers.push_back(
      {"Content-Disposition", absl::StrCat("attachment; filename=\"hromada-report-",
                                           cli::Today(options), ".", format, "\"")});
  return out;
}

// GET /api/coord/coverage?to=YYYY-MM&months=N -> {months: ["YYYY-MM"],
// rows: [{id, name_uk, name_latin, cells: [{meetings, attendances,
// survey_responses, reported}]}]}: the communities this device syncs, the
// N months (6 if not given) ending with `to` (this month if not given).
Response Coverage(App& app, const Request& r) {
  if (auto refused = RefuseBelow(app, CoordLevel::kNetworkCoordinator)) return *refused;
  const Lang lang = app.lang();
  Client& client = *app.client();
  std::string last = r.Query("to");
  if (last.empty()) last = cli::Today(app.options().client_options).substr(0, 7);
  int months = 6;
  if (!r.Query("months").empty() && !absl::SimpleAtoi(r.Query("months"), &months)) months = 0;
  absl::StatusOr<ReportQuery> query = CoverageQuery(last, months);
  if (!query.ok()) {
    return ErrorJson(absl::InvalidArgumentError(Say("coord.bad_months", lang)), "to");
  }
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  absl::StatusOr<Report> report = BuildReport(client, *query);
  if (!report.ok()) return ErrorJson(report.status());
  absl::StatusOr<hromada::Coverage> grid = CountCoverage(*report, status->communities);
  if (!grid.ok()) return ErrorJson(grid.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const CoverageRow& row : grid->rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const CoverageCell& c : row.cells) {
      cells.push_back({{"meetings", c.meetings},
                       {"attendances", c.attendances},
                       {"survey_responses", c.survey_responses},
                       {"reported", c.reported()}});
    }
    rows.push_back({{"id", row.community_id},
                    {"name_uk", row.name_uk},
                    {"name_latin", row.name_latin},
                    {"cells", cells}});
  }
  return Json({{"months", grid->months}, {"rows", rows}});
}

}  // namespace

void AddCoordinatorReportRoutes(Router& router, App& app) {
  router.Add("GET", "/api/coord/report", {[&app](const Request& r) { return Inline(app, r); }});
  router.Add("GET", "/api/coord/report/file", {[&app](const Request& r) { return File(app, r); }});
  router.Add("GET", "/api/coord/coverage", {[&app](const Request& r) { return Coverage(app, r); }});
}

}  // namespace hromada::ui
