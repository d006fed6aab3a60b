#include "server/server.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "server/cleartext_policy.h"
#include "server/network_limits.h"
#include "server/ops/health.h"
#include "server/ops/metrics_gauges.h"
#include "server/store/open_store.h"
#include "server/sync/client_address.h"

namespace hromada::server {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  std::stringstream data;
  data << in.rdbuf();
  return data.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerConfig& config) {
  if (config.tls_cert.empty() && config.tls_key.empty()) return grpc::InsecureServerCredentials();
  if (config.tls_cert.empty() || config.tls_key.empty()) {
    return absl::FailedPreconditionError("TLS needs both --tls-cert and --tls-key");
  }
  absl::StatusOr<std::string> cert = ReadFile(config.tls_cert);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(config.tls_key);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerConfig& config,
                                                      const Clock* clock, CrashPoint crash_point) {
  if (absl::Status s = CheckCleartext(config); !s.ok()) return s;
  if (absl::Status s = TrustedProxies::Parse(config.call_limits.trusted_proxies).status();
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = Credentials(config);
  if (!credentials.ok()) return credentials.status();
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenStore(config.db_path, *clock, config.db_connections);
  if (!store.ok()) return store.status();

  std::unique_ptr<Server> server(new Server());
  server->store_ = *std::move(store);
  server->pool_ = std::make_unique<WorkerPool>(config.workers, config.max_queued_calls);
  server->service_ =
      std::make_unique<SyncService>(server->store_.get(), clock, server->pool_.get(), config.limits,
                                    config.call_limits, std::move(crash_point), &server->metrics_);
  grpc::ServerBuilder builder;
  AddOperationsServices(builder, config.reflection);
  ApplyNetworkLimits(config.network, builder);
  builder.AddListeningPort(config.listen, *credentials, &server->port_);
  builder.RegisterService(server->service_.get());
  // grpc++ 1.51 inflates a compressed request whole before it checks the
  // size (a 1.5 MB gzip became 1.5 GiB), so requests may only come plain:
  // a compressed one is refused (UNIMPLEMENTED) before it is read. Answers
  // are still gzipped, per call (sync_service.cc), which this bitset allows.
  builder.AddChannelArgument(GRPC_COMPRESSION_CHANNEL_ENABLED_ALGORITHMS_BITSET,
                             1 << GRPC_COMPRESS_NONE);
  // Oversized pushes reach the handler, which answers with a clear sentence.
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.limits.max_push_bytes) * 2);
  builder.SetMaxSendMessageSize(static_cast<int>(config.limits.max_pull_bytes) * 4);
  server->grpc_ = builder.BuildAndStart();
  if (server->grpc_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.listen));
  }
  MarkServing(*server->grpc_);
  if (absl::Status s = server->StartMetrics(config, clock); !s.ok()) return s;
  return server;
}

absl::Status Server::StartMetrics(const ServerConfig& config, const Clock* clock) {
  if (config.metrics_listen.empty()) return absl::OkStatus();
  auto render = [this, clock] {
    std::string text = metrics_.Render();
    AppendGauges(*store_, *clock, text);
    return text;
  };
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start(config.metrics_listen, std::move(render));
  if (!endpoint.ok()) return endpoint.status();
  metrics_endpoint_ = *std::move(endpoint);
  return absl::OkStatus();
}

Server::~Server() {
  metrics_endpoint_.reset();  // no scrape may outlive what it reads
  Shutdown();
  // The pool drains before the service and store it uses go away.
  pool_.reset();
}

void Server::Shutdown() {
  if (grpc_ != nullptr) grpc_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

void Server::Wait() {
  if (grpc_ != nullptr) grpc_->Wait();
}

}  // namespace hromada::server
