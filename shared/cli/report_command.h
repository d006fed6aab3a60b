// `report`, written once for both binaries: `hromada report` over a
// device's local store and `hromada-server admin report` over the server's
// database take the same flags (--community, --from/--to as any date flag
// reads them, --format, --bom, --output, --lang, --prepared-by), check them
// in the same order with the same errors, and write the same files. Only
// where the records come from, who "prepared by" names by default and what
// "today" is differ: a ReportSource says so. Not thread-safe.
#ifndef HROMADA_SHARED_CLI_REPORT_COMMAND_H_
#define HROMADA_SHARED_CLI_REPORT_COMMAND_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shared/report/report.h"

namespace hromada::cli {

// What was typed after `report`.
struct ReportArgs {
  std::string community;  // a name or id (community_names.h); "" for all
  std::string from, to;   // YYYY-MM-DD once parsed (dates.h); "" leaves an end open
  std::string format = "table";
  bool bom = false;    // a CSV starts with a byte-order mark (Excel on Windows)
  std::string output;  // a file to write; "" for stdout
  std::string lang = "uk";
  std::string prepared_by;  // "" for the source's author
};

// Where a report's records come from. All set, borrowed for one run.
struct ReportSource {
  // The community id (canonical UUID text) that what was typed names;
  // errors as ChooseCommunity's.
  std::function<absl::StatusOr<std::string>(absl::string_view typed)> community;
  // The figures for `query`, over the source's record states.
  std::function<absl::StatusOr<Report>(const ReportQuery& query)> build;
  // The communities whose records the source holds, as "Name" by id
  // (canonical UUID text): a device holds those it syncs. Unset: every
  // community (the server).
  std::function<absl::StatusOr<std::map<std::string, std::string>>()> held;
  // The name on the prepared-by line without --prepared-by.
  std::function<absl::StatusOr<std::string>()> author;
  int64_t now_seconds = 0;  // when it is prepared
  std::string today;        // ReportQuery::as_of ("": the system clock's day, UTC)
};

// Adds the flags to `report`, bound to `args`, which must outlive the
// parse. `everyone` says what no --community covers ("all on this device"),
// `author` whom the prepared-by line names by default.
void AddReportFlags(CLI::App& report, ReportArgs& args, absl::string_view everyone,
                    absl::string_view author);

// Builds and writes the report: to `out`, or to --output (a private file,
// it names people; then one line on `out` says so). INVALID_ARGUMENT for a
// format or language it does not know, or an xlsx without --output;
// FAILED_PRECONDITION for a --community the source does not hold (a
// report of zeros would mislead); the source's errors as they are.
absl::Status WriteReport(const ReportArgs& args, const ReportSource& source, std::ostream& out);

// The report's bytes in --format, checked and built as WriteReport does
// (`output` is not read: an xlsx is returned like any other format).
// The web screen serves these. Errors as WriteReport's.
absl::StatusOr<std::string> MakeReport(const ReportArgs& args, const ReportSource& source);

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_REPORT_COMMAND_H_
