// ui: the field staff's screen in a browser (client/ui/ui.h).
#include <memory>
#include <string>

#include "client/cli/command.h"
#include "client/ui/ui.h"
#include "shared/base/private_file.h"
#include "shared/cli/exit_codes.h"

namespace hromada::cli {

void AddUiCommand(CLI::App& app, ProfileCommands& table, const CliContext& context) {
  auto run = std::make_shared<ui::UiRun>();
  auto no_open_flag = std::make_shared<bool>(false);
  CLI::App* ui = app.add_subcommand(
      "ui", "the screen for field staff: a web page over this device's profile, in your browser");
  ui->add_option("--listen", run->listen,
                 "where to serve it, IP:PORT (default 127.0.0.1 and any free port; another "
                 "address needs --tls-cert and --tls-key)");
  ui->add_option("--tls-cert", run->tls_cert_file, "PEM certificate, to serve over TLS");
  ui->add_option("--tls-key", run->tls_key_file, "PEM private key of --tls-cert");
  ui->add_flag("--no-open", *no_open_flag, "print the link only; do not open a browser");
  const ClientOptions* options = &context.options;
  table.AddOnPath(ui, [run, no_open_flag, options](const std::string& profile, std::ostream& out) {
    if (absl::Status s = MakePrivateFolders(profile); !s.ok()) return FromProfile(s);
    ui::UiRun r = *run;
    r.profile_path = profile;
    r.open_browser = !*no_open_flag;
    r.client_options = *options;
    absl::Status s = ui::RunUi(r, out);
    return s.code() == absl::StatusCode::kAborted ? FromProfile(s) : s;
  });
}

}  // namespace hromada::cli
