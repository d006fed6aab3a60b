// The re-dating of unsent changes (restamp.h) streams the outbox's clear
// columns and opens only the changes that move (schema 9). This checks it
// against the rule as it was first written, over the whole outbox held in
// memory (Reference below), on seeded random histories of a device whose
// clocks are wrong, jump, reboot and run ahead of what it has seen; and
// that a profile from before schema 9 gets its clear stamps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <random>
#include <set>

#include "client/src/store/monotonic_clock.h"
#include "client/src/store/outbox.h"
#include "client/src/store/store.h"
#include "hromada/v1/record.pb.h"
#include "shared/base/clock.h"
#include "shared/base/sqlite.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/support/temp_dir.h"

namespace hromada::test {
namespace {

constexpr int64_t kStart = 1'780'000'000'000;

// An unsent change as the reference sees it: its stamp and clocks.
struct Unsent {
  uint64_t seq = 0;
  uint64_t hlc = 0;
  std::optional<client::ChangeClocks> clocks;
};

// The rule of docs/protocol.md "Clocks" as restamp.cc had it before the
// outbox streamed: every change in memory, the stamps in a set. Returns
// each change's new stamp (its own when it stays); counts in *bumped the
// stamps passed over because a change held them.
std::vector<uint64_t> Reference(const std::vector<Unsent>& unsent, uint64_t kept_through,
                                int64_t offset_ms, int64_t limit_ms, int64_t wall_now,
                                const client::MonotonicReading& mono_now, int* bumped) {
  constexpr int64_t kJumpMs = 2000, kSlackMs = 10000;
  std::set<uint64_t> stamps;
  for (const Unsent& u : unsent) stamps.insert(u.hlc);
  std::vector<uint64_t> out;
  uint64_t before = 0;
  for (const Unsent& u : unsent) {
    if (u.seq <= kept_through) {
      before = std::max(before, u.hlc);
      out.push_back(u.hlc);
      continue;
    }
    int64_t at = HlcMillis(u.hlc);
    if (u.clocks.has_value()) {
      const client::ChangeClocks& c = *u.clocks;
      const int64_t wall_gap = wall_now - c.wall_ms, mono_gap = mono_now.ms - c.mono.ms;
      const bool same_boot =
          !c.mono.boot_id.empty() && c.mono.boot_id == mono_now.boot_id && mono_gap >= 0;
      at = same_boot && std::llabs(wall_gap - mono_gap) > kJumpMs ? wall_now + offset_ms - mono_gap
                                                                  : c.wall_ms + offset_ms;
    }
    at = std::min(at, limit_ms);
    uint64_t to = u.hlc;
    const bool seen =
        u.clocks.has_value() && HlcMillis(to) > u.clocks->wall_ms + u.clocks->offset_ms + kSlackMs;
    if (seen) {
      to = std::max(to, HlcPack(at, 0));
    } else if (std::llabs(HlcMillis(to) - at) > kSlackMs) {
      to = HlcPack(at, 0);
    }
    if (HlcMillis(to) > limit_ms) to = HlcPack(limit_ms, 0);
    if (to <= before) to = before + 1;
    while (to != u.hlc && stamps.count(to) > 0) {
      ++to;
      ++*bumped;
    }
    out.push_back(to);
    before = to;
  }
  return out;
}

v1::Record Edit(const std::string& id, const std::string& community, int n) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(id);
  r.set_community_id(community);
  v1::Field* f = r.add_fields();
  f->set_name("full_name");
  f->mutable_value()->set_text("value " + std::to_string(n));
  return r;
}

std::vector<uint64_t> OutboxStamps(client::Store& store) {
  std::vector<uint64_t> stamps;
  const client::OutboxBatch batch = *store.ReadOutbox(0, 1 << 24);
  for (const std::string& bytes : batch.changes) {
    v1::Record change;
    EXPECT_TRUE(change.ParseFromString(bytes));
    stamps.push_back(change.hlc());
  }
  return stamps;
}

// One seeded history: edits on a few records with the wall clock stepping
// in whole seconds (so that corrected times land on one another's
// stamps), jumping by hours, the device rebooting, stamps seen from
// ahead, and some changes kept as they are (a bundle); then the outbox is
// re-dated at a random offset and limit and compared with the reference.
// Adds to *moved the changes that moved and to *bumped the stamps passed
// over as taken.
void CheckHistory(uint32_t seed, size_t* moved_total, int* bumped) {
  SCOPED_TRACE(seed);
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  TempDir dir("hromada-restamp");
  ManualClock wall(kStart);
  client::ManualMonotonicClock mono;
  auto store = client::Store::Open(dir.Path("p.db"), &wall, client::SecretKey::Random(), &mono);
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string community = Uuid::V4().bytes();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Uuid::V4().bytes());
  std::vector<Unsent> unsent;  // stamps read before each pass
  const int edits = 60 + pick(60);
  for (int n = 0; n < edits; ++n) {
    const int64_t step = 1000 * pick(20);
    wall.Set(wall.NowMillis() + step);
    mono.Advance(step);
    switch (pick(14)) {
      case 0:
        wall.Set(wall.NowMillis() - 3'600'000);
        break;  // set back an hour
      case 1:
        wall.Set(wall.NowMillis() + 7'200'000);
        break;  // two hours ahead
      case 2:
        mono.Reboot("boot-" + std::to_string(n));
        break;
      case 3:
        (*store)->hlc().Observe(HlcPack(wall.NowMillis() + 900'000, 3));
        break;
      default:
        break;
    }
    const client::ChangeClocks clocks{wall.NowMillis(), (*store)->hlc().offset_ms(), mono.Now()};
    absl::Status applied = (*store)->Apply({Edit(ids[pick(5)], community, n)});
    ASSERT_TRUE(applied.ok()) << applied;
    unsent.push_back({static_cast<uint64_t>(n + 1), 0, clocks});
  }
  ASSERT_EQ(OutboxStamps(**store).size(), unsent.size());
  uint64_t kept = 0;
  if (pick(3) == 0) {
    kept = static_cast<uint64_t>(pick(edits));
    ASSERT_TRUE((*store)->KeepStamps(kept).ok());
  }
  const int64_t offsets[] = {-7'200'000, -3'600'000, -20'000, 0, 15'000, 3'600'000};
  const int64_t offset = offsets[pick(6)];
  const int64_t limit = wall.NowMillis() + offset + (pick(4) == 0 ? -600'000 : 300'000);
  // Twice: a second pass re-dates what the first left, by the same rule.
  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass);
    const std::vector<uint64_t> was = OutboxStamps(**store);
    for (size_t i = 0; i < unsent.size(); ++i) unsent[i].hlc = was[i];
    const std::vector<uint64_t> want =
        Reference(unsent, kept, offset, limit, wall.NowMillis(), mono.Now(), bumped);
    size_t moved = 0;
    for (size_t i = 0; i < want.size(); ++i) moved += want[i] != was[i];
    absl::StatusOr<uint64_t> n = (*store)->CorrectStamps(offset, limit);
    ASSERT_TRUE(n.ok()) << n.status();
    EXPECT_EQ(*n, moved);
    EXPECT_EQ(OutboxStamps(**store), want);
    *moved_total += moved;
  }
}

TEST(RestampTest, StreamedReDatingGivesTheStampsOfTheWholeOutboxRule) {
  size_t moved = 0;
  int bumped = 0;
  for (uint32_t seed = 1; seed <= 16; ++seed) CheckHistory(seed, &moved, &bumped);
  // The histories reach every branch that matters: moves, and new stamps
  // that had to pass over one a change held.
  EXPECT_GT(moved, 100u);
  EXPECT_GT(bumped, 0);
}

// A profile of schema 8 has no clear stamps: its first open reads them
// from the sealed changes, and its outbox is re-dated as before.
TEST(RestampTest, AProfileFromBeforeSchema9GetsItsClearStampsOnOpen) {
  TempDir dir("hromada-restamp-upgrade");
  ManualClock wall(kStart);
  const client::SecretKey key = client::SecretKey::Random();
  const std::string path = dir.Path("p.db");
  const std::string community = Uuid::V4().bytes(), id = Uuid::V4().bytes();
  std::vector<uint64_t> stamps;
  {
    auto store = client::Store::Open(path, &wall, key);
    ASSERT_TRUE(store.ok()) << store.status();
    for (int n = 0; n < 3; ++n) ASSERT_TRUE((*store)->Apply({Edit(id, community, n)}).ok());
    stamps = OutboxStamps(**store);
  }
  {  // as schema 8 left it
    auto db = *sql::Db::Open(path);
    ASSERT_TRUE(db->Exec("DROP INDEX outbox_by_hlc; ALTER TABLE outbox DROP COLUMN hlc; "
                         "PRAGMA user_version = 8")
                    .ok());
  }
  auto store = client::Store::Open(path, &wall, key);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*client::Store::PeekVersion(path), 9);
  {
    auto db = *sql::Db::Open(path, /*read_only=*/true);
    auto read = *db->PrepareOnce("SELECT hlc FROM outbox ORDER BY device_seq");
    for (uint64_t stamp : stamps) {
      ASSERT_TRUE(*read->Step());
      EXPECT_EQ(static_cast<uint64_t>(read->Int(0)), stamp);
    }
    EXPECT_FALSE(*read->Step());
  }
  // The clock was an hour slow: every change moves, by the clear stamps.
  EXPECT_EQ(*(*store)->CorrectStamps(3'600'000, kStart + 7'200'000), 3u);
  const std::vector<uint64_t> now = OutboxStamps(**store);
  ASSERT_EQ(now.size(), 3u);
  EXPECT_EQ(HlcMillis(now[0]), kStart + 3'600'000);
  EXPECT_LT(now[0], now[1]);
  EXPECT_LT(now[1], now[2]);
}

}  // namespace
}  // namespace hromada::test
