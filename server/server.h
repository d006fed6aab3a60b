// hromada-server's life: open the store, build the gRPC server (TLS when
// given a certificate) with the health and reflection services
// (health.h), listen, serve metrics if asked (http_metrics.h), serve until
// Shutdown().
#ifndef HROMADA_SERVER_SERVER_H_
#define HROMADA_SERVER_SERVER_H_

#include <grpcpp/server.h>

#include <memory>

#include "absl/status/statusor.h"
#include "server/config.h"
#include "server/ops/http_metrics.h"
#include "server/ops/metrics.h"
#include "server/store/store.h"
#include "server/sync/push.h"
#include "server/sync/sync_service.h"
#include "server/sync/worker_pool.h"
#include "shared/base/clock.h"

namespace hromada::server {

// Thread-safe: Shutdown() may be called from any thread while Wait() runs.
class Server {
 public:
  // Opens the database and starts listening. FAILED_PRECONDITION for a bad
  // database path or unreadable TLS files, or for plain h2c on an address
  // that is not loopback without config.insecure (cleartext_policy.h);
  // INVALID_ARGUMENT for a metrics or --trusted-proxy address that does not
  // parse; UNAVAILABLE if an address cannot be bound. `clock` is borrowed
  // and must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerConfig& config,
                                                       const Clock* clock,
                                                       CrashPoint crash_point = nullptr);
  ~Server();

  int port() const { return port_; }
  // The bound metrics port, or 0 without --metrics-listen.
  int metrics_port() const { return metrics_endpoint_ ? metrics_endpoint_->port() : 0; }
  // The counters /metrics renders (tests read them without a metrics port).
  const Metrics& metrics() const { return metrics_; }
  // Stops taking calls and lets running ones finish (up to a few seconds).
  void Shutdown();
  void Wait();

 private:
  Server() = default;
  absl::Status StartMetrics(const ServerConfig& config, const Clock* clock);

  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<SyncService> service_;
  std::unique_ptr<grpc::Server> grpc_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;  // renders from store_ and metrics_
  int port_ = 0;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SERVER_H_
