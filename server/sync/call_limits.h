// What one peer or one device may ask of the server at once, checked on
// gRPC's thread before a request is parsed or given a worker:
//
// - PeerLimiter: a token bucket per peer address (the host part of
//   grpc::ServerContext::peer(), port dropped) for calls that come before
//   or without a valid token (Enrol, failed authentications). It keeps at
//   most `max_peers` buckets; when full, full (idle) buckets are dropped
//   first and, if none, the oldest, so memory stays bounded whatever the
//   number of addresses. SyncLogic counts failed enrolment codes with one.
// - DeviceCalls: how many calls of one device are in flight; a call past
//   the bound is refused, so one device cannot hold every worker.
// - RefusalDrains: how many refused calls' requests are read at once.
//
// Thread-safe.
#ifndef HROMADA_SERVER_SYNC_CALL_LIMITS_H_
#define HROMADA_SERVER_SYNC_CALL_LIMITS_H_

#include <cstdint>
#include <list>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace hromada::server {

// "ipv4:1.2.3.4:5678" -> "ipv4:1.2.3.4"; "ipv6:[::1]:5678" -> "ipv6:[::1]".
std::string PeerHost(absl::string_view peer);

class PeerLimiter {
 public:
  // `burst` calls at once, then `per_minute` a minute. per_minute 0: no limit.
  PeerLimiter(int burst, double per_minute, size_t max_peers = 100000);

  // Takes one token from `peer`'s bucket at `now_ms`; RESOURCE_EXHAUSTED
  // with a sentence ("too many <what>; try again in N s") when there is
  // none. `peer` is a gRPC peer (its port is dropped) or any key without
  // a second colon ("key:ab12…").
  absl::Status Take(absl::string_view peer, int64_t now_ms, absl::string_view what);
  // Like Take, but takes nothing: for counting only failures (Check before
  // the attempt, Take after a failed one), as enrolment codes are.
  absl::Status Check(absl::string_view peer, int64_t now_ms, absl::string_view what);

 private:
  absl::Status Use(absl::string_view peer, int64_t now_ms, absl::string_view what, bool take);
  struct Bucket {
    double tokens;
    int64_t at_ms;
    std::list<std::string>::iterator age;
  };
  void Refill(Bucket& b, int64_t now_ms) const;
  void MakeRoom(int64_t now_ms) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const double burst_;
  const double per_ms_;
  const size_t max_peers_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> order_ ABSL_GUARDED_BY(mu_);  // oldest first
};

// How many refused calls are having their request read and dropped at
// once (sync_service.h), in all and per peer host (PeerHost()).
class RefusalDrains {
 public:
  RefusalDrains(int max_total, int max_per_peer) : max_total_(max_total), max_(max_per_peer) {}
  // Counts one in for `peer` (a gRPC peer; its port is dropped), or false
  // if either bound is reached. Each true must be paired with End(peer).
  bool TryBegin(absl::string_view peer);
  void End(absl::string_view peer);

 private:
  const int max_total_;
  const int max_;
  absl::Mutex mu_;
  int total_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> per_peer_ ABSL_GUARDED_BY(mu_);
};

class DeviceCalls {
 public:
  explicit DeviceCalls(int max_per_device) : max_(max_per_device) {}

  // Counts a call of `device_id` in, or RESOURCE_EXHAUSTED if it already
  // has max_per_device calls in flight. Each OK must be paired with End().
  absl::Status Begin(const std::string& device_id);
  void End(const std::string& device_id);

 private:
  const int max_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_CALL_LIMITS_H_
