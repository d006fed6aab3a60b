#include "server/enrol_limiter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace hromada::server {

std::string EnrolLimiter::PeerAddress(absl::string_view peer) {
  const size_t colon = peer.rfind(':');
  const size_t scheme = peer.find(':');
  if (colon == absl::string_view::npos || colon == scheme) return std::string(peer);
  return std::string(peer.substr(0, colon));
}

absl::Status EnrolLimiter::Check(absl::string_view peer, int64_t now_ms) {
  absl::MutexLock lock(&mu_);
  auto it = peers_.find(PeerAddress(peer));
  if (it == peers_.end()) return absl::OkStatus();
  const int64_t ends = it->second.start_ms + limits_.window_ms;
  if (now_ms >= ends) {
    peers_.erase(it);
    return absl::OkStatus();
  }
  if (it->second.failures < limits_.max_failures) return absl::OkStatus();
  const int64_t minutes = std::max<int64_t>(1, (ends - now_ms + 59999) / 60000);
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many wrong enrolment codes from this address; try again in ", minutes, " minutes"));
}

void EnrolLimiter::Failed(absl::string_view peer, int64_t now_ms) {
  absl::MutexLock lock(&mu_);
  const std::string address = PeerAddress(peer);
  auto it = peers_.find(address);
  if (it == peers_.end() || now_ms >= it->second.start_ms + limits_.window_ms) {
    if (it == peers_.end() && peers_.size() >= limits_.max_peers) {
      // Drop the window that started first: it ends first.
      auto oldest = std::min_element(
          peers_.begin(), peers_.end(),
          [](const auto& a, const auto& b) { return a.second.start_ms < b.second.start_ms; });
      peers_.erase(oldest);
    }
    peers_[address] = Window{now_ms, 1};
    return;
  }
  ++it->second.failures;
}

}  // namespace hromada::server
