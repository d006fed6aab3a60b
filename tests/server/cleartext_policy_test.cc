// Which --listen addresses may serve plain h2c (cleartext_policy.h).
#include "server/cleartext_policy.h"

#include <gtest/gtest.h>

namespace hromada::server {
namespace {

TEST(CleartextPolicyTest, OnlyLoopbackAddressesAreLoopback) {
  for (const char* listen :
       {"127.0.0.1:7443", "127.1.2.3:0", "[::1]:7443", "localhost:7443", "LocalHost:1"}) {
    EXPECT_TRUE(IsLoopbackListen(listen)) << listen;
  }
  for (const char* listen :
       {"0.0.0.0:7443", "[::]:7443", "10.0.0.5:7443", "127.attacker.example:1",
        "localhost.example:1", "[::ffff:10.0.0.1]:1", "hromada.lan:7443", "128.0.0.1:1", ":7443"}) {
    EXPECT_FALSE(IsLoopbackListen(listen)) << listen;
  }
}

TEST(CleartextPolicyTest, PlainOnOtherMachinesNeedsInsecure) {
  ServerConfig config;
  config.listen = "0.0.0.0:7443";
  absl::Status refused = CheckCleartext(config);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_NE(refused.message().find("--tls-cert"), absl::string_view::npos) << refused;
  config.insecure = true;
  EXPECT_TRUE(CheckCleartext(config).ok());
  config.insecure = false;
  config.tls_cert = "cert.pem";
  config.tls_key = "key.pem";
  EXPECT_TRUE(CheckCleartext(config).ok());
  config = ServerConfig();
  EXPECT_TRUE(CheckCleartext(config).ok()) << "the default listens on loopback";
}

}  // namespace
}  // namespace hromada::server
