// What hromada-server is told at start: flags, or the same keys in a
// config file (see main.cc and docs/deploy.md, "Running under systemd").
#ifndef HROMADA_SERVER_CONFIG_H_
#define HROMADA_SERVER_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace hromada::server {

// The wire protocol this server speaks, and the oldest it still accepts.
constexpr uint32_t kProtocolVersion = 1;
constexpr uint32_t kMinProtocolVersion = 1;

struct ServiceLimits {
  int64_t max_clock_ahead_ms = 5 * 60 * 1000;
  uint32_t max_push_bytes = 1 << 20;
  uint32_t max_pull_bytes = 1 << 20;
  int max_changes_per_push = 20000;
  // Attachments (server/sync/attachments.h): the largest file, and the largest
  // chunk one call sends or fetches.
  uint64_t max_attachment_bytes = 10 * 1000 * 1000;
  uint32_t max_attachment_chunk_bytes = 64 * 1024;
};

// What a call costs before it is trusted (see call_limits.h). Enrolments
// and failed authentications are counted per peer address.
struct CallLimits {
  int enrol_burst = 20;
  int enrol_per_minute = 20;  // 0: no limit
  int bad_token_burst = 60;
  int bad_token_per_minute = 60;  // 0: no limit
  int calls_per_device = 4;
  // The request of a call not trusted (an admitted Enrol, or a refused call
  // whose request is read and dropped: sync_service.h) must arrive within
  // this, or the call is cancelled: a peer with no token holds its buffer
  // no longer.
  int anonymous_read_ms = 10 * 1000;
  // Refused calls whose request is read and dropped at once, in all and
  // from one address; past these a refusal is sent before the request.
  int refusal_drains = 32;
  int refusal_drains_per_peer = 4;
  // Reverse proxies (CIDRs) whose x-forwarded-for names the client, whose
  // address is then the one counted (client_address.h).
  std::vector<std::string> trusted_proxies;
};

// What one connection may hold and for how long (network_limits.h).
struct NetworkLimits {
  int streams_per_connection = 16;  // a device has at most calls_per_device
  int handshake_ms = 10 * 1000;
  int idle_ms = 60 * 1000;
  int age_ms = 30 * 60 * 1000;
  // A 1 MiB push or pull page at 64 kbit/s takes over two minutes.
  int age_grace_ms = 5 * 60 * 1000;
  int keepalive_ms = 2 * 60 * 1000;
  int keepalive_timeout_ms = 20 * 1000;
  int64_t memory_bytes = int64_t{256} << 20;
};

struct ServerConfig {
  std::string db_path = "var/hromada.db";
  std::string listen = "127.0.0.1:7443";
  std::string port_file;  // written with the bound port once listening
  std::string tls_cert;   // PEM files; both or neither
  std::string tls_key;
  // Plain h2c on an address other machines reach (cleartext_policy.h).
  bool insecure = false;
  std::string metrics_listen;  // HOST:PORT for GET /metrics; empty: none
  bool reflection = true;      // gRPC server reflection (for grpcurl)
  int workers = 8;
  // PostgreSQL only: at most this many connections open at once (a call
  // waits for a free one); 0: as many as the calls need.
  int db_connections = 0;
  size_t max_queued_calls = 1024;
  ServiceLimits limits;
  CallLimits call_limits;
  NetworkLimits network;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_CONFIG_H_
