// The web screen's door: who may talk to `hromada ui` and how. Every
// request passes Gate::Check before any route runs.
//
//   - Host must be the address served (a page on another site that
//     rebinds its name to 127.0.0.1 sends its own name: refused).
//   - The first visit brings the one-time launch token (`/?token=…`, the
//     URL hromada ui prints). It becomes a session cookie (HttpOnly,
//     SameSite=Strict; Secure over TLS) and is spent: the same URL opened
//     again, or copied from history, opens nothing.
//   - Every other request must carry that cookie.
//   - A POST must carry the session's CSRF token in X-CSRF-Token (the page
//     reads it from GET /api/session, which only the same origin can read)
//     and, when the browser sends Origin, the served origin.
//   - Every answer carries a strict Content-Security-Policy (no inline
//     script or style, nothing from elsewhere), nosniff, no framing, no
//     referrer; API answers are never stored.
//
// Tokens are 32 random bytes (libsodium), compared in constant time.
// Thread-safe.
#ifndef HROMADA_CLIENT_UI_GATE_H_
#define HROMADA_CLIENT_UI_GATE_H_

#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "client/ui/http.h"

namespace hromada::ui {

// 32 random bytes as 64 hex digits.
std::string NewToken();

class Gate {
 public:
  // `authority` is what Host must say ("127.0.0.1:PORT"), `origin` the
  // same with its scheme.
  Gate(std::string launch_token, std::string authority, std::string origin, bool tls);

  // A refusal (403 or 421, writing nothing), or the token exchange's
  // redirect, to send as is; nullopt when the request may go on to its
  // route.
  std::optional<Response> Check(const Request& request);

  // A new launch token in place of any unspent one (a browser closed, or
  // another one to use): presenting it starts a new session and ends the
  // old one.
  std::string NewLaunchToken();

  // The session's CSRF token ("" before the token is presented).
  std::string csrf() const;

  // Adds the headers every answer carries; `no_store` for API answers and
  // pages.
  static void Harden(Response& response, bool no_store);

 private:
  bool SessionOk(const Request& request) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Response Exchange(const Request& request) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string authority_, origin_;
  const bool tls_;
  mutable absl::Mutex mu_;
  std::string launch_token_ ABSL_GUARDED_BY(mu_);  // "" once spent
  std::string session_ ABSL_GUARDED_BY(mu_);
  std::string csrf_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_GATE_H_
