// Tests of TcpProxy against a small echo server on loopback.
#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/loopback.h"
#include "tests/support/shaping_proxy.h"

namespace hromada {
namespace test {
namespace {

// Echoes every byte back on each connection; closes its side at end of
// stream. One thread per connection.
class EchoServer {
 public:
  EchoServer() : listen_fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    // Port 0: the kernel picks a free port and no other test can take it
    // between a look-up and the bind.
    sockaddr_in addr = Loopback(0);
    socklen_t len = sizeof(addr);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        listen(listen_fd_, 64) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "echo server cannot listen: " << std::strerror(errno);
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~EchoServer() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : fds_) shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : workers_) t.join();
    for (int fd : fds_) close(fd);
    close(listen_fd_);
  }

  int port() const { return port_; }
  int64_t received() const { return received_.load(); }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      fds_.push_back(fd);
      workers_.emplace_back([this, fd] { Echo(fd); });
    }
  }

  void Echo(int fd) {
    char buf[8192];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
      received_ += n;
      if (send(fd, buf, n, MSG_NOSIGNAL) != n) break;
    }
    shutdown(fd, SHUT_WR);
  }

  const int listen_fd_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> received_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> fds_;  // closed only at the end, so shutdown() never hits a reused fd
  std::vector<std::thread> workers_;
};

// How a read ended.
struct ReadEnd {
  std::string data;
  int error = 0;         // errno of a failed read (ECONNRESET for a cut)
  bool eof = false;      // orderly end of stream
  bool timeout = false;  // nothing more within the time given
};

// Reads until `want` bytes, the end of the stream, an error or `timeout`.
ReadEnd Read(int fd, size_t want, absl::Duration timeout) {
  ReadEnd end;
  const absl::Time deadline = absl::Now() + timeout;
  while (end.data.size() < want) {
    pollfd p = {fd, POLLIN, 0};
    const int ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (ms <= 0 || poll(&p, 1, ms) == 0) {
      end.timeout = true;
      break;
    }
    char buf[65536];
    const ssize_t n = recv(fd, buf, std::min(sizeof(buf), want - end.data.size()), 0);
    if (n > 0) {
      end.data.append(buf, n);
    } else if (n == 0) {
      end.eof = true;
      break;
    } else {
      end.error = errno;
      break;
    }
  }
  return end;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += n;
  }
  return true;
}

std::string Pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
  return s;
}

// Sends `data` through a new connection to the proxy and reads the echo.
ReadEnd RoundTrip(const TcpProxy& proxy, const std::string& data,
                  absl::Duration timeout = absl::Seconds(10)) {
  const int fd = ConnectLoopback(proxy.port());
  if (fd < 0) return ReadEnd{"", errno};
  std::thread writer([&] { SendAll(fd, data); });
  ReadEnd end = Read(fd, data.size(), timeout);
  writer.join();
  close(fd);
  return end;
}

// Waits for `condition`, up to 30 s: what is checked happens at once, but a
// loaded machine may not run the proxy's threads for a while.
template <typename F>
bool Eventually(F condition) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

class TcpProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(echo_.port());
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = std::move(*proxy);
  }

  EchoServer echo_;
  std::unique_ptr<TcpProxy> proxy_;
};

TEST_F(TcpProxyTest, ForwardsBothWaysAndCountsBytes) {
  EXPECT_EQ(proxy_->address(), absl::StrCat("127.0.0.1:", proxy_->port()));
  EXPECT_EQ(proxy_->url(), absl::StrCat("http://127.0.0.1:", proxy_->port()));
  const std::string data = Pattern(300000);
  const ReadEnd end = RoundTrip(*proxy_, data);
  EXPECT_EQ(end.data, data);
  EXPECT_EQ(proxy_->bytes_up(), 300000);
  EXPECT_TRUE(Eventually([&] { return proxy_->bytes(Direction::kDown) == 300000; }));
  EXPECT_EQ(proxy_->connections_accepted(), 1);
  EXPECT_TRUE(Eventually([&] { return proxy_->open_connections() == 0; }));
  proxy_->ResetCounters();
  EXPECT_EQ(proxy_->bytes_up(), 0);
  EXPECT_EQ(proxy_->connections_accepted(), 0);
}

TEST_F(TcpProxyTest, ForwardsManyConnectionsAtOnce) {
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      const std::string data = Pattern(20000 + i);
      if (RoundTrip(*proxy_, data).data == data) ++ok;
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), 8);
  // The proxy counts a chunk after writing it, so the client may have read
  // it a moment before the counter moves.
  EXPECT_TRUE(Eventually([&] { return proxy_->bytes_down() == 8 * 20000 + 28; }))
      << proxy_->bytes_down();
  EXPECT_EQ(proxy_->bytes_up(), 8 * 20000 + 28);
  EXPECT_EQ(proxy_->connections_accepted(), 8);
}

TEST_F(TcpProxyTest, PassesAHalfCloseOn) {
  const int fd = ConnectLoopback(proxy_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "abc"));
  shutdown(fd, SHUT_WR);
  const ReadEnd end = Read(fd, 100, absl::Seconds(5));
  EXPECT_EQ(end.data, "abc");
  EXPECT_TRUE(end.eof) << "the echo server saw our end of stream and closed its side";
  close(fd);
}

TEST_F(TcpProxyTest, CutAllResetsOpenConnections) {
  const int fd = ConnectLoopback(proxy_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "hi"));
  ASSERT_EQ(Read(fd, 2, absl::Seconds(5)).data, "hi");
  EXPECT_EQ(proxy_->CutAll(), 1);
  const ReadEnd end = Read(fd, 1, absl::Seconds(5));
  EXPECT_EQ(end.error, ECONNRESET);
  close(fd);
  EXPECT_EQ(proxy_->open_connections(), 0);
  EXPECT_EQ(RoundTrip(*proxy_, "again").data, "again") << "new connections still work";
}

TEST_F(TcpProxyTest, CutAfterBytesUpResetsThatConnectionOnce) {
  proxy_->CutAfter(Direction::kUp, 10);
  const ReadEnd end = RoundTrip(*proxy_, Pattern(100), absl::Seconds(5));
  EXPECT_FALSE(end.timeout);
  EXPECT_LE(end.data.size(), 10u);
  EXPECT_EQ(proxy_->bytes_up(), 10);
  EXPECT_TRUE(Eventually([&] { return echo_.received() == 10; }));
  const std::string data = Pattern(1000);
  EXPECT_EQ(RoundTrip(*proxy_, data).data, data) << "the cut fires once";
}

TEST_F(TcpProxyTest, CutAfterBytesDownDeliversExactlyThatMany) {
  proxy_->CutAfter(Direction::kDown, 5);
  const ReadEnd end = RoundTrip(*proxy_, Pattern(100), absl::Seconds(5));
  EXPECT_EQ(end.error, ECONNRESET);
  EXPECT_EQ(end.data, Pattern(5));
  EXPECT_TRUE(Eventually([&] { return proxy_->bytes_down() == 5; }));
}

TEST_F(TcpProxyTest, CutAfterZeroCutsBeforeAnyByte) {
  proxy_->CutAfter(Direction::kUp, 0);
  const ReadEnd end = RoundTrip(*proxy_, "x", absl::Seconds(5));
  EXPECT_EQ(end.error, ECONNRESET);
  EXPECT_EQ(proxy_->bytes_up(), 0);
}

// The window is long while a connection must fall in it (a loaded machine
// may pause the test longer than any short one), and short when it must
// have ended.
TEST_F(TcpProxyTest, RefusesNewConnectionsForAWhile) {
  proxy_->RefuseFor(absl::Minutes(1));
  const ReadEnd refused = RoundTrip(*proxy_, "x", absl::Seconds(5));
  EXPECT_TRUE(refused.error == ECONNRESET || refused.eof) << refused.error;
  EXPECT_TRUE(Eventually([&] { return proxy_->connections_refused() == 1; }));
  EXPECT_EQ(proxy_->connections_accepted(), 0);
  proxy_->RefuseFor(absl::Milliseconds(300));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(RoundTrip(*proxy_, "later").data, "later");
}

TEST(TcpProxyTargetTest, ResetsClientsWhenTheTargetIsNotListening) {
  // A port bound and not listening: connections to it are refused, and no
  // other test can start listening on it meanwhile.
  const int bound = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(bound, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(getsockname(bound, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  auto proxy = TcpProxy::Start(ntohs(addr.sin_port));
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  const ReadEnd end = RoundTrip(**proxy, "x", absl::Seconds(5));
  EXPECT_TRUE(end.error == ECONNRESET || end.eof) << end.error;
  EXPECT_EQ((*proxy)->connections_refused(), 1);
  close(bound);
}

// The quickest of a few round trips of `data`. A fault the proxy still
// applies slows every one; a loaded machine rarely slows them all.
absl::Duration QuickestRoundTrip(const TcpProxy& proxy, const std::string& data) {
  absl::Duration quickest = absl::InfiniteDuration();
  for (int i = 0; i < 5; ++i) {
    const absl::Time start = absl::Now();
    EXPECT_EQ(RoundTrip(proxy, data).data, data);
    quickest = std::min(quickest, absl::Now() - start);
  }
  return quickest;
}

// The lower bounds hold on any machine; the upper ones leave a loaded
// machine room.
TEST_F(TcpProxyTest, ThrottleCapsTheRate) {
  proxy_->SetThrottle(20000);
  const std::string data = Pattern(20000);
  const absl::Time start = absl::Now();
  EXPECT_EQ(RoundTrip(*proxy_, data).data, data);
  const absl::Duration took = absl::Now() - start;
  // 20 kB each way at 20 kB/s, the two ways in parallel: about a second.
  EXPECT_GE(took, absl::Milliseconds(850));
  EXPECT_LT(took, absl::Seconds(10));
  proxy_->SetThrottle(0);
  EXPECT_LT(QuickestRoundTrip(*proxy_, data), absl::Milliseconds(850));
}

TEST_F(TcpProxyTest, DelayAddsLatencyEachWay) {
  proxy_->SetDelay(absl::Milliseconds(150));
  absl::Time start = absl::Now();
  EXPECT_EQ(RoundTrip(*proxy_, "ping").data, "ping");
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(300));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  proxy_->ClearFaults();
  EXPECT_LT(QuickestRoundTrip(*proxy_, "ping"), absl::Milliseconds(300));
}

// A client's first bytes, sent as soon as its loopback connect() returns,
// reach the server one set-up round trip and one delay later; later bytes
// one delay later; and a connection opened before the setting is not held.
TEST_F(TcpProxyTest, ConnectDelayHoldsANewConnectionForOneRoundTrip) {
  const int before = ConnectLoopback(proxy_->port());
  proxy_->SetConnectDelay(absl::Milliseconds(400));
  proxy_->SetDelay(absl::Milliseconds(100));
  absl::Time start = absl::Now();
  EXPECT_EQ(RoundTrip(*proxy_, "ping").data, "ping");
  const absl::Duration first = absl::Now() - start;
  EXPECT_GE(first, absl::Milliseconds(600));  // 400 + 100 up + 100 down
  EXPECT_LT(first, absl::Seconds(3));
  ASSERT_GE(before, 0);
  ASSERT_EQ(send(before, "pong", 4, MSG_NOSIGNAL), 4);
  start = absl::Now();
  EXPECT_EQ(Read(before, 4, absl::Seconds(3)).data, "pong");
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(550));  // 200, not 600
  close(before);
}

TEST_F(TcpProxyTest, BlackholeHoldsDataWithoutClosingAndReleasesIt) {
  const int fd = ConnectLoopback(proxy_->port());
  ASSERT_GE(fd, 0);
  proxy_->SetBlackhole(true);
  ASSERT_TRUE(SendAll(fd, "ping"));
  const ReadEnd silent = Read(fd, 4, absl::Milliseconds(300));
  EXPECT_TRUE(silent.timeout);
  EXPECT_EQ(silent.data, "");
  EXPECT_EQ(proxy_->bytes_up(), 0);
  EXPECT_EQ(proxy_->open_connections(), 1);
  proxy_->SetBlackhole(false);
  EXPECT_EQ(Read(fd, 4, absl::Seconds(30)).data, "ping");
  close(fd);
}

TEST_F(TcpProxyTest, AConnectionClosedInABlackholeIsDropped) {
  const int fd = ConnectLoopback(proxy_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(Eventually([&] { return proxy_->open_connections() == 1; }));
  proxy_->SetBlackhole(true);
  close(fd);
  EXPECT_TRUE(Eventually([&] { return proxy_->open_connections() == 0; }));
}

TEST_F(TcpProxyTest, StopResetsOpenConnections) {
  const int fd = ConnectLoopback(proxy_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "hi"));
  ASSERT_EQ(Read(fd, 2, absl::Seconds(5)).data, "hi");
  const absl::Time start = absl::Now();
  proxy_.reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  const ReadEnd end = Read(fd, 1, absl::Seconds(30));
  EXPECT_FALSE(end.timeout);
  EXPECT_TRUE(end.error == ECONNRESET || end.eof);
  close(fd);
}

// ShapingProxy (shaping_proxy.h): its schedule cuts open connections, and
// a stall holds bytes back without closing, then lets them through.
TEST(ShapingProxyTest, CutsOnItsScheduleAndStallsSilently) {
  EchoServer echo;
  LinkProfile profile;
  profile.name = "test";
  profile.cut_min = absl::Milliseconds(300);
  profile.cut_max = absl::Milliseconds(300);
  auto link = ShapingProxy::Start(echo.port(), profile);
  ASSERT_TRUE(link.ok()) << link.status();
  const int fd = ConnectLoopback((*link)->proxy().port());
  ASSERT_GE(fd, 0);
  const ReadEnd cut = Read(fd, 1, absl::Seconds(30));
  EXPECT_EQ(cut.error, ECONNRESET);
  EXPECT_GE((*link)->cuts(), 1);
  close(fd);
  link->reset();

  LinkProfile stall;
  stall.stall_every = absl::Milliseconds(100);
  stall.stall_for = absl::Milliseconds(800);
  auto quiet = ShapingProxy::Start(echo.port(), stall);
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_TRUE(Eventually([&] { return (*quiet)->stalls() == 1; }));
  const int fd2 = ConnectLoopback((*quiet)->proxy().port());
  ASSERT_GE(fd2, 0);
  ASSERT_TRUE(SendAll(fd2, "ping"));
  const ReadEnd held = Read(fd2, 4, absl::Milliseconds(300));
  EXPECT_TRUE(held.timeout);  // silent, not closed
  EXPECT_TRUE(held.data.empty());
  EXPECT_EQ(Read(fd2, 4, absl::Seconds(30)).data, "ping");  // the stall ended
  close(fd2);
}

TEST(ShapingProxyTest, Field2GIsSlowAndLate) {
  EchoServer echo;
  auto link = ShapingProxy::Start(
      echo.port(), LinkProfile::Field2G("2g", absl::ZeroDuration(), absl::ZeroDuration()));
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ((*link)->profile().bytes_per_second, 8000);
  const absl::Time start = absl::Now();
  const std::string data = Pattern(8000);
  EXPECT_EQ(RoundTrip((*link)->proxy(), data).data, data);
  // 8,000 bytes each way at 8,000 B/s, a 500 ms round trip to connect and
  // one for the exchange.
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(1700));
}

}  // namespace
}  // namespace test
}  // namespace hromada
