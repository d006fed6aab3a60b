#include "shared/cli/report_command.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "shared/base/private_file.h"
#include "shared/cli/dates.h"
#include "shared/report/render.h"
#include "shared/report/render_xlsx.h"

namespace hromada::cli {

void AddReportFlags(CLI::App& report, ReportArgs& args, absl::string_view everyone,
                    absl::string_view author) {
  report.add_option("--community", args.community,
                    absl::StrCat("one community, by name or id (default: ", everyone, ")"));
  report.add_option("--from", args.from, "from this date, YYYY-MM-DD")->transform(DateTyped());
  report.add_option("--to", args.to, "up to this date, YYYY-MM-DD")->transform(DateTyped());
  report.add_option("--format", args.format, "table, csv, json, html or xlsx (needs --output)")
      ->capture_default_str();
  report.add_flag("--bom", args.bom, "start a CSV with a byte-order mark (Excel on Windows)");
  report.add_option("--output", args.output, "write to this file instead of stdout");
  report.add_option("--lang", args.lang, "words for codes: uk or en")->capture_default_str();
  report.add_option("--prepared-by", args.prepared_by,
                    absl::StrCat("name on the prepared-by line (default: ", author, ")"));
}

namespace {

// FAILED_PRECONDITION, in one sentence, when `source` holds none of
// community `id`'s records.
absl::Status CheckHeld(const ReportSource& source, const std::string& id, absl::string_view typed) {
  if (!source.held) return absl::OkStatus();
  absl::StatusOr<std::map<std::string, std::string>> held = source.held();
  if (!held.ok()) return held.status();
  // None known (a device not enrolled yet): nothing to tell.
  if (held->empty() || held->count(id) > 0) return absl::OkStatus();
  std::vector<std::string> names;
  for (const auto& [held_id, name] : *held) names.push_back(name);
  return absl::FailedPreconditionError(absl::StrCat(
      "this device holds no records of ", typed, ": it syncs ", absl::StrJoin(names, ", "),
      " only; the server's admin report has every community"));
}

}  // namespace

absl::StatusOr<std::string> MakeReport(const ReportArgs& args, const ReportSource& source) {
  if (absl::Status s = CheckReportFileFormat(args.format); !s.ok()) return s;
  absl::StatusOr<ReportLang> lang = ParseReportLang(args.lang);
  if (!lang.ok()) return lang.status();
  ReportQuery query{"", args.from, args.to, source.today};
  if (!args.community.empty()) {
    absl::StatusOr<std::string> id = source.community(args.community);
    if (!id.ok()) return id.status();
    if (absl::Status s = CheckHeld(source, *id, args.community); !s.ok()) return s;
    query.community_id = *id;
  }
  std::string name = args.prepared_by;
  if (name.empty()) {
    absl::StatusOr<std::string> author = source.author();
    if (!author.ok()) return author.status();
    name = *author;
  }
  absl::StatusOr<Report> report = source.build(query);
  if (!report.ok()) return report.status();
  return RenderReportFile(*report, args.format, args.bom,
                          RenderOptions{*lang, PreparedBy(name, source.now_seconds)});
}

absl::Status WriteReport(const ReportArgs& args, const ReportSource& source, std::ostream& out) {
  if (absl::Status s = CheckReportFileFormat(args.format); !s.ok()) return s;
  if (args.format == "xlsx" && args.output.empty()) {
    return absl::InvalidArgumentError("a workbook is a file: give --output FILE.xlsx");
  }
  absl::StatusOr<std::string> text = MakeReport(args, source);
  if (!text.ok()) return text.status();
  if (args.output.empty()) {
    out << *text;
    return absl::OkStatus();
  }
  // The report names people: private to this user, like the data it is from.
  if (absl::Status s = WritePrivateFile(args.output, *text); !s.ok()) return s;
  out << "Wrote the report to " << args.output << ".\n";
  return absl::OkStatus();
}

}  // namespace hromada::cli
