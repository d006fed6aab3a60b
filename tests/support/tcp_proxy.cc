#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/support/loopback.h"

namespace hromada {
namespace test {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxQueued = 1 << 20;
constexpr absl::Duration kTick = absl::Milliseconds(10);
constexpr int kConnectTimeoutMs = 2000;

void SetNoDelay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

// Makes the next close() send RST instead of FIN.
void SetResetOnClose(int fd) {
  const linger reset = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
}

void ResetAndClose(int fd) {
  SetResetOnClose(fd);
  close(fd);
}

void Wake(int event_fd) {
  const uint64_t one = 1;
  (void)!write(event_fd, &one, sizeof(one));
}

// A non-blocking socket connected to 127.0.0.1:port, or -1.
int ConnectTarget(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  const sockaddr_in addr = Loopback(port);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
  pollfd p = {fd, POLLOUT, 0};
  int error = 0;
  socklen_t size = sizeof(error);
  if (errno != EINPROGRESS || poll(&p, 1, kConnectTimeoutMs) != 1 ||
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int PollMillis(absl::Duration d) {
  d = std::clamp(d, absl::ZeroDuration(), kTick);
  return static_cast<int>(std::ceil(absl::ToDoubleMilliseconds(d)));
}

}  // namespace

// One forwarded connection. Its two pumps use the sockets without a lock;
// the last pump to finish closes them, and Cut() touches them only under
// `mu` while they are open.
struct TcpProxy::Conn {
  Conn(int client, int server, int wake, absl::Time open_at)
      : fds{client, server}, wake_fd(wake), open_at(open_at) {}
  ~Conn() { close(wake_fd); }

  void CloseFds() {
    std::lock_guard<std::mutex> lock(mu);
    for (int fd : fds) close(fd);
    closed = true;
  }

  const int fds[2];          // [0] the client's side, [1] the server's side
  const int wake_fd;         // eventfd: readable once the connection is cut
  const absl::Time open_at;  // nothing is delivered before (SetConnectDelay)
  std::mutex mu;
  bool closed ABSL_GUARDED_BY(mu) = false;
  std::atomic<bool> cut{false};
  std::atomic<bool> closing{false};  // ended cleanly by CloseAfter
  std::atomic<int> pumps_done{0};
  std::thread pumps[2];
};

struct TcpProxy::Chunk {
  absl::Time due;
  std::string data;
  size_t offset = 0;  // bytes of `data` already delivered
};

// One direction of a connection: reads from `src`, delivers to `dst`.
struct TcpProxy::Pump {
  Conn* conn = nullptr;
  Direction direction = Direction::kUp;
  int src = -1;
  int dst = -1;
  std::deque<Chunk> queue;
  size_t queued = 0;
  bool eof = false;
  absl::Time next_write = absl::InfinitePast();  // throttled until then
};

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int target_port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  sockaddr_in addr = Loopback(0);
  socklen_t size = sizeof(addr);
  const int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 128) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0 || wake < 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    if (wake >= 0) close(wake);
    return absl::InternalError(absl::StrCat("cannot listen on 127.0.0.1: ", error));
  }
  std::unique_ptr<TcpProxy> proxy(new TcpProxy(fd, ntohs(addr.sin_port), target_port, wake));
  proxy->acceptor_ = std::thread(&TcpProxy::AcceptLoop, proxy.get());
  return proxy;
}

TcpProxy::TcpProxy(int listen_fd, int port, int target_port, int wake_fd)
    : listen_fd_(listen_fd), port_(port), target_port_(target_port), wake_fd_(wake_fd) {
  ClearFaults();
}

TcpProxy::~TcpProxy() { Stop(); }

std::string TcpProxy::address() const { return absl::StrCat("127.0.0.1:", port_); }
std::string TcpProxy::url() const { return absl::StrCat("http://", address()); }

int64_t TcpProxy::bytes(Direction direction) const {
  return bytes_[static_cast<int>(direction)].load();
}

void TcpProxy::ResetCounters() {
  for (auto& b : bytes_) b = 0;
  accepted_ = 0;
  refused_ = 0;
}

int TcpProxy::open_connections() const {
  std::lock_guard<std::mutex> lock(conns_mu_);
  return static_cast<int>(std::count_if(conns_.begin(), conns_.end(),
                                        [](const auto& c) { return c->pumps_done.load() < 2; }));
}

void TcpProxy::SetDelay(absl::Duration per_chunk) {
  std::lock_guard<std::mutex> lock(mu_);
  delay_ = per_chunk;
}

void TcpProxy::SetThrottle(int64_t bytes_per_second) {
  std::lock_guard<std::mutex> lock(mu_);
  rate_ = bytes_per_second;
  tokens_ = {0, 0};
  refilled_ = {absl::Now(), absl::Now()};
}

void TcpProxy::SetBlackhole(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  blackhole_ = on;
}

void TcpProxy::CutAfter(Direction direction, int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  cut_after_[static_cast<int>(direction)] = std::max<int64_t>(bytes, 0);
}

void TcpProxy::CloseAfter(Direction direction, int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  close_after_[static_cast<int>(direction)] = std::max<int64_t>(bytes, 1);
}

void TcpProxy::RefuseFor(absl::Duration duration) {
  std::lock_guard<std::mutex> lock(mu_);
  refuse_until_ = absl::Now() + duration;
}

void TcpProxy::SetConnectDelay(absl::Duration round_trip) {
  std::lock_guard<std::mutex> lock(mu_);
  connect_delay_ = round_trip;
}

void TcpProxy::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  connect_delay_ = absl::ZeroDuration();
  delay_ = absl::ZeroDuration();
  rate_ = 0;
  blackhole_ = false;
  refuse_until_ = absl::InfinitePast();
  cut_after_ = {-1, -1};
  close_after_ = {-1, -1};
}

bool TcpProxy::Refusing() {
  std::lock_guard<std::mutex> lock(mu_);
  return absl::Now() < refuse_until_;
}

int TcpProxy::CutAll() {
  std::lock_guard<std::mutex> lock(conns_mu_);  // keeps Reap() from freeing them meanwhile
  int cut = 0;
  for (const auto& conn : conns_) {
    if (conn->pumps_done.load() == 2) continue;
    Cut(conn.get());
    ++cut;
  }
  // The resets go out when the pumps close the sockets, microseconds later.
  const absl::Time deadline = absl::Now() + absl::Seconds(1);
  for (const auto& conn : conns_) {
    while (conn->pumps_done.load() < 2 && absl::Now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  return cut;
}

void TcpProxy::Cut(Conn* conn) {
  std::lock_guard<std::mutex> lock(conn->mu);
  if (conn->closed || conn->cut.exchange(true)) return;
  for (int fd : conn->fds) SetResetOnClose(fd);
  Wake(conn->wake_fd);
}

void TcpProxy::CloseCleanly(Conn* conn) {
  if (conn->closing.exchange(true)) return;
  Wake(conn->wake_fd);
}

void TcpProxy::Stop() {
  if (stopping_.exchange(true)) return;
  Wake(wake_fd_);
  if (acceptor_.joinable()) acceptor_.join();
  CutAll();
  Reap(/*all=*/true);
  close(listen_fd_);
  close(wake_fd_);
}

void TcpProxy::AcceptLoop() {
  while (!stopping_.load()) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    poll(fds, 2, 50);
    if (stopping_.load()) break;
    if (fds[0].revents & POLLIN) Accept();
    Reap(/*all=*/false);
  }
}

void TcpProxy::Accept() {
  const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (client < 0) return;
  const int server =
      Refusing() || open_connections() >= kMaxConnections ? -1 : ConnectTarget(target_port_);
  const int wake = server < 0 ? -1 : eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  // Each counter moves before the client can see what it counts.
  if (wake < 0) {
    ++refused_;
    ResetAndClose(client);
    if (server >= 0) close(server);
    return;
  }
  ++accepted_;
  SetNoDelay(client);
  SetNoDelay(server);
  absl::Time open_at = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_at += connect_delay_;
  }
  auto conn = std::make_unique<Conn>(client, server, wake, open_at);
  Conn* raw = conn.get();
  {
    std::lock_guard<std::mutex> lock(conns_mu_);
    conns_.push_back(std::move(conn));
  }
  raw->pumps[0] = std::thread(&TcpProxy::RunPump, this, raw, Direction::kUp);
  raw->pumps[1] = std::thread(&TcpProxy::RunPump, this, raw, Direction::kDown);
}

// Joins the threads of finished connections (of all, when stopping) and
// frees them.
void TcpProxy::Reap(bool all) {
  std::vector<std::unique_ptr<Conn>> done;
  {
    std::lock_guard<std::mutex> lock(conns_mu_);
    auto finished = [all](const std::unique_ptr<Conn>& c) {
      return all || c->pumps_done.load() == 2;
    };
    auto it = std::stable_partition(conns_.begin(), conns_.end(),
                                    [&](const auto& c) { return !finished(c); });
    std::move(it, conns_.end(), std::back_inserter(done));
    conns_.erase(it, conns_.end());
  }
  for (auto& conn : done) {
    for (std::thread& t : conn->pumps) {
      if (t.joinable()) t.join();
    }
  }
}

void TcpProxy::RunPump(Conn* conn, Direction direction) {
  const int up = direction == Direction::kUp;
  Pump pump;
  pump.conn = conn;
  pump.direction = direction;
  pump.src = conn->fds[up ? 0 : 1];
  pump.dst = conn->fds[up ? 1 : 0];
  while (!conn->cut.load() && !conn->closing.load() && !stopping_.load() && PumpOnce(&pump)) {
  }
  // Pass a clean end of stream on; after a cut the close below resets.
  if (!conn->cut.load()) shutdown(pump.dst, SHUT_WR);
  // Closing cleanly: read what the source still sends, so that closing a
  // socket with unread data does not turn the FIN into a reset.
  if (conn->closing.load() && !conn->cut.load()) Drain(pump.src);
  if (conn->pumps_done.fetch_add(1) == 1) conn->CloseFds();
}

// One round of a pump: waits up to a tick for something to do, reads a
// chunk and/or delivers some of the queue. Returns false when this
// direction is finished (cleanly, or by cutting the connection).
bool TcpProxy::PumpOnce(Pump* p) {
  absl::Duration delay;
  bool blackhole;
  {
    std::lock_guard<std::mutex> lock(mu_);
    delay = delay_;
    blackhole = blackhole_;
  }
  const absl::Time now = absl::Now();
  const absl::Time ready =
      p->queue.empty() ? absl::InfiniteFuture() : std::max(p->queue.front().due, p->next_write);
  const bool want_write = ready <= now && !blackhole;
  const bool want_read = !p->eof && p->queued < kMaxQueued && !blackhole;
  // In a blackhole only a side closing is looked for (POLLRDHUP).
  pollfd fds[3] = {{p->conn->wake_fd, POLLIN, 0},
                   {p->eof ? -1 : p->src, static_cast<short>(want_read ? POLLIN : POLLRDHUP), 0},
                   {p->dst, static_cast<short>(want_write ? POLLOUT : 0), 0}};
  poll(fds, 3, PollMillis(ready > now ? ready - now : kTick));
  if (fds[0].revents != 0) return false;
  // A socket in error, a side that closes in a blackhole, or a failed read
  // ends the whole connection.
  if ((fds[2].revents & (POLLERR | POLLHUP)) ||
      (fds[1].revents != 0 && (blackhole || !ReadChunk(p, delay)))) {
    Cut(p->conn);
    return false;
  }
  if (want_write && (fds[2].revents & POLLOUT)) Deliver(p);
  return !p->conn->cut.load() && !(p->eof && p->queue.empty());
}

void TcpProxy::Drain(int fd) {
  const absl::Time until = absl::Now() + absl::Seconds(1);
  char buf[kReadChunk];
  while (absl::Now() < until && !stopping_.load()) {
    pollfd p = {fd, POLLIN, 0};
    poll(&p, 1, 50);
    if (p.revents == 0) continue;
    const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
  }
}

bool TcpProxy::ReadChunk(Pump* p, absl::Duration delay) {
  char buf[kReadChunk];
  const ssize_t n = recv(p->src, buf, sizeof(buf), MSG_DONTWAIT);
  if (n > 0) {
    // Sent before the connection was set up, it leaves when it is.
    const absl::Time sent = std::max(absl::Now(), p->conn->open_at);
    p->queue.push_back(Chunk{sent + delay, std::string(buf, n)});
    p->queued += n;
  } else if (n == 0) {
    p->eof = true;
  } else if (errno != EAGAIN && errno != EINTR) {
    return false;
  }
  return true;
}

// Sends as much of the head of the queue as the throttle and a pending
// CutAfter allow, and fires that cut when its last byte is out.
void TcpProxy::Deliver(Pump* p) {
  Chunk& head = p->queue.front();
  const int dir = static_cast<int>(p->direction);
  int64_t len = static_cast<int64_t>(head.data.size() - head.offset);
  ssize_t sent = 0;
  bool fire = false;
  bool close_now = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const absl::Time now = absl::Now();
    if (rate_ > 0) {
      const double cap = std::max(1.0, rate_ / 20.0);  // bursts of 50 ms at most
      tokens_[dir] =
          std::min(cap, tokens_[dir] + absl::ToDoubleSeconds(now - refilled_[dir]) * rate_);
      refilled_[dir] = now;
      // Wait for a quarter burst rather than trickle out a few bytes a time.
      const double needed = std::min(static_cast<double>(len), std::max(1.0, cap / 4));
      if (tokens_[dir] < needed) {
        p->next_write = now + std::min(kTick, absl::Seconds((needed - tokens_[dir]) / rate_));
        return;
      }
      len = std::min<int64_t>(len, static_cast<int64_t>(tokens_[dir]));
    }
    int64_t& budget = cut_after_[dir];
    if (budget >= 0) len = std::min(len, budget);
    int64_t& clean = close_after_[dir];
    if (clean >= 0) len = std::min(len, clean);
    sent = len > 0 ? send(p->dst, head.data.data() + head.offset, len, MSG_NOSIGNAL | MSG_DONTWAIT)
                   : 0;
    if (sent < 0 && errno != EAGAIN && errno != EINTR) {
      fire = true;  // the receiving side is gone: reset the other one too
      sent = 0;
    }
    sent = std::max<ssize_t>(sent, 0);
    if (rate_ > 0) tokens_[dir] -= sent;
    bytes_[dir] += sent;
    if (budget >= 0 && (budget -= sent) == 0) {
      budget = -1;
      fire = true;
    }
    if (clean >= 0 && (clean -= sent) == 0) {
      clean = -1;
      close_now = true;
    }
  }
  head.offset += sent;
  p->queued -= sent;
  if (head.offset == head.data.size()) p->queue.pop_front();
  if (fire) Cut(p->conn);
  if (close_now) CloseCleanly(p->conn);
}

}  // namespace test
}  // namespace hromada
