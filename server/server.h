// hromada-server's life: open the store, build the gRPC server (TLS when
// given a certificate), listen, serve until Shutdown().
#ifndef HROMADA_SERVER_SERVER_H_
#define HROMADA_SERVER_SERVER_H_

#include <grpcpp/server.h>

#include <memory>

#include "absl/status/statusor.h"
#include "server/config.h"
#include "server/push.h"
#include "server/store/store.h"
#include "server/sync_service.h"
#include "server/worker_pool.h"
#include "shared/clock.h"

namespace hromada::server {

// Thread-safe: Shutdown() may be called from any thread while Wait() runs.
class Server {
 public:
  // Opens the database and starts listening. FAILED_PRECONDITION for a bad
  // database path or unreadable TLS files, UNAVAILABLE if the address
  // cannot be bound. `clock` is borrowed and must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerConfig& config,
                                                       const Clock* clock,
                                                       CrashPoint crash_point = nullptr);
  ~Server();

  int port() const { return port_; }
  // Stops taking calls and lets running ones finish (up to a few seconds).
  void Shutdown();
  void Wait();

 private:
  Server() = default;
  std::unique_ptr<Store> store_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<SyncService> service_;
  std::unique_ptr<grpc::Server> grpc_;
  int port_ = 0;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SERVER_H_
