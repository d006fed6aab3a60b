#include "client/ui/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hromada::ui {
namespace {

constexpr size_t kMaxBody = kMaxRequestBody;
constexpr unsigned kMaxConnections = 32;
constexpr unsigned kIdleTimeoutSeconds = 60;

struct Address {
  sockaddr_storage storage{};
  bool ipv6 = false;
  bool loopback = false;
  std::string host;  // as the Host header writes it: "127.0.0.1", "[::1]"
  std::string port;
};

absl::StatusOr<Address> ParseAddress(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen '", listen, "' is not an IP address and a port, like 127.0.0.1:8080"));
  };
  if (colon == std::string::npos) return bad();
  absl::string_view host(listen.data(), colon);
  const bool bracketed = absl::ConsumePrefix(&host, "[");
  if (bracketed && !absl::ConsumeSuffix(&host, "]")) return bad();
  Address a;
  a.port = listen.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string host_text(host);
  if (host_text.empty() || a.port.empty() ||
      getaddrinfo(host_text.c_str(), a.port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return bad();
  }
  std::memcpy(&a.storage, found->ai_addr, found->ai_addrlen);
  a.ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  if (a.ipv6) {
    a.loopback = IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_addr);
    a.host = absl::StrCat("[", host_text, "]");
  } else {
    const uint32_t ip = ntohl(reinterpret_cast<sockaddr_in*>(&a.storage)->sin_addr.s_addr);
    a.loopback = (ip >> 24) == 127;
    a.host = host_text;
  }
  return a;
}

MHD_Result Collect(void* into, MHD_ValueKind, const char* key, const char* value) {
  auto& map = *static_cast<std::map<std::string, std::string>*>(into);
  map[key] = value != nullptr ? value : "";
  return MHD_YES;
}

MHD_Result CollectHeader(void* into, MHD_ValueKind, const char* key, const char* value) {
  auto& map = *static_cast<std::map<std::string, std::string>*>(into);
  map[absl::AsciiStrToLower(key)] = value != nullptr ? value : "";
  return MHD_YES;
}

MHD_Result Send(MHD_Connection* connection, const Response& r) {
  MHD_Response* response = MHD_create_response_from_buffer(
      r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
  for (const auto& [name, value] : r.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return queued;
}

}  // namespace

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}
std::string Request::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}
std::string Request::Cookie(const std::string& name) const {
  auto it = cookies.find(name);
  return it == cookies.end() ? "" : it->second;
}

// libmicrohttpd's access handler: called once with the headers, then once
// per piece of body, then once more with none, when the request is whole.
struct HttpServerAccess {
  static MHD_Result Answer(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char*, const char* upload_data,
                           size_t* upload_size, void** state) {
    auto* request = static_cast<Request*>(*state);
    if (request == nullptr) {
      request = new Request;
      request->method = method;
      request->path = url;
      *state = request;
      return MHD_YES;
    }
    if (*upload_size > 0) {
      // A body too large is read to its end and dropped, so the handler
      // can answer it (413) rather than the connection closing mid-send.
      if (request->body_too_large || request->body.size() + *upload_size > kMaxBody) {
        request->body_too_large = true;
        request->body.clear();
      } else {
        request->body.append(upload_data, *upload_size);
      }
      *upload_size = 0;
      return MHD_YES;
    }
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request->headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &Collect, &request->query);
    MHD_get_connection_values(connection, MHD_COOKIE_KIND, &Collect, &request->cookies);
    const auto* server = static_cast<const HttpServer*>(cls);
    return Send(connection, server->handler_(*request));
  }

  static void Done(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<Request*>(*state);
    *state = nullptr;
  }
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const ListenSettings& settings,
                                                              Handler handler) {
  absl::StatusOr<Address> address = ParseAddress(settings.address);
  if (!address.ok()) return address.status();
  const bool tls = !settings.tls_cert_pem.empty() && !settings.tls_key_pem.empty();
  if (!address->loopback && !tls) {
    return absl::InvalidArgumentError(absl::StrCat(
        "hromada ui serves ", settings.address,
        " only over TLS, as the passphrase would cross the network: give --tls-cert and "
        "--tls-key, or listen on 127.0.0.1"));
  }
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(handler), settings));
  server->tls_ = tls;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
  if (address->ipv6) flags |= MHD_USE_IPv6;
  if (tls) flags |= MHD_USE_TLS;
  const char* cert = server->settings_.tls_cert_pem.c_str();
  const char* key = server->settings_.tls_key_pem.c_str();
  server->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &HttpServerAccess::Answer, server.get(), MHD_OPTION_SOCK_ADDR,
      reinterpret_cast<sockaddr*>(&address->storage), MHD_OPTION_CONNECTION_LIMIT, kMaxConnections,
      MHD_OPTION_CONNECTION_TIMEOUT, kIdleTimeoutSeconds, MHD_OPTION_NOTIFY_COMPLETED,
      &HttpServerAccess::Done, nullptr, tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
      MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", settings.address,
                     tls ? " (is the port free, and are the certificate and key a pair?)"
                         : " (is the port free?)"));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->authority_ = absl::StrCat(address->host, ":", info != nullptr ? info->port : 0);
  return server;
}

HttpServer::~HttpServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace hromada::ui
