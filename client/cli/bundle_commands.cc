// bundle export | bundle import: sync through a file where there is no
// link (a USB stick, a messenger). The file is signed and encrypted; what
// it carries is applied exactly as a sync would apply it.
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace hromada::cli {
namespace {

struct BundleArgs {
  std::string output, file;
};

absl::Status Export(Session& s, const BundleArgs& a) {
  absl::StatusOr<BundleReport> report = s.client.ExportBundle(a.output);
  if (!report.ok()) return report.status();
  s.out << "bundle written to " << a.output << ": " << report->changes
        << " unsent changes; take it to the server's admin\n";
  return absl::OkStatus();
}

absl::Status Import(Session& s, const BundleArgs& a) {
  absl::StatusOr<BundleReport> report = s.client.ImportBundle(a.file);
  if (!report.ok()) return report.status();
  s.out << "bundle applied: " << report->acked << " changes confirmed by the server ("
        << report->refused << " refused, see `hromada rejected`), " << report->records
        << " records received\n";
  if (report->resent > 0) {
    s.out << "the server was restored from a backup: " << report->resent
          << " changes it had confirmed go again in your next bundle\n";
  }
  return absl::OkStatus();
}

}  // namespace

void AddBundleCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<BundleArgs>();
  CLI::App* bundle = app.add_subcommand("bundle", "sync through a file where there is no link");
  bundle->require_subcommand(1);
  CLI::App* out = bundle->add_subcommand("export", "write unsent changes for the server");
  out->add_option("--output", a->output, "the file to write")->required();
  CLI::App* in = bundle->add_subcommand("import", "apply the server's answer");
  in->add_option("file", a->file, "the server's bundle for this device")->required();
  table.Add(out, [a](Session& s) { return Export(s, *a); });
  table.Add(in, [a](Session& s) { return Import(s, *a); });
}

}  // namespace hromada::cli
