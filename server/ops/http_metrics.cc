#include "server/ops/http_metrics.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hromada::server {
namespace {

constexpr unsigned kIdleTimeoutSeconds = 10;
constexpr size_t kConnectionMemory = 32 * 1024;  // a GET's headers, not a body
constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

struct Address {
  sockaddr_storage storage{};
  bool ipv6 = false;
};

// "host:port" or "[v6]:port" to a socket address; the host may be a name.
absl::StatusOr<Address> Resolve(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics-listen '", listen, "' is not HOST:PORT"));
  }
  absl::string_view host(listen.data(), colon);
  if (absl::ConsumePrefix(&host, "[") && !absl::ConsumeSuffix(&host, "]")) {
    return absl::InvalidArgumentError(absl::StrCat("--metrics-listen '", listen, "': missing ]"));
  }
  const std::string host_text(host);
  const std::string port = listen.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int rc =
      getaddrinfo(host_text.empty() ? nullptr : host_text.c_str(), port.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics-listen '", listen, "': ", gai_strerror(rc)));
  }
  Address address;
  std::memcpy(&address.storage, found->ai_addr, found->ai_addrlen);
  address.ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  return address;
}

MHD_Result Reply(MHD_Connection* connection, unsigned status, const std::string& body) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, kContentType);
  const MHD_Result queued = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return queued;
}

// Called by libmicrohttpd once a request's headers are in. GET and HEAD
// carry no body, so the answer can be queued at once.
MHD_Result Answer(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t* upload_size, void**) {
  if (std::strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
      std::strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
    return Reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET /metrics is served\n");
  }
  if (*upload_size != 0) return MHD_NO;  // a GET with a body: drop the connection
  if (std::strcmp(url, "/metrics") != 0) {
    return Reply(connection, MHD_HTTP_NOT_FOUND, "not found; metrics are at /metrics\n");
  }
  const auto& render = *static_cast<const MetricsEndpoint::Render*>(cls);
  return Reply(connection, MHD_HTTP_OK, render());
}

}  // namespace

// Each connection's deadline for its current request, and a thread that
// shuts down the socket of one past it; libmicrohttpd then reads the end
// and closes the connection. An entry leaves on the "closed" notice, which
// libmicrohttpd gives before it closes the socket, so a descriptor number
// reused by a later connection is never shut down by mistake.
class MetricsEndpoint::Deadlines {
 public:
  Deadlines() : thread_([this] { Watch(); }) {}
  ~Deadlines() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    thread_.join();
  }

  void Opened(MHD_Connection* connection, int fd) {
    absl::MutexLock lock(&mu_);
    open_[connection] = Entry{fd, Due()};
  }
  // The answer is out: the next request on the connection has its own time.
  void Answered(MHD_Connection* connection) {
    absl::MutexLock lock(&mu_);
    auto it = open_.find(connection);
    if (it != open_.end()) it->second.due = Due();
  }
  void Closed(MHD_Connection* connection) {
    absl::MutexLock lock(&mu_);
    open_.erase(connection);
  }

 private:
  using Time = std::chrono::steady_clock::time_point;
  struct Entry {
    int fd;
    Time due;
    bool shut = false;
  };
  static Time Due() {
    return std::chrono::steady_clock::now() + std::chrono::seconds(kRequestDeadlineSeconds);
  }

  void Watch() {
    absl::MutexLock lock(&mu_);
    while (!stop_) {
      mu_.AwaitWithTimeout(absl::Condition(&stop_), absl::Milliseconds(200));
      const Time now = std::chrono::steady_clock::now();
      for (auto& [connection, entry] : open_) {
        if (entry.shut || entry.due > now) continue;
        shutdown(entry.fd, SHUT_RDWR);
        entry.shut = true;
      }
    }
  }

  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<MHD_Connection*, Entry> open_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;  // last: it starts once the rest is built
};

namespace {

void OnConnection(void* cls, MHD_Connection* connection, void**,
                  MHD_ConnectionNotificationCode code) {
  auto* deadlines = static_cast<MetricsEndpoint::Deadlines*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    deadlines->Closed(connection);
    return;
  }
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info != nullptr) deadlines->Opened(connection, info->connect_fd);
}

void OnCompleted(void* cls, MHD_Connection* connection, void**, MHD_RequestTerminationCode) {
  static_cast<MetricsEndpoint::Deadlines*>(cls)->Answered(connection);
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(Render render)
    : render_(std::move(render)), deadlines_(std::make_unique<Deadlines>()) {}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& listen,
                                                                        Render render) {
  absl::StatusOr<Address> address = Resolve(listen);
  if (!address.ok()) return address.status();
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint(std::move(render)));
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
  if (address->ipv6) flags |= MHD_USE_IPv6;
  endpoint->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Answer, &endpoint->render_, MHD_OPTION_SOCK_ADDR,
      reinterpret_cast<sockaddr*>(&address->storage), MHD_OPTION_CONNECTION_LIMIT, kMaxConnections,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, kMaxConnectionsPerAddress, MHD_OPTION_CONNECTION_TIMEOUT,
      kIdleTimeoutSeconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory,
      MHD_OPTION_NOTIFY_CONNECTION, &OnConnection, endpoint->deadlines_.get(),
      MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted, endpoint->deadlines_.get(), MHD_OPTION_END);
  if (endpoint->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot listen for metrics on ", listen));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(endpoint->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  endpoint->port_ = info != nullptr ? info->port : 0;
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace hromada::server
