// When the server may speak plain HTTP/2 (h2c): a device's token and every
// record it sends cross the network in the clear, so only on this machine
// (a loopback --listen, e.g. behind a TLS proxy on the same host), or when
// the operator says so with --insecure (issue 22, item 10).
//
// Thread-safe (pure functions).
#ifndef HROMADA_SERVER_CLEARTEXT_POLICY_H_
#define HROMADA_SERVER_CLEARTEXT_POLICY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/config.h"

namespace hromada::server {

// Whether `listen` (HOST:PORT, as --listen takes it; an IPv6 host in
// brackets) reaches this machine only: a host that parses as an address in
// 127.0.0.0/8 or as ::1, or the name "localhost". Any other name, and a
// wildcard (0.0.0.0, [::]), is not.
bool IsLoopbackListen(absl::string_view listen);

// OK for TLS (both files given), a loopback address, or config.insecure;
// else FAILED_PRECONDITION with one sentence saying what to give.
absl::Status CheckCleartext(const ServerConfig& config);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_CLEARTEXT_POLICY_H_
