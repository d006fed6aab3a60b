// The Store contract (server/store/store.h), checked on every backend
// (tests/server/backends.h). Tests are written from the contract, not from
// a backend; the device lifecycle rules above it are devices_test.cc's.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "server/store/store.h"
#include "server/store/store_replica.h"
#include "shared/base/sha256.h"
#include "shared/sync/hlc.h"
#include "tests/server/backends.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

using testing::Backends;

constexpr int64_t kNow = 1'800'000'000'000;
const std::string kA(16, 'a');  // communities
const std::string kB(16, 'b');
const std::string kDev1(16, '1');  // devices
const std::string kDev2(16, '2');

std::string IdOf(int n) { return std::string(15, 'r') + static_cast<char>(n); }

// A person written by `writer` alone, in canonical form.
v1::Record Person(int n, const std::string& community, const std::string& writer,
                  const std::string& name, int64_t ms = kNow) {
  v1::Record r = testing::PersonChange(IdOf(n), community, ms, name);
  r.set_device_id(writer);
  return r;
}

// `Person` with a phone written later by `other`: two writers.
v1::Record TwoWriters(int n, const std::string& community) {
  v1::Record r = Person(n, community, kDev1, "Олена");
  v1::Field* name = r.mutable_fields(0);
  name->set_hlc(r.hlc());
  name->set_device_id(kDev1);
  r.set_hlc(HlcPack(kNow + 1, 0));
  r.set_device_id(kDev2);
  v1::Field* phone = r.add_fields();
  phone->set_name("phone");
  phone->mutable_value()->set_text("+380501112233");
  return r;
}

v1::Record Tombstone(int n, const std::string& community, const std::string& writer) {
  v1::Record r = Person(n, community, writer, "");
  r.clear_fields();
  r.set_deleted_hlc(r.hlc());
  r.set_deleted_device_id(writer);
  return r;
}

struct Row {
  uint64_t seq;
  std::string community, sole_writer, state;
};

v1::Record Parsed(const std::string& state) {
  v1::Record r;
  EXPECT_TRUE(r.ParseFromString(state));
  return r;
}

// A device row with every field set, as the rules would leave it.
Device Stored(const std::string& id, const std::string& code_hash = "") {
  Device d;
  d.id = id;
  d.name = "tablet " + id.substr(0, 1);
  d.role = v1::ROLE_COORDINATOR;
  d.communities = {kA, kB};
  d.acked_through = 12;
  d.created_ms = kNow;
  d.enrolled_ms = kNow + 1;
  d.last_seen_ms = kNow + 2;
  d.last_sync_ms = kNow + 3;
  d.revoked = true;
  d.revoked_ms = kNow + 6;
  d.revoke_reason = "втрачено";
  d.retiring = true;
  d.retired_ms = kNow + 4;
  d.token_hash = "token of " + id.substr(0, 1);
  d.code_hash = code_hash;
  d.code_expires_ms = kNow + 5;
  d.bundle_keys = std::string("k\0eys", 5);
  d.bundle_cursor = 42;
  d.bundle_first_seq = 7;
  return d;
}

// Every field the store keeps, `refusals` included.
void ExpectSameDevice(const Device& got, const Device& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.role, want.role);
  EXPECT_EQ(got.communities, want.communities);
  EXPECT_EQ(got.acked_through, want.acked_through);
  EXPECT_EQ(got.created_ms, want.created_ms);
  EXPECT_EQ(got.enrolled_ms, want.enrolled_ms);
  EXPECT_EQ(got.last_seen_ms, want.last_seen_ms);
  EXPECT_EQ(got.last_sync_ms, want.last_sync_ms);
  EXPECT_EQ(got.revoked, want.revoked);
  EXPECT_EQ(got.revoked_ms, want.revoked_ms);
  EXPECT_EQ(got.revoke_reason, want.revoke_reason);
  EXPECT_EQ(got.retiring, want.retiring);
  EXPECT_EQ(got.retired_ms, want.retired_ms);
  EXPECT_EQ(got.token_hash, want.token_hash);
  EXPECT_EQ(got.code_hash, want.code_hash);
  EXPECT_EQ(got.code_expires_ms, want.code_expires_ms);
  EXPECT_EQ(got.bundle_keys, want.bundle_keys);
  EXPECT_EQ(got.bundle_cursor, want.bundle_cursor);
  EXPECT_EQ(got.bundle_first_seq, want.bundle_first_seq);
  EXPECT_EQ(got.refusals, want.refusals);
}

template <typename Backend>
class StoreConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = backend_.Open();
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::unique_ptr<WriteTxn> Begin() {
    absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return txn.ok() ? *std::move(txn) : nullptr;
  }

  void PutAll(const std::vector<v1::Record>& records) {
    std::unique_ptr<WriteTxn> txn = Begin();
    ASSERT_NE(txn, nullptr);
    for (const v1::Record& r : records) ASSERT_TRUE(txn->PutRecord(r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  std::optional<v1::Record> Get(const std::string& kind, const std::string& id) {
    std::unique_ptr<WriteTxn> txn = Begin();
    if (txn == nullptr) return std::nullopt;
    absl::StatusOr<std::optional<v1::Record>> r = txn->GetRecord(kind, id);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : std::nullopt;
  }

  // Every row of `query`; `*high_mark` gets the scan's high mark.
  std::vector<Row> Scan(ChangeQuery query, uint64_t* high_mark = nullptr) {
    std::vector<Row> rows;
    absl::StatusOr<uint64_t> high = store_->ScanChanges(query, [&](const ChangeRow& row) {
      rows.push_back({row.updated_seq, std::string(row.community_id), std::string(row.sole_writer),
                      std::string(row.state)});
      return true;
    });
    EXPECT_TRUE(high.ok()) << high.status();
    if (high_mark != nullptr) *high_mark = high.value_or(0);
    return rows;
  }

  std::vector<Row> ScanAll(uint64_t after = 0) { return Scan({after, {kA, kB, ""}}); }

  // Writes the device in a transaction of its own.
  absl::Status Put(const Device& device) {
    std::unique_ptr<WriteTxn> txn = Begin();
    if (txn == nullptr) return absl::InternalError("no transaction");
    if (absl::Status s = txn->PutDevice(device); !s.ok()) return s;
    return txn->Commit();
  }

  absl::Status Refuse(const std::string& device_id, uint64_t seq) {
    std::unique_ptr<WriteTxn> txn = Begin();
    v1::Rejection r;
    r.set_device_seq(seq);
    r.set_message(std::to_string(seq));
    if (absl::Status s = txn->SaveRejection(device_id, r); !s.ok()) return s;
    return txn->Commit();
  }

  std::vector<v1::Rejection> Refusals(const std::string& device_id) {
    std::unique_ptr<WriteTxn> txn = Begin();
    absl::StatusOr<std::vector<v1::Rejection>> r = txn->Rejections(device_id, 0, UINT64_MAX >> 1);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.value_or(std::vector<v1::Rejection>{});
  }

  // Where concurrent calls go besides store_: another server's store on
  // the same database, or store_ itself where one server serves it.
  Store& Second() {
    if (!Backend::kSeveralServers) return *store_;
    if (second_ == nullptr) {
      absl::StatusOr<std::unique_ptr<Store>> store = backend_.Open();
      EXPECT_TRUE(store.ok()) << store.status();
      if (!store.ok()) return *store_;
      second_ = *std::move(store);
    }
    return *second_;
  }

  absl::StatusOr<Device> Listed(const std::string& id) {
    absl::StatusOr<std::vector<Device>> devices = store_->ReadDevices(DeviceKey::All());
    if (!devices.ok()) return devices.status();
    for (const Device& d : *devices) {
      if (d.id == id) return d;
    }
    return absl::NotFoundError("not listed");
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> second_;
};

TYPED_TEST_SUITE(StoreConformanceTest, Backends);

// --- write transactions -------------------------------------------------

TYPED_TEST(StoreConformanceTest, PutThenGetInTheSameAndALaterTransaction) {
  EXPECT_FALSE(this->Get("person", IdOf(1)).has_value());
  const v1::Record olena = Person(1, kA, kDev1, "Олена");
  std::unique_ptr<WriteTxn> txn = this->Begin();
  ASSERT_TRUE(txn->PutRecord(olena).ok());
  absl::StatusOr<std::optional<v1::Record>> seen = txn->GetRecord("person", IdOf(1));
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_EQ((*seen)->SerializeAsString(), olena.SerializeAsString());
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  ASSERT_TRUE(this->Get("person", IdOf(1)).has_value());
  EXPECT_FALSE(this->Get("meeting", IdOf(1)).has_value()) << "kind and id name a record";
}

TYPED_TEST(StoreConformanceTest, ARecordsCommunityIsReadWithoutItsState) {
  std::unique_ptr<WriteTxn> txn = this->Begin();
  absl::StatusOr<std::optional<std::string>> none = txn->GetRecordCommunity("person", IdOf(1));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(txn->PutRecord(Person(1, kA, kDev1, "Олена")).ok());
  ASSERT_TRUE(txn->PutRecord(Person(2, kB, kDev1, "Петро")).ok());
  absl::StatusOr<std::optional<std::string>> a = txn->GetRecordCommunity("person", IdOf(1));
  absl::StatusOr<std::optional<std::string>> b = txn->GetRecordCommunity("person", IdOf(2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->value_or(""), kA);
  EXPECT_EQ(b->value_or(""), kB);
  absl::StatusOr<std::optional<std::string>> other = txn->GetRecordCommunity("meeting", IdOf(1));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value()) << "kind and id name a record";
}

TYPED_TEST(StoreConformanceTest, EveryPutTakesTheNextUpdatedSeq) {
  this->PutAll({Person(1, kA, kDev1, "Олена"), Person(2, kA, kDev1, "Петро")});
  this->PutAll({Person(1, kA, kDev1, "Олена Коваль", kNow + 5)});
  const std::vector<Row> rows = this->ScanAll();
  ASSERT_EQ(rows.size(), 2u) << "a record is one row, however often it is written";
  EXPECT_LT(rows[0].seq, rows[1].seq);
  EXPECT_EQ(Parsed(rows[0].state).id(), IdOf(2));
  EXPECT_EQ(Parsed(rows[1].state).fields(0).value().text(), "Олена Коваль");
}

TYPED_TEST(StoreConformanceTest, InsertRecordWritesOnlyWhatIsAbsent) {
  std::unique_ptr<WriteTxn> txn = this->Begin();
  absl::StatusOr<bool> first = txn->InsertRecord(Person(1, kA, kDev1, "Олена"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(*first);
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  uint64_t high_before = 0;
  this->Scan({0, {kA}}, &high_before);
  txn = this->Begin();
  absl::StatusOr<bool> second = txn->InsertRecord(Person(1, kA, kDev2, "Інша"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(*second);
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  uint64_t high_after = 0;
  const std::vector<Row> rows = this->Scan({0, {kA}}, &high_after);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Parsed(rows[0].state).fields(0).value().text(), "Олена");
  EXPECT_EQ(high_after, high_before) << "a refused insert takes no updated_seq";
}

TYPED_TEST(StoreConformanceTest, ATransactionNotCommittedLeavesNoTrace) {
  Device device = Stored(kDev1);
  ASSERT_TRUE(this->Put(device).ok());
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->PutRecord(Person(1, kA, kDev1, "Олена")).ok());
    Device changed = device;
    changed.acked_through = 70;
    changed.communities = {kB};
    ASSERT_TRUE(txn->PutDevice(changed).ok());
    ASSERT_TRUE(txn->PutDevice(Stored(kDev2)).ok());
    v1::Rejection r;
    r.set_device_seq(3);
    ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
    ASSERT_TRUE(txn->PutSetting("k", "v", SettingPut::kReplace).ok());
    ASSERT_TRUE(txn->AppendAudit({0, 1000, "merge", kDev1, ""}).ok());
  }
  EXPECT_FALSE(this->Get("person", IdOf(1)).has_value());
  uint64_t high_mark = 1;
  EXPECT_TRUE(this->ScanAll().empty());
  this->Scan({0, {kA}}, &high_mark);
  EXPECT_EQ(high_mark, 0u);
  ExpectSameDevice(*this->Listed(kDev1), device);
  EXPECT_EQ(this->Listed(kDev2).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(this->Refusals(kDev1).empty());
  EXPECT_FALSE(this->store_->ReadSetting("k")->has_value());
  EXPECT_TRUE(this->store_->ReadAudit({})->empty());
}

TYPED_TEST(StoreConformanceTest, CommittedWritesSurviveReopening) {
  this->PutAll({Person(1, kA, kDev1, "Олена")});
  ASSERT_TRUE(this->Put(Stored(kDev1)).ok());
  ASSERT_TRUE(this->Refuse(kDev1, 2).ok());
  uint64_t high_before = 0;
  this->Scan({0, {kA}}, &high_before);
  this->Reopen();
  ASSERT_TRUE(this->Get("person", IdOf(1)).has_value());
  absl::StatusOr<Device> device = this->Listed(kDev1);
  ASSERT_TRUE(device.ok()) << device.status();
  EXPECT_EQ(device->acked_through, 12u);
  const std::vector<v1::Rejection> kept = this->Refusals(kDev1);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].message(), "2");
  this->PutAll({Person(2, kA, kDev1, "Петро")});
  EXPECT_GT(this->ScanAll(high_before).at(0).seq, high_before) << "updated_seq never goes back";
}

TYPED_TEST(StoreConformanceTest, AStateKeepsWhatTheServerDoesNotKnow) {
  v1::Record r = Person(1, kA, kDev1, "Олена");
  r.GetReflection()->MutableUnknownFields(&r)->AddVarint(999, 7);
  this->PutAll({r});
  const std::vector<Row> rows = this->ScanAll();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Parsed(rows[0].state).SerializeAsString(), r.SerializeAsString());
  EXPECT_EQ(this->Get("person", IdOf(1))->SerializeAsString(), r.SerializeAsString());
}

// StoreReplica's InsertIfAbsent, the apply rule's fast path, is InsertRecord.
TYPED_TEST(StoreConformanceTest, TheReplicaInsertsWhatIsAbsentAndSeesItsOwnWrites) {
  std::unique_ptr<WriteTxn> txn = this->Begin();
  StoreReplica replica(*txn);
  EXPECT_TRUE(*replica.InsertIfAbsent(Person(1, kA, kDev1, "Олена")));
  EXPECT_FALSE(*replica.InsertIfAbsent(Person(1, kA, kDev2, "Інша")));
  ASSERT_TRUE(replica.Put(Person(2, kA, kDev1, "Петро")).ok());
  EXPECT_EQ((*replica.Get("person", IdOf(1)))->fields(0).value().text(), "Олена");
  EXPECT_TRUE(replica.Get("person", IdOf(2))->has_value());
  ASSERT_TRUE(txn->Commit().ok());
}

// --- devices ------------------------------------------------------------

TYPED_TEST(StoreConformanceTest, ADeviceRowIsKeptWholeAndFoundByEachKey) {
  Device device = Stored(kDev1, "code1");
  ASSERT_TRUE(this->Put(device).ok());
  ASSERT_TRUE(this->Refuse(kDev1, 3).ok());
  ASSERT_TRUE(this->Refuse(kDev1, 4).ok());
  device.refusals = 2;
  this->Reopen();
  for (const DeviceKey& key : {DeviceKey::Id(kDev1), DeviceKey::CodeHash("code1"),
                               DeviceKey::TokenHash("token of 1"), DeviceKey::All()}) {
    absl::StatusOr<std::vector<Device>> found = this->store_->ReadDevices(key);
    ASSERT_TRUE(found.ok()) << found.status();
    ASSERT_EQ(found->size(), 1u) << key.value;
    ExpectSameDevice(found->front(), device);
  }
  std::unique_ptr<WriteTxn> txn = this->Begin();
  absl::StatusOr<Device> held = txn->GetDevice(kDev1);
  ASSERT_TRUE(held.ok()) << held.status();
  ExpectSameDevice(*held, device);
  EXPECT_EQ(txn->GetDevice(kDev2).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(this->store_->ReadDevices(DeviceKey::CodeHash("code2"))->empty());
}

TYPED_TEST(StoreConformanceTest, PutDeviceReplacesTheRowAndItsCommunities) {
  ASSERT_TRUE(this->Put(Stored(kDev1, "code1")).ok());
  Device device;  // all but its id, name and one community as a new device has them
  device.id = kDev1;
  device.name = "планшет";
  device.communities = {kB};
  ASSERT_TRUE(this->Put(device).ok());
  absl::StatusOr<Device> stored = this->Listed(kDev1);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ExpectSameDevice(*stored, device);
  EXPECT_TRUE(this->store_->ReadDevices(DeviceKey::CodeHash("code1"))->empty());
  EXPECT_TRUE(this->store_->ReadDevices(DeviceKey::TokenHash(""))->empty()) << "'' is none";
}

TYPED_TEST(StoreConformanceTest, AHashNamesOneDeviceAndNoneIsShared) {
  Device first;
  first.id = kDev1;
  first.name = "a";
  Device second = first;
  second.id = kDev2;
  ASSERT_TRUE(this->Put(first).ok());
  ASSERT_TRUE(this->Put(second).ok()) << "two devices with no code and no token";
  first.code_hash = "code";
  first.token_hash = "token";
  ASSERT_TRUE(this->Put(first).ok());
  second.code_hash = "code";
  EXPECT_EQ(this->Put(second).code(), absl::StatusCode::kAlreadyExists);
  second.code_hash = "";
  second.token_hash = "token";
  EXPECT_EQ(this->Put(second).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->Listed(kDev2)->token_hash, "") << "a refused write changed nothing";
}

TYPED_TEST(StoreConformanceTest, DeleteDeviceForgetsItsRowCommunitiesAndRefusals) {
  ASSERT_TRUE(this->Put(Stored(kDev1, "code1")).ok());
  ASSERT_TRUE(this->Put(Stored(kDev2, "code2")).ok());
  ASSERT_TRUE(this->Refuse(kDev1, 3).ok());
  ASSERT_TRUE(this->Refuse(kDev2, 3).ok());
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->DeleteDevice(kDev1).ok());
    ASSERT_TRUE(txn->DeleteDevice(std::string(16, '9')).ok()) << "none: nothing to forget";
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(this->Listed(kDev1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(this->Refusals(kDev1).empty());
  EXPECT_EQ(this->Refusals(kDev2).size(), 1u);
  EXPECT_TRUE(this->store_->ReadDevices(DeviceKey::CodeHash("code1"))->empty());
  Device again;
  again.id = kDev1;
  again.communities = {kB};
  ASSERT_TRUE(this->Put(again).ok()) << "the id and its communities are free again";
  EXPECT_EQ(this->Listed(kDev1)->communities, (std::vector<std::string>{kB}));
  EXPECT_EQ(this->Listed(kDev1)->refusals, 0u);
}

TYPED_TEST(StoreConformanceTest, DevicesAreListedByCreationThenName) {
  Device b = Stored(kDev1);
  b.name = "b";
  Device a = Stored(kDev2);
  a.name = "a";
  Device early = Stored(std::string(16, '3'));
  early.created_ms = kNow - 1;
  for (const Device& d : {b, a, early}) ASSERT_TRUE(this->Put(d).ok());
  absl::StatusOr<std::vector<Device>> all = this->store_->ReadDevices(DeviceKey::All());
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> ids;
  for (const Device& d : *all) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{early.id, kDev2, kDev1}));
}

// What the rules above the store rely on: a device read in a transaction
// is held, so a second transaction (another server) that reads it waits
// and then sees what the first committed.
TYPED_TEST(StoreConformanceTest, ADeviceReadInATransactionIsHeldUntilItEnds) {
  ASSERT_TRUE(this->Put(Stored(kDev1)).ok());
  Store& other = this->Second();
  std::unique_ptr<WriteTxn> first = this->Begin();
  absl::StatusOr<Device> device = first->GetDevice(kDev1);
  ASSERT_TRUE(device.ok()) << device.status();
  std::atomic<bool> read{false};
  uint64_t seen = 0;
  std::thread second([&] {
    absl::StatusOr<std::unique_ptr<WriteTxn>> txn = other.BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.status();
    absl::StatusOr<Device> d = (*txn)->GetDevice(kDev1);
    read = true;
    ASSERT_TRUE(d.ok()) << d.status();
    seen = d->acked_through;
  });
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_FALSE(read) << "the second transaction read a device the first one holds";
  device->acked_through = 99;
  ASSERT_TRUE(first->PutDevice(*device).ok());
  ASSERT_TRUE(first->Commit().ok());
  first.reset();
  second.join();
  EXPECT_EQ(seen, 99u);
}

// --- refusals -----------------------------------------------------------

TYPED_TEST(StoreConformanceTest, RejectionsAreKeptPerDeviceReadInRangeAndForgotten) {
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    for (uint64_t seq : {3, 1, 2, 5}) {
      v1::Rejection r;
      r.set_device_seq(seq);
      r.set_code(3);
      r.set_field("full_name");
      r.set_message(std::to_string(seq));
      r.set_kind("person");
      r.set_id(IdOf(static_cast<int>(seq)));
      ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
    }
    v1::Rejection other;
    other.set_device_seq(2);
    ASSERT_TRUE(txn->SaveRejection(kDev2, other).ok());
    absl::StatusOr<std::vector<v1::Rejection>> seen = txn->Rejections(kDev1, 2, 3);
    ASSERT_TRUE(seen.ok() && seen->size() == 2u);
    EXPECT_EQ((*seen)[0].device_seq(), 2u);
    EXPECT_EQ((*seen)[1].device_seq(), 3u);
    EXPECT_EQ((*seen)[1].field(), "full_name");
    EXPECT_EQ((*seen)[1].code(), 3u);
    EXPECT_EQ((*seen)[1].message(), "3");
    EXPECT_EQ((*seen)[1].kind(), "person");
    EXPECT_EQ((*seen)[1].id(), IdOf(3));
    ASSERT_TRUE(txn->Commit().ok());
  }
  ASSERT_TRUE(this->Refuse(kDev1, 5).ok()) << "kept again for the same change: replaced";
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->ForgetRejections(kDev1, 3).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const std::vector<v1::Rejection> left = this->Refusals(kDev1);
  ASSERT_EQ(left.size(), 2u) << "those before 3 are forgotten, the rest stay";
  EXPECT_EQ(left[0].device_seq(), 3u);
  EXPECT_EQ(left[1].device_seq(), 5u);
  EXPECT_EQ(left[1].field(), "");
  EXPECT_EQ(this->Refusals(kDev2).size(), 1u);
}

// --- change scans -------------------------------------------------------

TYPED_TEST(StoreConformanceTest, AScanReadsItsCommunitiesAfterTheCursorInOrder) {
  v1::Record community = Person(9, "", kDev2, "Білозерка");
  community.set_kind("community");
  this->PutAll({Person(1, kA, kDev1, "a1"), Person(2, kB, kDev1, "b2"), community,
                Person(3, kA, kDev1, "a3")});
  const std::vector<Row> all = this->ScanAll();
  ASSERT_EQ(all.size(), 4u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].seq, all[i].seq);
  std::vector<Row> a_and_shared = this->Scan({0, {kA, ""}});
  ASSERT_EQ(a_and_shared.size(), 3u);
  EXPECT_EQ(a_and_shared[0].community, kA);
  EXPECT_EQ(a_and_shared[1].community, "");
  EXPECT_EQ(Parsed(a_and_shared[1].state).kind(), "community");
  EXPECT_EQ(Parsed(a_and_shared[2].state).id(), IdOf(3));
  std::vector<Row> after = this->Scan({all[1].seq, {kA}});
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].seq, all[3].seq);
  EXPECT_TRUE(this->Scan({0, {}}).empty());
}

TYPED_TEST(StoreConformanceTest, TheHighMarkCoversEveryCommunity) {
  uint64_t high_mark = 1;
  this->Scan({0, {kA}}, &high_mark);
  EXPECT_EQ(high_mark, 0u) << "an empty store";
  this->PutAll({Person(1, kA, kDev1, "a1"), Person(2, kB, kDev1, "b2")});
  const std::vector<Row> all = this->ScanAll();
  const std::vector<Row> a = this->Scan({0, {kA}}, &high_mark);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(high_mark, all.back().seq);
  this->Scan({0, {}}, &high_mark);
  EXPECT_EQ(high_mark, all.back().seq);
  this->PutAll({Person(3, kB, kDev1, "b3")});
  EXPECT_GT(this->ScanAll(high_mark).at(0).seq, high_mark) << "later writes land above it";
}

TYPED_TEST(StoreConformanceTest, ARowCarriesItsCommunityAndSoleWriter) {
  this->PutAll({Person(1, kA, kDev1, "Олена"), TwoWriters(2, kA), Tombstone(3, kA, kDev2)});
  const std::vector<Row> rows = this->Scan({0, {kA}});
  ASSERT_EQ(rows.size(), 3u);
  for (const Row& row : rows) EXPECT_EQ(row.community, kA);
  EXPECT_EQ(rows[0].sole_writer, kDev1);
  EXPECT_EQ(rows[1].sole_writer, "");
  EXPECT_EQ(rows[2].sole_writer, kDev2);
  const std::vector<Row> bare = this->Scan({0, {kA}, /*with_state=*/false});
  ASSERT_EQ(bare.size(), 3u);
  EXPECT_EQ(bare[1].seq, rows[1].seq);
  EXPECT_EQ(bare[0].sole_writer, kDev1);
  EXPECT_TRUE(bare[0].state.empty());
}

TYPED_TEST(StoreConformanceTest, AScanStopsWhenAskedAndReadsOneSnapshot) {
  this->PutAll({Person(1, kA, kDev1, "a1"), Person(2, kA, kDev1, "a2")});
  int calls = 0;
  absl::StatusOr<uint64_t> high = this->store_->ScanChanges({0, {kA}}, [&](const ChangeRow&) {
    ++calls;
    return false;
  });
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(calls, 1);
  std::vector<std::string> seen;
  high = this->store_->ScanChanges({0, {kA}}, [&](const ChangeRow& row) {
    seen.push_back(Parsed(std::string(row.state)).id());
    // A write committed during the scan is not in it.
    if (seen.size() == 1) this->PutAll({Person(3, kA, kDev1, "a3")});
    return true;
  });
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(seen, (std::vector<std::string>{IdOf(1), IdOf(2)}));
  const std::vector<Row> all = this->ScanAll();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_LT(*high, all[2].seq);
}

// --- whole-store reads --------------------------------------------------

TYPED_TEST(StoreConformanceTest, ScanStatesGivesEveryStateOfTheKindsAsked) {
  v1::Record meeting = Person(5, kB, kDev1, "");
  meeting.set_kind("meeting");
  v1::Record survey = Person(6, "", kDev1, "");
  survey.set_kind("survey");
  this->PutAll({Person(1, kA, kDev1, "a1"), Tombstone(2, kA, kDev1), meeting, survey});
  std::vector<std::string> seen;
  absl::Status s = this->store_->ScanStates({"person", "meeting"},
                                            [&](absl::string_view kind, absl::string_view state) {
                                              EXPECT_EQ(Parsed(std::string(state)).kind(), kind);
                                              seen.push_back(Parsed(std::string(state)).id());
                                              if (seen.size() == 1)
                                                this->PutAll({Person(7, kA, kDev1, "later")});
                                              return absl::OkStatus();
                                            });
  ASSERT_TRUE(s.ok()) << s;
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{IdOf(1), IdOf(2), IdOf(5)}))
      << "tombstones included, other kinds and later writes not";
  int calls = 0;
  s = this->store_->ScanStates({"person"}, [&](absl::string_view, absl::string_view) {
    ++calls;
    return absl::CancelledError("enough");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

// ListRecords (store.h) reads one kind through ScanStates.
TYPED_TEST(StoreConformanceTest, ListRecordsGivesTheLiveRecordsOfAKind) {
  v1::Record meeting = Person(5, kA, kDev1, "");
  meeting.set_kind("meeting");
  this->PutAll(
      {Person(1, kA, kDev1, "a1"), Person(2, kB, kDev2, "b2"), Tombstone(3, kA, kDev1), meeting});
  absl::StatusOr<std::vector<v1::Record>> persons = ListRecords(*this->store_, "person");
  ASSERT_TRUE(persons.ok()) << persons.status();
  std::vector<std::string> ids;
  for (const v1::Record& r : *persons) ids.push_back(r.id());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{IdOf(1), IdOf(2)}));
}

}  // namespace
}  // namespace hromada::server

namespace hromada::server {
namespace {

TYPED_TEST(StoreConformanceTest, AuditEntriesComeBackInOrderFilteredAndSurviveReopening) {
  for (const AuditEntry& entry :
       std::vector<AuditEntry>{{0, 1000, "enrol", kDev1, "role=1"},
                               {0, 2000, "enrol_failed", "", "code=NOT_FOUND"},
                               {0, 3000, "merge", kDev2, "record=x"},
                               {0, 3000, "push_refused", kDev1, "count=2"}}) {
    std::unique_ptr<WriteTxn> txn = this->Begin();  // one entry a transaction, as Audit() writes
    ASSERT_TRUE(txn->AppendAudit(entry).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  this->Reopen();
  absl::StatusOr<std::vector<AuditEntry>> all = this->store_->ReadAudit({});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].event, "enrol");
  EXPECT_EQ((*all)[0].device_id, kDev1);
  EXPECT_EQ((*all)[1].device_id, "");
  EXPECT_EQ((*all)[3].detail, "count=2");
  EXPECT_LT((*all)[0].seq, (*all)[1].seq);
  AuditQuery since;
  since.since_ms = 2000;
  EXPECT_EQ(this->store_->ReadAudit(since)->size(), 3u);
  AuditQuery device;
  device.device_id = kDev1;
  absl::StatusOr<std::vector<AuditEntry>> one = this->store_->ReadAudit(device);
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ((*one)[1].event, "push_refused");
  device.limit = 1;
  EXPECT_EQ(this->store_->ReadAudit(device)->size(), 1u);
}

// A push's entries are written in its transaction: kept with it, or not at all.
TYPED_TEST(StoreConformanceTest, AuditInATransactionIsKeptExactlyWhenItCommits) {
  {
    absl::StatusOr<std::unique_ptr<WriteTxn>> txn = this->store_->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE((*txn)->AppendAudit({0, 1000, "push_refused", kDev1, "count=1"}).ok());
    // Destroyed without Commit: rolled back.
  }
  EXPECT_TRUE(this->store_->ReadAudit({})->empty());
  {
    absl::StatusOr<std::unique_ptr<WriteTxn>> txn = this->store_->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE((*txn)->AppendAudit({0, 2000, "merge", kDev1, "record=x"}).ok());
    ASSERT_TRUE((*txn)->AppendAudit({0, 2000, "push_refused", kDev1, "count=2"}).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  this->Reopen();
  absl::StatusOr<std::vector<AuditEntry>> all = this->store_->ReadAudit({});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].event, "merge");
  EXPECT_EQ((*all)[1].detail, "count=2");
}

// --- the epoch (store.h), a setting -------------------------------------

TYPED_TEST(StoreConformanceTest, AStoreHasAnEpochThatLastsAcrossReopens) {
  absl::StatusOr<std::string> epoch = Epoch(*this->store_);
  ASSERT_TRUE(epoch.ok()) << epoch.status();
  EXPECT_GE(epoch->size(), 8u) << "random enough that two databases never share one";
  this->PutAll({Person(1, kA, kDev1, "Олена")});
  this->Reopen();
  EXPECT_EQ(Epoch(*this->store_).value_or(""), *epoch);
}

TYPED_TEST(StoreConformanceTest, ANewEpochReplacesTheOldAndLasts) {
  const std::string old_epoch = Epoch(*this->store_).value_or("");
  absl::StatusOr<std::string> renewed = RenewEpoch(*this->store_);
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_NE(*renewed, old_epoch);
  EXPECT_EQ(Epoch(*this->store_).value_or(""), *renewed);
  this->Reopen();
  EXPECT_EQ(Epoch(*this->store_).value_or(""), *renewed);
}

TYPED_TEST(StoreConformanceTest, AScanStopsWhereTheCallbackStops) {
  this->PutAll(
      {Person(1, kA, kDev1, "Олена"), Person(2, kB, kDev1, "Петро"), Person(3, kA, kDev1, "Іван")});
  std::vector<uint64_t> seen;
  absl::StatusOr<uint64_t> high = this->store_->ScanChanges({0, {kA, kB}}, [&](const ChangeRow& r) {
    seen.push_back(r.updated_seq);
    return seen.size() < 2;
  });
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_LT(seen[0], seen[1]);
  uint64_t full = 0;
  EXPECT_EQ(this->Scan({0, {kA, kB}}, &full).size(), 3u);
  EXPECT_EQ(*high, full) << "the high mark all the same";
}

}  // namespace
}  // namespace hromada::server

namespace hromada::server {
namespace {

TYPED_TEST(StoreConformanceTest, ASettingIsPutReplacedOrKeptAndLasts) {
  EXPECT_FALSE(this->store_->ReadSetting("k")->has_value());
  std::unique_ptr<WriteTxn> txn = this->Begin();
  EXPECT_EQ(*txn->PutSetting("k", "first", SettingPut::kIfAbsent), "first");
  EXPECT_EQ(*txn->PutSetting("k", "second", SettingPut::kIfAbsent), "first");
  EXPECT_EQ(*txn->PutSetting("j", std::string("\0\1", 2), SettingPut::kReplace),
            std::string("\0\1", 2));
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  this->Reopen();
  EXPECT_EQ(*this->store_->ReadSetting("k"), "first");
  EXPECT_EQ(*this->store_->ReadSetting("j"), std::string("\0\1", 2));
  txn = this->Begin();
  EXPECT_EQ(*txn->PutSetting("k", "third", SettingPut::kReplace), "third");
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(*this->store_->ReadSetting("k"), "third");
}

// Servers starting together each put their own value if absent: all of
// them must go on with the one that was kept (the server's bundle keys).
TYPED_TEST(StoreConformanceTest, ConcurrentPutsIfAbsentAllGetTheKeptValue) {
  Store& other = this->Second();
  constexpr int kPuts = 8;
  std::vector<std::string> got(kPuts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kPuts; ++i) {
    threads.emplace_back([&, i] {
      Store& store = i % 2 == 0 ? *this->store_ : other;
      absl::StatusOr<std::string> value =
          GetOrPutSetting(store, "keys", std::string(1, static_cast<char>('a' + i)));
      got[i] = value.ok() ? *value : value.status().ToString();
    });
  }
  for (std::thread& t : threads) t.join();
  const std::string kept = *this->store_->ReadSetting("keys").value_or(std::nullopt);
  for (const std::string& value : got) EXPECT_EQ(value, kept);
}

// The metrics' database size and commit time come from here on both
// backends (they once read 0 on PostgreSQL).
TYPED_TEST(StoreConformanceTest, StatsShowTheSizeAndCountEachCommit) {
  absl::StatusOr<StoreStats> before = this->store_->Stats();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_GT(before->bytes, 0);
  this->PutAll({Person(1, kA, kDev1, "Олена")});
  this->PutAll({Person(2, kA, kDev1, "Петро")});
  absl::StatusOr<StoreStats> after = this->store_->Stats();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_GE(after->commits, before->commits + 2);
  EXPECT_GT(after->commit_nanos, before->commit_nanos);
  EXPECT_GT(after->bytes, 0);
}

// Attachment contents (GetBlob, AppendBlob, ReadBlob).
std::string Content(size_t n) {
  std::string bytes(n, '\0');
  for (size_t i = 0; i < n; ++i) bytes[i] = static_cast<char>((i * 7919) >> 3);
  return bytes;
}

// Where `uploader` (hex) sends `hash`, the names as attachments.cc would
// make them (any distinct names do here).
BlobKey KeyOf(const std::string& hash, const std::string& uploader = "0a") {
  return BlobKey{hash, Sha256Hex("whole " + hash), Sha256Hex("partial " + uploader + hash),
                 uploader};
}

TYPED_TEST(StoreConformanceTest, ABlobArrivesInChunksAndIsReadBackWhole) {
  const std::string content = Content(100000);
  const std::string hash = Sha256Hex(content);
  EXPECT_EQ(this->store_->GetBlob(KeyOf(hash))->held, 0u);
  for (size_t at = 0; at < content.size(); at += 30000) {
    absl::StatusOr<BlobState> held =
        this->store_->AppendBlob(KeyOf(hash), content.size(), at, content.substr(at, 30000));
    ASSERT_TRUE(held.ok()) << held.status();
    EXPECT_EQ(held->held, std::min(content.size(), at + 30000));
    EXPECT_EQ(held->complete, at + 30000 >= content.size());
  }
  this->Reopen();
  absl::StatusOr<BlobState> state = this->store_->GetBlob(KeyOf(hash));
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(state->complete);
  EXPECT_EQ(state->held, content.size());
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 0, 200000), content);
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 29990, 20), content.substr(29990, 20));
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 99990, 64), content.substr(99990));
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 100000, 64), "");
}

TYPED_TEST(StoreConformanceTest, ARepeatedChunkIsTakenOnceAndAGapIsRefused) {
  const std::string content = Content(1000);
  const std::string hash = Sha256Hex(content);
  ASSERT_TRUE(this->store_->AppendBlob(KeyOf(hash), 1000, 0, content.substr(0, 400)).ok());
  // A reply lost: the same chunk again, and one overlapping what is held.
  EXPECT_EQ(this->store_->AppendBlob(KeyOf(hash), 1000, 0, content.substr(0, 400))->held, 400u);
  EXPECT_EQ(this->store_->AppendBlob(KeyOf(hash), 1000, 200, content.substr(200, 400))->held, 600u);
  EXPECT_EQ(
      this->store_->AppendBlob(KeyOf(hash), 1000, 700, content.substr(700, 100)).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->AppendBlob(KeyOf(hash), 1000, 600, std::string(500, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->ReadBlob(KeyOf(hash).whole, 0, 10).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<BlobState> done =
      this->store_->AppendBlob(KeyOf(hash), 1000, 600, content.substr(600));
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(done->complete);
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 0, 1000), content);
  // Complete: a new upload of the same content (another record) takes nothing.
  EXPECT_TRUE(this->store_->AppendBlob(KeyOf(hash), 1000, 0, content.substr(0, 10))->complete);
}

TYPED_TEST(StoreConformanceTest, ABlobThatDoesNotMatchItsHashIsDropped) {
  const std::string content = Content(500);
  const std::string hash = Sha256Hex(content);
  std::string wrong = content;
  wrong[250] ^= 1;
  ASSERT_TRUE(this->store_->AppendBlob(KeyOf(hash), 500, 0, wrong.substr(0, 300)).ok());
  EXPECT_EQ(this->store_->AppendBlob(KeyOf(hash), 500, 300, wrong.substr(300)).status().code(),
            absl::StatusCode::kDataLoss);
  absl::StatusOr<BlobState> state = this->store_->GetBlob(KeyOf(hash));
  EXPECT_EQ(state->held, 0u);
  EXPECT_FALSE(state->complete);
  ASSERT_TRUE(this->store_->AppendBlob(KeyOf(hash), 500, 0, content).ok());
  EXPECT_EQ(*this->store_->ReadBlob(KeyOf(hash).whole, 0, 500), content);
}

TYPED_TEST(StoreConformanceTest, OneUploadersPartialContentIsNotAnothers) {
  const std::string content = Content(1000);
  const std::string hash = Sha256Hex(content);
  const BlobKey mine = KeyOf(hash, "01"), theirs = KeyOf(hash, "02");
  ASSERT_TRUE(this->store_->AppendBlob(mine, 1000, 0, content.substr(0, 400)).ok());
  // Another device sends garbage for the same content, and completes it
  // wrongly: only its own upload is dropped.
  EXPECT_EQ(this->store_->GetBlob(theirs)->held, 0u);
  EXPECT_EQ(this->store_->AppendBlob(theirs, 1000, 0, std::string(1000, 'x')).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(this->store_->GetBlob(mine)->held, 400u);
  absl::StatusOr<PartialBlobs> left = this->store_->PartialBlobsOf("01");
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(left->count, 1u);
  EXPECT_EQ(left->bytes, 400u);
  EXPECT_EQ(this->store_->PartialBlobsOf("02")->count, 0u);
  ASSERT_TRUE(this->store_->AppendBlob(mine, 1000, 400, content.substr(400)).ok());
  // Whole: both names reach it, and nothing is left half sent.
  EXPECT_TRUE(this->store_->GetBlob(theirs)->complete);
  EXPECT_EQ(this->store_->PartialBlobsOf("01")->count, 0u);
  EXPECT_EQ(*this->store_->ReadBlob(mine.whole, 0, 1000), content);
}

TYPED_TEST(StoreConformanceTest, StalePartialContentsAreDropped) {
  const std::string content = Content(1000);
  const std::string hash = Sha256Hex(content);
  ASSERT_TRUE(this->store_->AppendBlob(KeyOf(hash), 1000, 0, content.substr(0, 400)).ok());
  ASSERT_TRUE(this->store_->DropPartialBlobs(absl::Now() - absl::Hours(1)).ok());
  EXPECT_EQ(this->store_->GetBlob(KeyOf(hash))->held, 400u);  // recent: kept
  ASSERT_TRUE(this->store_->DropPartialBlobs(absl::Now() + absl::Seconds(1)).ok());
  EXPECT_EQ(this->store_->GetBlob(KeyOf(hash))->held, 0u);
  EXPECT_EQ(this->store_->PartialBlobsOf("0a")->count, 0u);
  // A complete content never expires.
  ASSERT_TRUE(this->store_->AppendBlob(KeyOf(hash), 1000, 0, content).ok());
  ASSERT_TRUE(this->store_->DropPartialBlobs(absl::Now() + absl::Seconds(1)).ok());
  EXPECT_TRUE(this->store_->GetBlob(KeyOf(hash))->complete);
}

}  // namespace
}  // namespace hromada::server
