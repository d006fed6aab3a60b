// The clock rule of docs/protocol.md ("Clocks") on a model of two devices
// and the server's own logic (LocalServer), each with its own manual wall
// and monotonic clocks: an edit made earlier in real time never overrides
// one made later, when either device's clock is off by a year either way,
// whether its clock jumped before its last sync, after it, or between the
// edit and the sync, with and without a reboot, in either sync order.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "client/src/store/monotonic_clock.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

constexpr int64_t kYear = 365LL * 24 * 3600 * 1000;

enum class Jump { kBeforeLastSync, kAfterLastSync, kBetweenEditAndSync };

struct Case {
  bool faulty_is_earlier;  // the device whose clock is off made the earlier edit
  int64_t error_ms;        // +1 year: ahead; -1 year: behind
  Jump jump;
  bool reboot;  // the faulty device reboots after its last sync
  bool later_syncs_first;
};

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  const char* jump[] = {"JumpBeforeSync", "JumpAfterSync", "JumpBetweenEditAndSync"};
  return std::string(c.faulty_is_earlier ? "Earlier" : "Later") +
         (c.error_ms > 0 ? "AYearAhead" : "AYearBehind") + jump[static_cast<int>(c.jump)] +
         (c.reboot ? "Reboot" : "") +
         (c.later_syncs_first ? "LaterSyncsFirst" : "EarlierSyncsFirst");
}

struct Device {
  ManualClock wall{kT0};
  client::ManualMonotonicClock mono{"boot-1"};
  std::unique_ptr<Client> client;
};

class ClockModelTest : public ClientTest, public ::testing::WithParamInterface<Case> {
 protected:
  void Open(Device& d, const std::string& name) {
    ClientOptions options = Options();
    options.clock = &d.wall;
    options.monotonic_clock = &d.mono;
    server_.AddCode("code-" + name, {community_bytes_});
    auto client = OpenClient(dir_.Path(name), options);
    ASSERT_TRUE(client.ok()) << client.status();
    d.client = *std::move(client);
    ASSERT_TRUE(d.client->Enrol("http://fake:1", "code-" + name, name).ok());
  }
  // Real time passes, on every clock.
  void Pass(int64_t ms) {
    server_clock_.Advance(ms);
    for (Device* d : {&earlier_, &later_}) {
      d->wall.Advance(ms);
      d->mono.Advance(ms);
    }
  }
  void Sync(Device& d) {
    absl::StatusOr<SyncReport> r = d.client->Sync();
    ASSERT_TRUE(r.ok()) << r.status();
  }
  void SetPhone(Device& d, const std::string& phone) {
    ASSERT_TRUE(d.client->Put("person", id_, "", {{"phone", phone}}).ok());
  }
  std::string PhoneOn(Device& d) {
    auto r = d.client->Get("person", id_);
    if (!r.ok() || !r->has_value()) return "?";
    return std::get<std::string>((*r)->fields.at("phone"));
  }

  Device earlier_;
  Device later_;
  std::string id_;
};

TEST_P(ClockModelTest, TheEditMadeLaterInRealTimeWinsEverywhere) {
  const Case& c = GetParam();
  Device& faulty = c.faulty_is_earlier ? earlier_ : later_;
  Open(earlier_, "earlier.db");
  Open(later_, "later.db");
  if (c.jump == Jump::kBeforeLastSync) faulty.wall.Advance(c.error_ms);
  // A record both devices have, synced.
  id_ = *earlier_.client->Put("person", "", kCommunity,
                              {{"full_name", std::string("Olena")}, {"phone", std::string("0")}});
  Sync(earlier_);
  Sync(later_);
  ASSERT_EQ(PhoneOn(later_), "0");
  Pass(5000);
  if (c.jump == Jump::kAfterLastSync) faulty.wall.Advance(c.error_ms);
  if (c.reboot) faulty.mono.Reboot("boot-2");
  Pass(10000);
  SetPhone(earlier_, "early");
  if (c.jump == Jump::kBetweenEditAndSync) faulty.wall.Advance(c.error_ms);
  Pass(2000);
  SetPhone(later_, "late");
  Pass(3000);
  if (c.later_syncs_first) {
    Sync(later_);
    Sync(earlier_);
  } else {
    Sync(earlier_);
    Sync(later_);
  }
  Sync(later_);
  Sync(earlier_);
  EXPECT_EQ(PhoneOn(earlier_), "late");
  EXPECT_EQ(PhoneOn(later_), "late");
  const v1::Record stored = server_.records().at({"person", Uuid::Parse(id_)->bytes()}).record;
  for (const v1::Field& f : stored.fields()) {
    if (f.name() == "phone") {
      EXPECT_EQ(f.value().text(), "late") << "on the server";
    }
  }
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (bool earlier : {true, false}) {
    for (int64_t error : {kYear, -kYear}) {
      for (Jump jump : {Jump::kBeforeLastSync, Jump::kAfterLastSync, Jump::kBetweenEditAndSync}) {
        for (bool later_first : {true, false}) {
          cases.push_back({earlier, error, jump, false, later_first});
        }
        // A reboot loses the monotonic clock's thread: the rule then rests
        // on the clock error being the same at the edit and at the sync,
        // true when the jump came before the edit.
        if (jump != Jump::kBetweenEditAndSync) cases.push_back({earlier, error, jump, true, true});
      }
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Clocks, ClockModelTest, ::testing::ValuesIn(Cases()), Name);

}  // namespace
}  // namespace hromada::test
