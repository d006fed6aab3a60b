#include "tests/support/h2_flood.h"

#include <fcntl.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tests/support/loopback.h"

namespace hromada {
namespace test {
namespace {

constexpr char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kPrefaceSize = sizeof(kPreface) - 1;

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

nghttp2_nv Header(const std::string& name, const std::string& value) {
  nghttp2_nv nv;
  nv.name = reinterpret_cast<uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  return nv;
}

}  // namespace

struct UnfinishedStreams::Connection {
  UnfinishedStreams* owner = nullptr;
  int fd = -1;
  nghttp2_session* session = nullptr;
  bool closed = false;
  absl::flat_hash_map<int32_t, uint32_t> offsets;  // stream -> body bytes given

  ~Connection() {
    if (session != nullptr) nghttp2_session_del(session);
    if (fd >= 0) close(fd);
  }
  static ssize_t OnSend(nghttp2_session*, const uint8_t* data, size_t length, int, void* user);
  static int OnStreamClose(nghttp2_session*, int32_t, uint32_t, void* user);
  static ssize_t ReadBody(nghttp2_session*, int32_t stream, uint8_t* buf, size_t length, uint32_t*,
                          nghttp2_data_source*, void* user);
};

ssize_t UnfinishedStreams::Connection::OnSend(nghttp2_session*, const uint8_t* data, size_t length,
                                              int, void* user) {
  auto* c = static_cast<UnfinishedStreams::Connection*>(user);
  const ssize_t n = send(c->fd, data, length, MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return NGHTTP2_ERR_WOULDBLOCK;
  if (n < 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
  return n;
}

int UnfinishedStreams::Connection::OnStreamClose(nghttp2_session*, int32_t, uint32_t, void* user) {
  auto* c = static_cast<UnfinishedStreams::Connection*>(user);
  c->owner->streams_closed_.fetch_add(1);
  return 0;
}

// The body of each stream: the gRPC frame header declaring declared_bytes,
// then zeros up to sent_bytes, then a pause that never ends.
ssize_t UnfinishedStreams::Connection::ReadBody(nghttp2_session*, int32_t stream, uint8_t* buf,
                                                size_t length, uint32_t*, nghttp2_data_source*,
                                                void* user) {
  auto* c = static_cast<UnfinishedStreams::Connection*>(user);
  const UnfinishedStreamsOptions& o = c->owner->options_;
  uint32_t& offset = c->offsets[stream];
  const uint32_t total = o.sent_bytes + 5;
  if (offset >= total) return NGHTTP2_ERR_DEFERRED;
  size_t n = 0;
  while (n < length && offset < total) {
    uint8_t byte = 0;
    if (offset >= 1 && offset <= 4)
      byte = static_cast<uint8_t>(o.declared_bytes >> (8 * (4 - offset)));
    buf[n++] = byte;
    ++offset;
  }
  c->owner->bytes_sent_.fetch_add(static_cast<int64_t>(n));
  return static_cast<ssize_t>(n);
}

UnfinishedStreams::UnfinishedStreams(UnfinishedStreamsOptions options)
    : options_(std::move(options)) {
  nghttp2_session_callbacks* callbacks;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_send_callback(callbacks, Connection::OnSend);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, Connection::OnStreamClose);
  const std::string authority = absl::StrCat("127.0.0.1:", options_.port);
  std::vector<std::pair<std::string, std::string>> fields = {{":method", "POST"},
                                                             {":scheme", "http"},
                                                             {":path", options_.path},
                                                             {":authority", authority},
                                                             {"content-type", "application/grpc"},
                                                             {"te", "trailers"}};
  for (const auto& h : options_.headers) fields.push_back(h);
  std::vector<nghttp2_nv> nva;
  for (const auto& [name, value] : fields) nva.push_back(Header(name, value));
  for (int i = 0; i < options_.connections; ++i) {
    auto c = std::make_unique<Connection>();
    c->owner = this;
    c->fd = ConnectLoopback(options_.port);
    if (c->fd < 0) {
      c->closed = true;
      connections_closed_.fetch_add(1);
      connections_.push_back(std::move(c));
      continue;
    }
    SetNonBlocking(c->fd);
    nghttp2_session_client_new(&c->session, callbacks, c.get());
    nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, nullptr, 0);
    nghttp2_data_provider body;
    body.source.ptr = nullptr;
    body.read_callback = Connection::ReadBody;
    for (int s = 0; s < options_.streams_per_connection; ++s) {
      nghttp2_submit_request(c->session, nullptr, nva.data(), nva.size(), &body, nullptr);
    }
    connections_.push_back(std::move(c));
  }
  nghttp2_session_callbacks_del(callbacks);
  thread_ = std::thread([this] { Run(); });
}

UnfinishedStreams::~UnfinishedStreams() {
  stop_ = true;
  thread_.join();
}

void UnfinishedStreams::Run() {
  while (!stop_) {
    std::vector<pollfd> fds;
    std::vector<Connection*> open;
    for (auto& c : connections_) {
      if (c->closed) continue;
      // Paused bodies are resumed each round: flow control may have opened.
      for (auto& [stream, offset] : c->offsets) nghttp2_session_resume_data(c->session, stream);
      short events = POLLIN;
      if (nghttp2_session_want_write(c->session)) events |= POLLOUT;
      fds.push_back({c->fd, events, 0});
      open.push_back(c.get());
    }
    if (fds.empty()) return;
    poll(fds.data(), fds.size(), 50);
    for (size_t i = 0; i < fds.size(); ++i) {
      Connection* c = open[i];
      bool failed = (fds[i].revents & (POLLERR | POLLHUP)) != 0;
      if (!failed && (fds[i].revents & POLLIN)) {
        uint8_t buf[16384];
        const ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) failed = true;
        if (n > 0 && nghttp2_session_mem_recv(c->session, buf, static_cast<size_t>(n)) < 0) {
          failed = true;
        }
      }
      if (!failed && nghttp2_session_send(c->session) != 0) failed = true;
      if (failed) {
        c->closed = true;
        connections_closed_.fetch_add(1);
      }
    }
  }
}

std::vector<int> OpenIdleConnections(int port, int count) {
  // An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
  static const char kSettings[9] = {0, 0, 0, 4, 0, 0, 0, 0, 0};
  std::vector<int> sockets;
  for (int i = 0; i < count; ++i) {
    const int fd = ConnectLoopback(port);
    if (fd < 0) break;
    send(fd, kPreface, kPrefaceSize, MSG_NOSIGNAL);
    send(fd, kSettings, sizeof(kSettings), MSG_NOSIGNAL);
    SetNonBlocking(fd);
    sockets.push_back(fd);
  }
  return sockets;
}

int CountOpen(const std::vector<int>& sockets) {
  int open = 0;
  for (int fd : sockets) {
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) ++open;
  }
  return open;
}

void CloseAll(std::vector<int>& sockets) {
  for (int fd : sockets) close(fd);
  sockets.clear();
}

}  // namespace test
}  // namespace hromada
