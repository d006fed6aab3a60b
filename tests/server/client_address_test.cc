// Whose address a call is counted under behind a reverse proxy
// (client_address.h).
#include "server/sync/client_address.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace hromada::server {
namespace {

TEST(TrustedProxiesTest, NoneTrustedIsTheTcpPeer) {
  TrustedProxies none;
  EXPECT_EQ(none.ClientPeer("ipv4:127.0.0.1:5000", "203.0.113.7"), "ipv4:127.0.0.1:5000");
}

TEST(TrustedProxiesTest, TheRightmostUntrustedHop) {
  absl::StatusOr<TrustedProxies> proxies = TrustedProxies::Parse({"10.0.0.0/8", "fd00::/8"});
  ASSERT_TRUE(proxies.ok()) << proxies.status();
  EXPECT_EQ(proxies->ClientPeer("ipv4:10.1.2.3:5000", "203.0.113.7"), "ipv4:203.0.113.7:0");
  // The client wrote the leftmost itself; the proxies appended the rest.
  EXPECT_EQ(proxies->ClientPeer("ipv4:10.1.2.3:5000", "1.1.1.1, 203.0.113.7, 10.9.9.9"),
            "ipv4:203.0.113.7:0");
  EXPECT_EQ(proxies->ClientPeer("ipv6:[fd00::1]:5000", "2001:db8::5"), "ipv6:[2001:db8::5]:0");
  EXPECT_EQ(proxies->ClientPeer("ipv6:[::ffff:10.0.0.1]:5000", "203.0.113.7"), "ipv4:203.0.113.7:0")
      << "an IPv4 peer on a dual-stack socket";
  // A peer outside the ranges is believed about nothing.
  EXPECT_EQ(proxies->ClientPeer("ipv4:11.0.0.1:5000", "203.0.113.7"), "ipv4:11.0.0.1:5000");
  // No header, or one that is not addresses: the proxy itself.
  EXPECT_EQ(proxies->ClientPeer("ipv4:10.1.2.3:5000", ""), "ipv4:10.1.2.3:5000");
  EXPECT_EQ(proxies->ClientPeer("ipv4:10.1.2.3:5000", "unknown"), "ipv4:10.1.2.3:5000");
}

TEST(TrustedProxiesTest, PrefixesMatchBitByBit) {
  absl::StatusOr<TrustedProxies> proxies = TrustedProxies::Parse({"192.168.4.0/22", "127.0.0.1"});
  ASSERT_TRUE(proxies.ok()) << proxies.status();
  EXPECT_EQ(proxies->ClientPeer("ipv4:192.168.7.255:1", "8.8.8.8"), "ipv4:8.8.8.8:0");
  EXPECT_EQ(proxies->ClientPeer("ipv4:192.168.8.0:1", "8.8.8.8"), "ipv4:192.168.8.0:1");
  EXPECT_EQ(proxies->ClientPeer("ipv4:127.0.0.1:1", "8.8.8.8"), "ipv4:8.8.8.8:0");
  EXPECT_EQ(proxies->ClientPeer("ipv4:127.0.0.2:1", "8.8.8.8"), "ipv4:127.0.0.2:1");
}

TEST(TrustedProxiesTest, ABadRangeIsNamed) {
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "proxy.lan", "10.0.0.0/", "/8", ""}) {
    absl::StatusOr<TrustedProxies> proxies = TrustedProxies::Parse({"127.0.0.1", bad});
    EXPECT_TRUE(absl::IsInvalidArgument(proxies.status())) << bad;
    EXPECT_NE(proxies.status().message().find(absl::StrCat("'", bad, "'")), std::string::npos)
        << proxies.status();
  }
}

}  // namespace
}  // namespace hromada::server
