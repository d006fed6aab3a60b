// The physical-clock seam. Production code reads SystemClock; tests inject
// a ManualClock to play a device whose clock is wrong or jumps.
#ifndef HROMADA_SHARED_BASE_CLOCK_H_
#define HROMADA_SHARED_BASE_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace hromada {

// Thread-safe: implementations may be read from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, as this clock believes.
  virtual int64_t NowMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  // A process-wide instance; never destroyed.
  static const Clock& Get();
};

// A clock tests set by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMillis() const override { return now_ms_.load(); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms); }
  void Advance(int64_t ms) { now_ms_.fetch_add(ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_CLOCK_H_
