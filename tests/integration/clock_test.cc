// Clocks a year off, through the real server process (issue 8, part 4):
// whatever a device's clock says, the edit made later in real time wins on
// every device. The property over many cases is tests/client/
// clock_model_test.cc; this is the whole path once, over the wire.
#include "shared/base/clock.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "absl/time/clock.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

constexpr int64_t kYearMs = 365LL * 24 * 3600 * 1000;

// The system clock, set wrong by `offset_ms`.
class WrongClock final : public Clock {
 public:
  explicit WrongClock(int64_t offset_ms) : offset_ms_(offset_ms) {}
  int64_t NowMillis() const override { return SystemClock::Get().NowMillis() + offset_ms_; }

 private:
  const int64_t offset_ms_;
};

class ClockTest : public SyncFixture {
 protected:
  // Device `wrong` (clock off by `offset_ms`) and device `right` edit the
  // same person's name, `first` two seconds before the other, each
  // offline; then both sync (the one that edited first syncs last, so its
  // handshake re-dates its edit after the other reached the server).
  // Returns the name every device ends with; fails if they differ.
  std::string Race(int64_t offset_ms, bool wrong_edits_first) {
    WrongClock wrong_clock(offset_ms);
    ClientOptions wrong_options = WithTestKey();
    wrong_options.clock = &wrong_clock;
    auto wrong = NewDevice("wrong", "Bilozerka", "field", wrong_options);
    auto right = NewDevice("right", "Bilozerka");
    const std::string id = *right->Put("person", "", bilozerka_, {{"full_name", std::string("0")}});
    const absl::Time start = absl::Now();
    EXPECT_TRUE(right->Sync().ok());
    EXPECT_TRUE(wrong->Sync().ok());
    // Each device knows the server's time to within half its handshake's
    // round trip; the two syncs took longer than both round trips.
    const absl::Duration syncs = absl::Now() - start;

    Client& first = wrong_edits_first ? *wrong : *right;
    Client& second = wrong_edits_first ? *right : *wrong;
    EXPECT_TRUE(first.Put("person", id, "", {{"full_name", std::string("earlier")}}).ok());
    absl::SleepFor(std::max(absl::Seconds(2), syncs));
    EXPECT_TRUE(second.Put("person", id, "", {{"full_name", std::string("later")}}).ok());
    EXPECT_TRUE(second.Sync().ok());
    EXPECT_TRUE(first.Sync().ok());
    EXPECT_TRUE(second.Sync().ok());
    auto fresh = NewDevice("fresh", "Bilozerka");
    EXPECT_TRUE(fresh->Sync().ok());

    std::string names;
    for (Client* c : {wrong.get(), right.get(), fresh.get()}) {
      absl::StatusOr<std::optional<RecordView>> r = c->Get("person", id);
      EXPECT_TRUE(r.ok() && r->has_value());
      if (!r.ok() || !r->has_value()) return "";
      names += std::get<std::string>((**r).fields.at("full_name")) + ";";
    }
    return names;
  }
};

TEST_F(ClockTest, AYearAheadCannotWinWithAnEarlierEdit) {
  EXPECT_EQ(Race(kYearMs, /*wrong_edits_first=*/true), "later;later;later;");
}

TEST_F(ClockTest, AYearBehindStillWinsWithALaterEdit) {
  EXPECT_EQ(Race(-kYearMs, /*wrong_edits_first=*/false), "later;later;later;");
}

}  // namespace
}  // namespace hromada::test
