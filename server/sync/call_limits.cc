#include "server/sync/call_limits.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace hromada::server {

std::string PeerHost(absl::string_view peer) {
  const size_t colon = peer.rfind(':');
  const size_t scheme = peer.find(':');
  if (colon == absl::string_view::npos || colon == scheme) return std::string(peer);
  return std::string(peer.substr(0, colon));
}

PeerLimiter::PeerLimiter(int burst, double per_minute, size_t max_peers)
    : burst_(std::max(burst, 1)), per_ms_(per_minute / 60000.0), max_peers_(max_peers) {}

void PeerLimiter::Refill(Bucket& b, int64_t now_ms) const {
  if (now_ms > b.at_ms) b.tokens = std::min(burst_, b.tokens + (now_ms - b.at_ms) * per_ms_);
  b.at_ms = std::max(b.at_ms, now_ms);
}

void PeerLimiter::MakeRoom(int64_t now_ms) {
  for (auto it = order_.begin(); it != order_.end() && buckets_.size() >= max_peers_;) {
    Bucket& b = buckets_.at(*it);
    Refill(b, now_ms);
    if (b.tokens < burst_) {
      ++it;
      continue;
    }
    buckets_.erase(*it);
    it = order_.erase(it);
  }
  // Every bucket is in use: forget the oldest, which only ever favours a peer.
  while (buckets_.size() >= max_peers_) {
    buckets_.erase(order_.front());
    order_.pop_front();
  }
}

absl::Status PeerLimiter::Take(absl::string_view peer, int64_t now_ms, absl::string_view what) {
  return Use(peer, now_ms, what, /*take=*/true);
}

absl::Status PeerLimiter::Check(absl::string_view peer, int64_t now_ms, absl::string_view what) {
  return Use(peer, now_ms, what, /*take=*/false);
}

absl::Status PeerLimiter::Use(absl::string_view peer, int64_t now_ms, absl::string_view what,
                              bool take) {
  if (per_ms_ <= 0) return absl::OkStatus();
  const std::string host = PeerHost(peer);
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(host);
  if (it == buckets_.end()) {
    MakeRoom(now_ms);
    order_.push_back(host);
    it = buckets_.emplace(host, Bucket{burst_, now_ms, std::prev(order_.end())}).first;
  }
  Bucket& b = it->second;
  Refill(b, now_ms);
  if (b.tokens < 1) {
    const int64_t wait_s = std::max<int64_t>(1, std::ceil((1 - b.tokens) / per_ms_ / 1000));
    return absl::ResourceExhaustedError(
        absl::StrCat("too many ", what, "; try again in ", wait_s, " s"));
  }
  if (take) b.tokens -= 1;
  return absl::OkStatus();
}

bool RefusalDrains::TryBegin(absl::string_view peer) {
  const std::string host = PeerHost(peer);
  absl::MutexLock lock(&mu_);
  int& n = per_peer_[host];
  if (total_ >= max_total_ || n >= max_) {
    if (n == 0) per_peer_.erase(host);
    return false;
  }
  ++n;
  ++total_;
  return true;
}

void RefusalDrains::End(absl::string_view peer) {
  const std::string host = PeerHost(peer);
  absl::MutexLock lock(&mu_);
  auto it = per_peer_.find(host);
  if (it == per_peer_.end()) return;
  --total_;
  if (--it->second <= 0) per_peer_.erase(it);
}

absl::Status DeviceCalls::Begin(const std::string& device_id) {
  absl::MutexLock lock(&mu_);
  int& n = in_flight_[device_id];
  if (n >= max_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this device already has ", n, " calls in progress; wait for them to finish"));
  }
  ++n;
  return absl::OkStatus();
}

void DeviceCalls::End(const std::string& device_id) {
  absl::MutexLock lock(&mu_);
  auto it = in_flight_.find(device_id);
  if (it != in_flight_.end() && --it->second <= 0) in_flight_.erase(it);
}

}  // namespace hromada::server
