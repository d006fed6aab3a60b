// Whose call it is, by address, when a reverse proxy stands in front
// (issue 22): `serve --trusted-proxy CIDR` names the proxies whose
// `x-forwarded-for` header is believed. For a call whose TCP peer is in
// one of them, the client is the rightmost address of that header that is
// not itself a trusted proxy (each proxy appends the address it saw, so
// what is left of it was written by the client and proves nothing). Any
// other call is its TCP peer, whatever headers it sends.
//
// Thread-safe once built (const).
#ifndef HROMADA_SERVER_SYNC_CLIENT_ADDRESS_H_
#define HROMADA_SERVER_SYNC_CLIENT_ADDRESS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada::server {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // none: every call is its TCP peer
  // "10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1"; INVALID_ARGUMENT with
  // a sentence naming the first that does not parse.
  static absl::StatusOr<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  // The client's address as gRPC names a peer ("ipv4:A:PORT",
  // "ipv6:[A]:PORT"; from the header, port 0), given the call's TCP peer
  // and its x-forwarded-for value (empty if none).
  std::string ClientPeer(absl::string_view grpc_peer, absl::string_view forwarded_for) const;

  bool empty() const { return ranges_.empty(); }

 private:
  // An address as 16 bytes (IPv4 mapped into IPv6) and a prefix length
  // over those bytes.
  struct Range {
    std::array<uint8_t, 16> address;
    int prefix_bits;
  };
  bool Trusted(const std::array<uint8_t, 16>& address) const;
  std::vector<Range> ranges_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_CLIENT_ADDRESS_H_
