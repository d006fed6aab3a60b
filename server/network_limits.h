// What one connection may hold on the sync port, whoever opens it, and for
// how long (issue 22: nothing a peer does before it is authenticated may
// hold the server's memory or sockets for ever).
//
// gRPC 1.51 (Debian 12's) has no cap on connections, neither per peer nor
// in all (GRPC_ARG_MAX_ALLOWED_INCOMING_CONNECTIONS came later), so the
// bounds are on what each connection may cost and how long it may live:
//
// - a stream window of 64 KiB (BDP probing off): a stream whose body the
//   server has not asked for holds at most that much. The server asks only
//   once the call is admitted on its headers (unary_call.h), and then
//   HTTP/2 flow control opens the window to the one message it reads;
// - `streams_per_connection` streams at once on one connection;
// - a connection must finish its hello (TLS, HTTP/2 settings) within
//   `handshake_ms`, is closed after `idle_ms` with no call, and is told to
//   go (GOAWAY) after `age_ms`, its calls given `age_grace_ms` more;
// - keepalive pings find peers that vanished without closing;
// - gRPC's buffers of all connections together are held to
//   `memory_bytes` (grpc::ResourceQuota): under pressure gRPC closes idle
//   connections first, then refuses and cancels streams.
//
// Thread-compatible: call from the thread that builds the server.
#ifndef HROMADA_SERVER_NETWORK_LIMITS_H_
#define HROMADA_SERVER_NETWORK_LIMITS_H_

#include <grpcpp/server_builder.h>

#include "server/config.h"

namespace hromada::server {

// Before BuildAndStart(): sets the channel arguments and resource quota above.
void ApplyNetworkLimits(const NetworkLimits& limits, grpc::ServerBuilder& builder);

// Raises this process's open-file limit to its hard limit, so that idle
// connections wait for their idle timer instead of taking every descriptor
// (accept() failing for every device). Returns the new soft limit.
long RaiseOpenFileLimit();

}  // namespace hromada::server

#endif  // HROMADA_SERVER_NETWORK_LIMITS_H_
