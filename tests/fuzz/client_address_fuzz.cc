// Fuzzes how the server learns a client's address behind a reverse proxy
// (server/sync/client_address.h): the input is three NUL-separated parts,
// the --trusted-proxy ranges (newline-separated), the call's gRPC peer and
// the x-forwarded-for header a proxy (or anyone) sent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "server/sync/client_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts = absl::StrSplit(input, absl::MaxSplits('\0', 2));
  parts.resize(3);
  std::vector<std::string> ranges = absl::StrSplit(parts[0], '\n', absl::SkipEmpty());
  absl::StatusOr<hromada::server::TrustedProxies> proxies =
      hromada::server::TrustedProxies::Parse(ranges);
  if (!proxies.ok()) return 0;
  const std::string client = proxies->ClientPeer(parts[1], parts[2]);
  // Either the TCP peer as given, or an address the header named, as a
  // gRPC peer with port 0, which the rate limits' PeerHost() reads.
  if (client != parts[1] &&
      !((absl::StartsWith(client, "ipv4:") || absl::StartsWith(client, "ipv6:[")) &&
        absl::EndsWith(client, ":0"))) {
    std::abort();
  }
  return 0;
}
