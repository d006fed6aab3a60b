// A loopback-only userspace TCP proxy: the faulty network between a client
// and a server in tests (this kernel has no netem).
//
// It listens on 127.0.0.1 (any free port) and forwards each connection to
// 127.0.0.1:<target_port>, both directions, counting the bytes it
// delivers. Faults are switched at run time from any thread and reach the
// current and new connections within about 10 ms:
//
//   delay      each chunk read is delivered that much later (latency; the
//              order of bytes is kept)
//   connect    a new connection carries nothing either way until this long
//              after it was accepted: the TCP handshake's round trip, which
//              a loopback connect() does not take (the client's first bytes
//              then arrive one `connect` + one `delay` after it sent them)
//   throttle   each direction delivers at most N bytes/s, shared by all
//              connections (a slow link)
//   blackhole  nothing is delivered either way and nothing is closed, as
//              when a link silently loses every packet; data waits in the
//              socket buffers and flows on when the blackhole is lifted. A
//              side that closes its connection meanwhile gets the whole
//              connection reset, so dead connections do not pile up.
//   cut        connections are reset (RST to both sides): all current ones
//              now, or the one that carries the Nth next byte one way
//   close      the connection that carries the Nth next byte one way is
//              closed cleanly right after it (FIN both ways, no reset), as
//              a server or a middlebox that hangs up after an answer
//   refuse     new connections are reset on arrival for a while
//
// A connection is also reset on arrival when the target is not listening
// or kMaxConnections are open. Bounded: binds and connects only on
// 127.0.0.1; queues at most 1 MiB per direction of a connection.
//
// Thread-safe. Runs one thread to accept, plus two per open connection.
#ifndef HROMADA_TESTS_SUPPORT_TCP_PROXY_H_
#define HROMADA_TESTS_SUPPORT_TCP_PROXY_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hromada {
namespace test {

enum class Direction {
  kUp = 0,    // client to server
  kDown = 1,  // server to client
};

class TcpProxy {
 public:
  static constexpr int kMaxConnections = 256;

  // Listens on 127.0.0.1 and starts forwarding to 127.0.0.1:target_port
  // (which need not be listening yet). INTERNAL if it cannot listen.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int target_port);
  // Stop().
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  std::string address() const;  // "127.0.0.1:PORT"
  std::string url() const;      // "http://127.0.0.1:PORT"

  // Bytes delivered, connections forwarded and reset on arrival, since
  // Start() or ResetCounters(). A connection is counted before its client
  // can see it forwarded or reset; bytes just after they are delivered, so
  // a test waits for those.
  int64_t bytes(Direction direction) const;
  int64_t bytes_up() const { return bytes(Direction::kUp); }
  int64_t bytes_down() const { return bytes(Direction::kDown); }
  int64_t connections_accepted() const { return accepted_.load(); }
  int64_t connections_refused() const { return refused_.load(); }
  void ResetCounters();
  // Connections forwarded and not yet closed.
  int open_connections() const;

  // Latency added to each chunk; zero to remove it.
  void SetDelay(absl::Duration per_chunk);
  // The round trip a new connection's set-up takes (see above), for
  // connections accepted from now on; zero to remove it.
  void SetConnectDelay(absl::Duration round_trip);
  // Caps each direction at `bytes_per_second`; 0 removes the cap.
  void SetThrottle(int64_t bytes_per_second);
  void SetBlackhole(bool on);
  // Resets every open connection now; returns how many. Returns once the
  // resets are sent.
  int CutAll();
  // Once `bytes` more bytes have been delivered in `direction` (over all
  // connections), resets the connection that delivered the last of them,
  // right after it. One shot; a second call replaces the first. 0 cuts the
  // next connection to send that way before it delivers anything.
  void CutAfter(Direction direction, int64_t bytes);
  // Like CutAfter, but closes that connection cleanly: both sides get an
  // end of stream after what was delivered; anything either side sends
  // later is read and dropped. `bytes` of at least 1.
  void CloseAfter(Direction direction, int64_t bytes);
  // Resets new connections on arrival for `duration` from now.
  void RefuseFor(absl::Duration duration);
  // Removes every fault above (a pending CutAfter too).
  void ClearFaults();

  // Resets all connections, stops accepting and joins every thread.
  // Idempotent; the destructor calls it.
  void Stop();

 private:
  struct Conn;
  struct Chunk;
  struct Pump;

  TcpProxy(int listen_fd, int port, int target_port, int wake_fd);
  void AcceptLoop();
  void Accept();
  void Reap(bool all);
  void Cut(Conn* conn);
  void CloseCleanly(Conn* conn);
  void Drain(int fd);
  void RunPump(Conn* conn, Direction direction);
  bool PumpOnce(Pump* pump);
  bool ReadChunk(Pump* pump, absl::Duration delay);
  void Deliver(Pump* pump);
  bool Refusing();

  const int listen_fd_;
  const int port_;
  const int target_port_;
  const int wake_fd_;  // eventfd: readable once Stop() begins
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::array<std::atomic<int64_t>, 2> bytes_{};
  std::atomic<int64_t> accepted_{0};
  std::atomic<int64_t> refused_{0};

  // The faults; token buckets and the pending cut are updated on delivery.
  mutable std::mutex mu_;
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
  absl::Duration connect_delay_ ABSL_GUARDED_BY(mu_);
  int64_t rate_ ABSL_GUARDED_BY(mu_) = 0;
  bool blackhole_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time refuse_until_ ABSL_GUARDED_BY(mu_);
  std::array<int64_t, 2> cut_after_ ABSL_GUARDED_BY(mu_) = {-1, -1};
  std::array<int64_t, 2> close_after_ ABSL_GUARDED_BY(mu_) = {-1, -1};
  std::array<double, 2> tokens_ ABSL_GUARDED_BY(mu_) = {0, 0};
  std::array<absl::Time, 2> refilled_ ABSL_GUARDED_BY(mu_);

  mutable std::mutex conns_mu_;
  std::vector<std::unique_ptr<Conn>> conns_ ABSL_GUARDED_BY(conns_mu_);
};

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_TCP_PROXY_H_
