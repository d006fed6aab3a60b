// Throttles failed enrolment attempts per peer address, so that guessing
// codes over the network costs hours, not seconds. In memory only: a
// restart forgets it, which costs a guesser little next to the 31^12 codes.
//
// Thread-safe. Memory is bounded: at most `max_peers` addresses are kept,
// and the oldest are dropped first.
#ifndef HROMADA_SERVER_ENROL_LIMITER_H_
#define HROMADA_SERVER_ENROL_LIMITER_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace hromada::server {

struct EnrolLimits {
  int max_failures = 5;                // within one window, per peer
  int64_t window_ms = 10 * 60 * 1000;  // a window starts at the first failure
  size_t max_peers = 10000;
};

class EnrolLimiter {
 public:
  explicit EnrolLimiter(EnrolLimits limits = {}) : limits_(limits) {}

  // OK, or RESOURCE_EXHAUSTED (in words, with the wait) when `peer` has
  // failed too often in its current window.
  absl::Status Check(absl::string_view peer, int64_t now_ms) ABSL_LOCKS_EXCLUDED(mu_);
  // Counts a failed attempt of `peer`.
  void Failed(absl::string_view peer, int64_t now_ms) ABSL_LOCKS_EXCLUDED(mu_);

  // "ipv4:10.0.0.7:51234" -> "ipv4:10.0.0.7": one address, whatever port.
  static std::string PeerAddress(absl::string_view peer);

 private:
  struct Window {
    int64_t start_ms = 0;
    int failures = 0;
  };
  const EnrolLimits limits_;
  absl::Mutex mu_;
  std::map<std::string, Window, std::less<>> peers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ENROL_LIMITER_H_
