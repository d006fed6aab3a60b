// The device's monotonic clock with the id of the boot it counts from: a
// reading kept beside each outbox change lets the sync date an edit in
// server time even when the wall clock jumped since (docs/protocol.md,
// "Clocks"). Readings of one boot compare; readings of different boots do
// not (the count restarts at each boot).
//
// Thread-safe: implementations may be read from any thread.
#ifndef HROMADA_CLIENT_SRC_STORE_MONOTONIC_CLOCK_H_
#define HROMADA_CLIENT_SRC_STORE_MONOTONIC_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/synchronization/mutex.h"

namespace hromada::client {

struct MonotonicReading {
  std::string boot_id;  // empty: unknown (readings then never compare)
  int64_t ms = 0;
};

class MonotonicClock {
 public:
  virtual ~MonotonicClock() = default;
  virtual MonotonicReading Now() const = 0;
};

// CLOCK_BOOTTIME (it keeps counting while the device sleeps) and
// /proc/sys/kernel/random/boot_id. A process-wide instance; never destroyed.
const MonotonicClock& SystemMonotonicClock();

// A monotonic clock tests set by hand.
class ManualMonotonicClock final : public MonotonicClock {
 public:
  explicit ManualMonotonicClock(std::string boot_id = "boot-1") : boot_id_(std::move(boot_id)) {}
  MonotonicReading Now() const override {
    absl::MutexLock lock(&mu_);
    return {boot_id_, ms_};
  }
  void Advance(int64_t ms) {
    absl::MutexLock lock(&mu_);
    ms_ += ms;
  }
  // A new boot: a new id, counting from zero again.
  void Reboot(std::string boot_id) {
    absl::MutexLock lock(&mu_);
    boot_id_ = std::move(boot_id);
    ms_ = 0;
  }

 private:
  mutable absl::Mutex mu_;
  std::string boot_id_ ABSL_GUARDED_BY(mu_);
  int64_t ms_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_MONOTONIC_CLOCK_H_
