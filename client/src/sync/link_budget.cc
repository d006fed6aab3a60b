#include "client/src/sync/link_budget.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace hromada::client {
namespace {

// Uptimes remembered: enough to see a pattern, few enough to follow a link
// that gets better.
constexpr size_t kUptimes = 4;
// A call is given at least this long, whatever the uptimes say: below it
// the round trip alone (500 ms on the field's links) would eat the budget.
constexpr absl::Duration kMinTarget = absl::Seconds(1);

bool IsLinkLoss(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded;
}

}  // namespace

LinkClock SteadyLinkClock() {
  return [] {
    const auto since = std::chrono::steady_clock::now().time_since_epoch();
    return absl::UnixEpoch() + absl::FromChrono(since);
  };
}

LinkBudget::LinkBudget(LinkBudgetConfig config, LinkClock now)
    : now_(std::move(now)),
      target_(config.target),
      min_(std::max<size_t>(config.min_bytes, 1)),
      max_(std::max(config.max_bytes, min_)),
      budget_(std::clamp(config.initial_bytes, min_, max_)) {}

size_t LinkBudget::bytes() const {
  absl::MutexLock lock(&mu_);
  return budget_;
}

size_t LinkBudget::max_bytes() const {
  absl::MutexLock lock(&mu_);
  return max_;
}

void LinkBudget::set_max_bytes(size_t max_bytes) {
  absl::MutexLock lock(&mu_);
  max_ = std::max(max_bytes, min_);
  budget_ = std::min(budget_, max_);
}

absl::Duration LinkBudget::target() const {
  absl::MutexLock lock(&mu_);
  return TargetLocked();
}

double LinkBudget::bytes_per_second() const {
  absl::MutexLock lock(&mu_);
  return rate_;
}

absl::Duration LinkBudget::Deadline(absl::Duration floor, absl::Duration ceiling) const {
  absl::MutexLock lock(&mu_);
  if (rate_ <= 0) return ceiling;
  const absl::Duration expected = absl::Seconds(budget_ / rate_) + kMinTarget;
  return std::clamp(expected * 4, floor, std::max(floor, ceiling));
}

absl::Duration LinkBudget::TargetLocked() const {
  absl::Duration target = target_;
  for (absl::Duration up : uptimes_) target = std::min(target, up / 2);
  return std::max(target, std::min(kMinTarget, target_));
}

size_t LinkBudget::Clamp(double bytes) const {
  if (!(bytes >= static_cast<double>(min_))) return min_;  // also NaN
  if (bytes >= static_cast<double>(max_)) return max_;
  return static_cast<size_t>(bytes);
}

void LinkBudget::OnSuccess(size_t budget, uint64_t wire, absl::Time start) {
  const absl::Time now = now_();
  const absl::Duration elapsed = std::max(now - start, absl::Milliseconds(1));
  absl::MutexLock lock(&mu_);
  if (up_since_ == absl::InfinitePast()) up_since_ = start;
  if (wire * 2 < budget) return;  // a short call says little about the link
  const double rate = static_cast<double>(wire) / absl::ToDoubleSeconds(elapsed);
  rate_ = rate_ <= 0 ? rate : (rate_ + rate) / 2;
  const absl::Duration target = TargetLocked();
  const double fit = rate_ * absl::ToDoubleSeconds(target);
  const double current = static_cast<double>(budget_);
  double next = elapsed * 2 <= target ? current * 2 : std::min(fit, current * 2);
  next = std::min(next, std::max(fit, static_cast<double>(min_)));
  budget_ = Clamp(next);
}

void LinkBudget::OnFailure(const absl::Status& status, uint64_t wire) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    budget_ = std::max(min_, budget_ / 2);
    max_ = budget_;
    return;
  }
  if (!IsLinkLoss(status)) return;
  if (up_since_ != absl::InfinitePast()) {
    uptimes_.push_back(now - up_since_);
    if (uptimes_.size() > kUptimes) uptimes_.pop_front();
    up_since_ = absl::InfinitePast();
  }
  const size_t delivered = static_cast<size_t>(std::min<uint64_t>(wire, budget_));
  budget_ = Clamp(std::min<double>(budget_ / 2, delivered > 0 ? delivered : budget_ / 2));
  // What the link carried is also a fact about its rate, once it was up.
  const double fit = rate_ * absl::ToDoubleSeconds(TargetLocked());
  if (rate_ > 0) budget_ = std::min(budget_, Clamp(fit));
}

}  // namespace hromada::client
