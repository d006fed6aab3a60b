#include "client/src/store/monotonic_clock.h"

#include <time.h>

#include <fstream>

#include "absl/strings/ascii.h"

namespace hromada::client {
namespace {

class SystemMonotonic final : public MonotonicClock {
 public:
  SystemMonotonic() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::getline(in, boot_id_);
    absl::StripAsciiWhitespace(&boot_id_);
  }
  MonotonicReading Now() const override {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return {boot_id_, static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000};
  }

 private:
  std::string boot_id_;  // read once: it cannot change while we run
};

}  // namespace

const MonotonicClock& SystemMonotonicClock() {
  static const SystemMonotonic* const clock = new SystemMonotonic();
  return *clock;
}

}  // namespace hromada::client
