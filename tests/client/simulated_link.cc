#include "tests/client/simulated_link.h"

#include <algorithm>
#include <cmath>

#include "hromada/v1/sync.pb.h"

namespace hromada::test {

absl::Time SimulatedLink::Now() const {
  absl::MutexLock lock(&mu_);
  return now_;
}

void SimulatedLink::Sleep(absl::Duration pause) {
  absl::MutexLock lock(&mu_);
  now_ += pause;
}

uint64_t SimulatedLink::bytes_up() const {
  absl::MutexLock lock(&mu_);
  return up_;
}

uint64_t SimulatedLink::bytes_down() const {
  absl::MutexLock lock(&mu_);
  return down_;
}

std::vector<SimulatedLink::Attempt> SimulatedLink::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

absl::Time SimulatedLink::UpUntil(absl::Time at) const {
  if (profile_.up == absl::InfiniteDuration()) return absl::InfiniteFuture();
  const absl::Duration period = profile_.up + profile_.down;
  const absl::Duration since = at - absl::UnixEpoch();
  absl::Duration into;
  const absl::Time start = at - (absl::IDivDuration(since, period, &into), into);
  return at < start + profile_.up ? start + profile_.up : at;
}

absl::StatusOr<std::string> SimulatedLink::Call(absl::string_view method, absl::string_view request,
                                                const CallOptions& options, CallBytes* bytes) {
  absl::MutexLock serial(&call_mu_);
  Attempt attempt{std::string(method), request.size(), false};
  if (method == "Pull") {
    v1::PullRequest pull;
    if (pull.ParseFromArray(request.data(), static_cast<int>(request.size()))) {
      attempt.size = pull.max_bytes();
    }
  }
  CallBytes crossed;
  absl::Time now = Now();
  const absl::Time cut = UpUntil(now);
  const absl::Time deadline = now + options.deadline;
  const auto finish = [&](absl::Time at, absl::StatusOr<std::string> result) {
    absl::MutexLock lock(&mu_);
    now_ = at;
    up_ += crossed.up;
    down_ += crossed.down;
    attempt.ok = result.ok();
    attempts_.push_back(attempt);
    if (bytes != nullptr) *bytes = crossed;
    return result;
  };
  const auto seconds = [&](uint64_t n) { return absl::Seconds(n / profile_.rate); };
  const auto delivered = [&](absl::Time from, absl::Time to, uint64_t total) {
    if (to <= from) return uint64_t{0};
    return std::min<uint64_t>(
        total, static_cast<uint64_t>(absl::ToDoubleSeconds(to - from) * profile_.rate));
  };
  const auto lost = [&](absl::Time at) {
    if (at >= deadline) return finish(deadline, absl::DeadlineExceededError("deadline"));
    return finish(at, absl::UnavailableError("the link went down"));
  };
  if (cut <= now) return finish(now + profile_.rtt, absl::UnavailableError("no link"));
  // A fresh connection, then the request: half a round trip to arrive.
  const uint64_t up = request.size() + profile_.header_bytes;
  const absl::Time sending = now + profile_.rtt;
  const absl::Time arrived = sending + seconds(up) + profile_.rtt / 2;
  if (arrived > cut || arrived > deadline) {
    crossed.up = delivered(sending, std::min(cut, deadline), up);
    return lost(std::min(cut, deadline));
  }
  crossed.up = up;
  absl::StatusOr<std::string> answer = server_->Call(method, request, options, nullptr);
  const uint64_t down =
      (answer.ok() ? answer->size() : answer.status().message().size()) + profile_.header_bytes;
  const absl::Time done = arrived + profile_.rtt / 2 + seconds(down);
  if (done > cut || done > deadline) {
    crossed.down = delivered(arrived + profile_.rtt / 2, std::min(cut, deadline), down);
    return lost(std::min(cut, deadline));
  }
  crossed.down = down;
  return finish(done, std::move(answer));
}

}  // namespace hromada::test
