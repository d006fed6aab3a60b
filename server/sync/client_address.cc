#include "server/sync/client_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace hromada::server {
namespace {

using Bytes = std::array<uint8_t, 16>;

// A bare address (no port, no brackets) as 16 bytes; IPv4 as ::ffff:a.b.c.d.
std::optional<Bytes> ParseAddress(absl::string_view text) {
  const std::string s(text);
  Bytes out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool IsMappedV4(const Bytes& a) {
  static const uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(a.data(), kPrefix, 12) == 0;
}

// The address part of a gRPC peer ("ipv4:1.2.3.4:5", "ipv6:[::1]:5").
std::optional<Bytes> PeerAddress(absl::string_view peer) {
  if (!absl::ConsumePrefix(&peer, "ipv4:") && !absl::ConsumePrefix(&peer, "ipv6:")) {
    return std::nullopt;
  }
  const size_t colon = peer.rfind(':');
  if (colon == absl::string_view::npos) return std::nullopt;
  peer = peer.substr(0, colon);
  absl::ConsumePrefix(&peer, "[");
  absl::ConsumeSuffix(&peer, "]");
  return ParseAddress(peer);
}

std::string AsPeer(const Bytes& a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (IsMappedV4(a)) {
    inet_ntop(AF_INET, a.data() + 12, text, sizeof(text));
    return absl::StrCat("ipv4:", text, ":0");
  }
  inet_ntop(AF_INET6, a.data(), text, sizeof(text));
  return absl::StrCat("ipv6:[", text, "]:0");
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& cidr : cidrs) {
    std::vector<absl::string_view> parts = absl::StrSplit(cidr, absl::MaxSplits('/', 1));
    std::optional<Bytes> address = ParseAddress(parts[0]);
    int bits = -1;
    if (address.has_value()) {
      const int width = IsMappedV4(*address) ? 32 : 128;
      bits = width;
      if (parts.size() == 2 && (!absl::SimpleAtoi(parts[1], &bits) || bits < 0 || bits > width)) {
        bits = -1;
      }
      if (width == 32 && bits >= 0) bits += 96;
    }
    if (bits < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--trusted-proxy '", cidr, "' is not an address or ADDRESS/BITS (10.0.0.0/8, fd00::/8)"));
    }
    proxies.ranges_.push_back(Range{*address, bits});
  }
  return proxies;
}

bool TrustedProxies::Trusted(const Bytes& address) const {
  for (const Range& r : ranges_) {
    const int whole = r.prefix_bits / 8, rest = r.prefix_bits % 8;
    if (std::memcmp(address.data(), r.address.data(), whole) != 0) continue;
    const uint8_t mask = static_cast<uint8_t>(0xff00 >> rest);
    if (rest == 0 || ((address[whole] ^ r.address[whole]) & mask) == 0) return true;
  }
  return false;
}

std::string TrustedProxies::ClientPeer(absl::string_view grpc_peer,
                                       absl::string_view forwarded_for) const {
  std::optional<Bytes> peer = PeerAddress(grpc_peer);
  if (!peer.has_value() || !Trusted(*peer)) return std::string(grpc_peer);
  std::vector<absl::string_view> hops = absl::StrSplit(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::optional<Bytes> hop = ParseAddress(absl::StripAsciiWhitespace(*it));
    if (!hop.has_value()) break;  // not an address: nothing left of it is believed
    if (!Trusted(*hop)) return AsPeer(*hop);
  }
  return std::string(grpc_peer);
}

}  // namespace hromada::server
