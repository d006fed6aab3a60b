#include "tests/support/shaping_proxy.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "absl/time/clock.h"

namespace hromada::test {

LinkProfile LinkProfile::Field2G(std::string name, absl::Duration cut_min, absl::Duration cut_max) {
  LinkProfile p;
  p.name = std::move(name);
  p.bytes_per_second = 64000 / 8;
  p.rtt = absl::Milliseconds(500);
  p.cut_min = cut_min;
  p.cut_max = cut_max;
  return p;
}

absl::StatusOr<std::unique_ptr<ShapingProxy>> ShapingProxy::Start(int target_port,
                                                                  LinkProfile profile) {
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(target_port);
  if (!proxy.ok()) return proxy.status();
  (*proxy)->SetThrottle(profile.bytes_per_second);
  (*proxy)->SetDelay(profile.rtt / 2);
  (*proxy)->SetConnectDelay(profile.rtt);
  return std::unique_ptr<ShapingProxy>(new ShapingProxy(*std::move(proxy), std::move(profile)));
}

ShapingProxy::ShapingProxy(std::unique_ptr<TcpProxy> proxy, LinkProfile profile)
    : proxy_(std::move(proxy)), profile_(std::move(profile)) {
  const bool cuts = profile_.cut_max > absl::ZeroDuration();
  const bool stalls =
      profile_.stall_every > absl::ZeroDuration() && profile_.stall_for > absl::ZeroDuration();
  if (cuts || stalls) scheduler_ = std::thread([this] { Schedule(); });
}

ShapingProxy::~ShapingProxy() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  proxy_->Stop();
}

bool ShapingProxy::WaitUntil(absl::Time when) {
  std::unique_lock<std::mutex> lock(mu_);
  const auto timeout =
      std::chrono::nanoseconds(std::max<int64_t>(0, absl::ToInt64Nanoseconds(when - absl::Now())));
  return !wake_.wait_for(lock, timeout, [this] { return stopping_; });
}

// Two clocks, cuts and stalls, each running to its next event.
void ShapingProxy::Schedule() {
  std::mt19937_64 random(profile_.seed);
  const auto next_cut = [&](absl::Time from) {
    if (profile_.cut_max <= absl::ZeroDuration()) return absl::InfiniteFuture();
    std::uniform_real_distribution<double> span(absl::ToDoubleSeconds(profile_.cut_min),
                                                absl::ToDoubleSeconds(profile_.cut_max));
    return from + absl::Seconds(span(random));
  };
  const bool stalls =
      profile_.stall_every > absl::ZeroDuration() && profile_.stall_for > absl::ZeroDuration();
  absl::Time cut_at = next_cut(absl::Now());
  absl::Time stall_at = stalls ? absl::Now() + profile_.stall_every : absl::InfiniteFuture();
  absl::Time stall_end = absl::InfiniteFuture();
  for (;;) {
    const absl::Time next = std::min({cut_at, stall_at, stall_end});
    if (!WaitUntil(next)) return;
    const absl::Time now = absl::Now();
    if (now >= stall_end) {
      proxy_->SetBlackhole(false);
      stall_end = absl::InfiniteFuture();
      stall_at = now + profile_.stall_every;
    }
    if (now >= stall_at) {
      proxy_->SetBlackhole(true);
      ++stalls_;
      stall_at = absl::InfiniteFuture();
      stall_end = now + profile_.stall_for;
    }
    if (now >= cut_at) {
      ++cuts_;  // first: whoever sees the reset may read cuts() at once
      proxy_->CutAll();
      cut_at = next_cut(now);
    }
  }
}

}  // namespace hromada::test
