#include "server/cleartext_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace hromada::server {

bool IsLoopbackListen(absl::string_view listen) {
  const size_t colon = listen.rfind(':');
  absl::string_view host = colon == absl::string_view::npos ? listen : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string text(host);
  if (absl::AsciiStrToLower(text) == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

absl::Status CheckCleartext(const ServerConfig& config) {
  if (!config.tls_cert.empty() || !config.tls_key.empty()) return absl::OkStatus();
  if (config.insecure || IsLoopbackListen(config.listen)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "--listen ", config.listen,
      " is reachable from other machines, and without TLS every token and record would cross "
      "the network in the clear: give --tls-cert and --tls-key, listen on 127.0.0.1 behind a "
      "TLS proxy, or add --insecure for a closed test network"));
}

}  // namespace hromada::server
