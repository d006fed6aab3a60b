// The web screen's HTTP layer: libmicrohttpd serving one Handler on one
// address, plain or TLS. A request reaches the handler whole (headers,
// query, cookies and a body of at most kMaxRequestBody); the handler returns the
// whole answer. Nothing here knows a path or a rule: routing is router.h,
// the security checks are gate.h.
//
// Thread-safety: the handler runs on libmicrohttpd's one internal thread,
// so requests are answered one at a time, in arrival order.
#ifndef HROMADA_CLIENT_UI_HTTP_H_
#define HROMADA_CLIENT_UI_HTTP_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

struct MHD_Daemon;

namespace hromada::ui {

// The largest request body kept: a 10 MB attachment and room to spare.
inline constexpr size_t kMaxRequestBody = size_t{12} << 20;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::map<std::string, std::string> cookies;
  std::string body;
  bool body_too_large = false;  // the body passed kMaxRequestBody and is dropped

  // The header, query argument or cookie, or "" if absent.
  std::string Header(const std::string& lower_name) const;
  std::string Query(const std::string& name) const;
  std::string Cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // added as they are
};

using Handler = std::function<Response(const Request&)>;

// Where to listen, and the TLS key pair when not on loopback.
struct ListenSettings {
  std::string address = "127.0.0.1:0";    // IP:PORT or [IPv6]:PORT; port 0: any free one
  std::string tls_cert_pem, tls_key_pem;  // both or neither
};

class HttpServer {
 public:
  // Listens and starts answering with `handler`. INVALID_ARGUMENT for an
  // address that is not IP:PORT, or for one that is not loopback without
  // a TLS key pair (plain HTTP would carry the passphrase over the
  // network); UNAVAILABLE if the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const ListenSettings& settings,
                                                           Handler handler);
  // Stops listening; waits for the request being answered.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "127.0.0.1:PORT" (the port bound): what the Host header must say.
  const std::string& authority() const { return authority_; }
  // "http://" or "https://" and the authority.
  std::string origin() const { return (tls_ ? "https://" : "http://") + authority_; }
  bool tls() const { return tls_; }

 private:
  HttpServer(Handler handler, ListenSettings settings)
      : handler_(std::move(handler)), settings_(std::move(settings)) {}
  friend struct HttpServerAccess;

  Handler handler_;
  ListenSettings settings_;  // MHD borrows the PEM texts while it runs
  MHD_Daemon* daemon_ = nullptr;
  std::string authority_;
  bool tls_ = false;
};

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_HTTP_H_
