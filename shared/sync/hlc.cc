#include "shared/sync/hlc.h"

#include <algorithm>

namespace hromada {

HybridClock::HybridClock(const Clock* clock, uint64_t last, int64_t offset_ms)
    : clock_(clock), last_(last), offset_ms_(offset_ms) {}

uint64_t HybridClock::Now() {
  absl::MutexLock lock(&mu_);
  const int64_t physical = std::max<int64_t>(0, clock_->NowMillis() + offset_ms_);
  const uint64_t candidate = HlcPack(physical, 0);
  // When the physical clock has not moved past the last value (same
  // millisecond, or a clock that went backwards), count on logically.
  last_ = candidate > last_ ? candidate : last_ + 1;
  return last_;
}

void HybridClock::Observe(uint64_t remote) {
  absl::MutexLock lock(&mu_);
  last_ = std::max(last_, remote);
}

void HybridClock::Rewind() {
  absl::MutexLock lock(&mu_);
  last_ = HlcPack(std::max<int64_t>(0, clock_->NowMillis() + offset_ms_), 0);
}

uint64_t HybridClock::last() const {
  absl::MutexLock lock(&mu_);
  return last_;
}

int64_t HybridClock::offset_ms() const {
  absl::MutexLock lock(&mu_);
  return offset_ms_;
}

void HybridClock::set_offset_ms(int64_t offset_ms) {
  absl::MutexLock lock(&mu_);
  offset_ms_ = offset_ms;
}

}  // namespace hromada
