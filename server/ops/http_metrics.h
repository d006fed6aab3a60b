// `serve --metrics-listen HOST:PORT`: a small plain-HTTP endpoint that
// answers GET /metrics with the text a callback renders (Prometheus text
// format), 404 for any other path and 405 for any other method. The HTTP
// is libmicrohttpd's; it runs on one thread of its own, so a scrape never
// takes a gRPC or worker thread. A slow or idle client cannot grow it or
// keep a scraper out (issue 22): it holds at most kMaxConnections
// connections, kMaxConnectionsPerAddress from one address, and each request
// must be whole within kRequestDeadlineSeconds of its connection opening
// or of the previous answer, however its bytes trickle in (libmicrohttpd's
// own timeout is reset by each byte; a watcher thread of this endpoint
// shuts a late connection's socket down).
//
// Thread-safe: `render` is called on the endpoint's thread, one scrape at
// a time; it must be safe to call alongside the rest of the server.
#ifndef HROMADA_SERVER_OPS_HTTP_METRICS_H_
#define HROMADA_SERVER_OPS_HTTP_METRICS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"

struct MHD_Daemon;

namespace hromada::server {

constexpr unsigned kMaxConnections = 64;
constexpr unsigned kMaxConnectionsPerAddress = 16;
constexpr int kRequestDeadlineSeconds = 5;

class MetricsEndpoint {
 public:
  using Render = std::function<std::string()>;

  // Listens on `listen` ("127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464";
  // port 0: any free port). INVALID_ARGUMENT for an address that does not
  // parse, UNAVAILABLE if it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen,
                                                                Render render);
  // Stops listening and waits for a scrape in progress to end.
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  int port() const { return port_; }

  class Deadlines;  // for libmicrohttpd's callbacks

 private:
  explicit MetricsEndpoint(Render render);
  Render render_;
  std::unique_ptr<Deadlines> deadlines_;  // outlives daemon_
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_OPS_HTTP_METRICS_H_
