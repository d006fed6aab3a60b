// `hromada ui`: the field staff's screen, a web app served by the client
// itself over the device's own profile (docs/ui.md). RunUi takes the
// profile, serves the page on loopback (or, with a TLS key pair, on
// another address), prints the one-time URL, opens the browser when
// asked, and serves until SIGINT or SIGTERM.
#ifndef HROMADA_CLIENT_UI_UI_H_
#define HROMADA_CLIENT_UI_UI_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "client/src/client_internal.h"

namespace hromada::ui {

struct UiRun {
  std::string profile_path;
  std::string listen = "127.0.0.1:0";
  std::string tls_cert_file, tls_key_file;  // PEM files, both or neither
  bool open_browser = true;                 // xdg-open the URL, when there is one
  ClientOptions client_options;             // the CLI's seams
};

// Serves until a signal. `out` gets the URL line:
//   "Open http://127.0.0.1:PORT/?token=TOKEN in a browser …"
// ABORTED (nothing served) if another program holds the profile;
// INVALID_ARGUMENT for a bad --listen, a non-loopback one without TLS,
// or a TLS file that cannot be read; UNAVAILABLE if the port is taken.
absl::Status RunUi(const UiRun& run, std::ostream& out);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_UI_H_
