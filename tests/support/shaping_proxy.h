// A field link for tests and the bench: a TcpProxy (tcp_proxy.h) shaped
// to a profile, with a thread that cuts the link now and then and lets it
// go silent without closing (a stall), as a 2G link in the field does.
//
//   rate     bytes per second each way (shared by all connections)
//   rtt      round trip added: half of it to each chunk, each way, and
//            one whole round trip before a new connection carries
//            anything (the TCP connect; a TLS handshake then adds its own)
//   cuts     every connection reset, every uniform[cut_min, cut_max]
//   stalls   nothing delivered and nothing closed for stall_for, every
//            stall_every (the cut and stall clocks run separately)
//
// The schedule is drawn from `seed`, so a run can be repeated. Loopback
// only, bounded as TcpProxy is. Thread-safe; runs TcpProxy's threads and
// one of its own.
#ifndef HROMADA_TESTS_SUPPORT_SHAPING_PROXY_H_
#define HROMADA_TESTS_SUPPORT_SHAPING_PROXY_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/tcp_proxy.h"

namespace hromada::test {

struct LinkProfile {
  std::string name = "loopback";
  int64_t bytes_per_second = 0;  // each way; 0: no limit
  absl::Duration rtt;
  absl::Duration cut_min;  // zero: no cuts
  absl::Duration cut_max;
  absl::Duration stall_every;  // zero: no stalls
  absl::Duration stall_for;
  uint64_t seed = 1;

  // 64 kbit/s each way and 500 ms round trip, as measured in the field,
  // with cuts every `cut_min`..`cut_max`.
  static LinkProfile Field2G(std::string name, absl::Duration cut_min, absl::Duration cut_max);
};

class ShapingProxy {
 public:
  // Starts forwarding to 127.0.0.1:target_port, shaped by `profile`.
  static absl::StatusOr<std::unique_ptr<ShapingProxy>> Start(int target_port, LinkProfile profile);
  ~ShapingProxy();  // stops the schedule, then the proxy
  ShapingProxy(const ShapingProxy&) = delete;
  ShapingProxy& operator=(const ShapingProxy&) = delete;

  TcpProxy& proxy() { return *proxy_; }
  std::string url() const { return proxy_->url(); }
  const LinkProfile& profile() const { return profile_; }
  int cuts() const { return cuts_.load(); }      // cut events so far
  int stalls() const { return stalls_.load(); }  // stalls begun so far

 private:
  ShapingProxy(std::unique_ptr<TcpProxy> proxy, LinkProfile profile);
  void Schedule();
  // Waits until `when` or until stopping; false when stopping.
  bool WaitUntil(absl::Time when);

  std::unique_ptr<TcpProxy> proxy_;
  const LinkProfile profile_;
  std::atomic<int> cuts_{0};
  std::atomic<int> stalls_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread scheduler_;
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_SUPPORT_SHAPING_PROXY_H_
