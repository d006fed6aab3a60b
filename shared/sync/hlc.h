// Hybrid logical clock (Kulkarni et al.): physical milliseconds plus a
// logical counter, packed into one uint64 as `ms << 16 | logical`, so that
// packed values compare in clock order. 0 means "no clock".
#ifndef HROMADA_SHARED_SYNC_HLC_H_
#define HROMADA_SHARED_SYNC_HLC_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "shared/base/clock.h"

namespace hromada {

constexpr int kHlcLogicalBits = 16;
constexpr uint64_t kHlcLogicalMask = (uint64_t{1} << kHlcLogicalBits) - 1;

constexpr uint64_t HlcPack(int64_t ms, uint32_t logical) {
  return (static_cast<uint64_t>(ms) << kHlcLogicalBits) | (logical & kHlcLogicalMask);
}
constexpr int64_t HlcMillis(uint64_t hlc) { return static_cast<int64_t>(hlc >> kHlcLogicalBits); }
constexpr uint32_t HlcLogical(uint64_t hlc) { return hlc & kHlcLogicalMask; }

// Issues timestamps that never run behind what this replica has issued or
// observed. The physical part is `clock.NowMillis() + offset_ms`, where the
// offset corrects a device clock by the server's time.
//
// Thread-safe.
class HybridClock {
 public:
  // `clock` is borrowed and must outlive this object.
  explicit HybridClock(const Clock* clock, uint64_t last = 0, int64_t offset_ms = 0);

  // A new timestamp, greater than every one issued or observed before.
  uint64_t Now();
  // Records a timestamp seen from elsewhere so later Now() values exceed it.
  void Observe(uint64_t remote);
  // Forgets every timestamp ahead of the corrected physical clock. Only for
  // a replica whose clock ran ahead, once it has re-stamped what it stamped
  // then (those stamps never left it).
  void Rewind();

  uint64_t last() const;
  int64_t offset_ms() const;
  void set_offset_ms(int64_t offset_ms);

 private:
  const Clock* const clock_;
  mutable absl::Mutex mu_;
  uint64_t last_ ABSL_GUARDED_BY(mu_);
  int64_t offset_ms_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_HLC_H_
