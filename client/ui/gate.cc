#include "client/ui/gate.h"

#include <sodium.h>

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "client/ui/catalogue.h"

namespace hromada::ui {
namespace {

constexpr char kCookie[] = "hromada_session";
constexpr char kPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

bool Same(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A refusal in both languages: the page has not loaded its catalogue.
Response Refuse(int status, const char* key) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = absl::StrCat(Say(key, Lang::kUk), "\n", Say(key, Lang::kEn), "\n");
  Gate::Harden(r, true);
  return r;
}

}  // namespace

std::string NewToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

Gate::Gate(std::string launch_token, std::string authority, std::string origin, bool tls)
    : authority_(std::move(authority)),
      origin_(std::move(origin)),
      tls_(tls),
      launch_token_(std::move(launch_token)) {}

std::optional<Response> Gate::Check(const Request& request) {
  if (request.Header("host") != authority_) return Refuse(421, "gate.host");
  absl::MutexLock lock(&mu_);
  if (request.path == "/" && !request.Query("token").empty()) return Exchange(request);
  if (!SessionOk(request)) return Refuse(403, "gate.no_session");
  if (request.method != "GET" && request.method != "HEAD") {
    const std::string origin = request.Header("origin");
    if (!origin.empty() && origin != origin_) return Refuse(403, "gate.origin");
    if (!Same(request.Header("x-csrf-token"), csrf_)) return Refuse(403, "gate.csrf");
  }
  return std::nullopt;
}

Response Gate::Exchange(const Request& request) {
  if (!Same(request.Query("token"), launch_token_)) return Refuse(403, "gate.token_spent");
  launch_token_.clear();
  session_ = NewToken();
  csrf_ = NewToken();
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.push_back({"Location", "/"});
  r.headers.push_back(
      {"Set-Cookie", absl::StrCat(kCookie, "=", session_, "; Path=/; HttpOnly; SameSite=Strict",
                                  tls_ ? "; Secure" : "")});
  Harden(r, true);
  return r;
}

std::string Gate::NewLaunchToken() {
  absl::MutexLock lock(&mu_);
  launch_token_ = NewToken();
  return launch_token_;
}

bool Gate::SessionOk(const Request& request) const {
  return Same(request.Cookie(kCookie), session_);
}

std::string Gate::csrf() const {
  absl::MutexLock lock(&mu_);
  return csrf_;
}

void Gate::Harden(Response& r, bool no_store) {
  r.headers.push_back({"Content-Security-Policy", kPolicy});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  r.headers.push_back({"X-Frame-Options", "DENY"});
  r.headers.push_back({"Referrer-Policy", "no-referrer"});
  r.headers.push_back({"Cross-Origin-Opener-Policy", "same-origin"});
  r.headers.push_back({"Cache-Control", no_store ? "no-store" : "no-cache"});
}

}  // namespace hromada::ui
