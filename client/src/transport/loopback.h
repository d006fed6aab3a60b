// Whether a server URL's host is this machine, for the cleartext guard
// (CurlTransport sends http:// only to this machine unless told
// otherwise): an address that parses as a loopback one (IPv4 127.0.0.0/8,
// IPv6 ::1 or ::ffff:127.x.y.z, with or without brackets), or the name
// `localhost` when every address it resolves to is one. Any other name is
// not, however it begins: "127.attacker.example" is someone's server.
// Thread-safe.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_LOOPBACK_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_LOOPBACK_H_

#include "absl/strings/string_view.h"

namespace hromada {

// True if `host` parses as a loopback address (no name lookup).
bool IsLoopbackAddress(absl::string_view host);

// True if `host` is a loopback address, or `localhost` resolving only to
// loopback addresses (a lookup that fails is false).
bool IsLoopbackHost(absl::string_view host);

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_LOOPBACK_H_
