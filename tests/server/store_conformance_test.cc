// The Store contract (server/store/store.h), checked on every backend. A
// backend joins by adding a class with Open() below and naming it in
// Backends. Tests are written from the contract, not from a backend.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "server/store/store.h"
#include "shared/base/sha256.h"
#include "shared/sync/hlc.h"
#include "tests/server/test_records.h"
#include "tests/support/pg_cluster.h"

namespace hromada::server {
namespace {

// Each backend: Open() opens the same empty-at-first store every time, so
// that a test can close and reopen it.
class SqliteBackend {
 public:
  ~SqliteBackend() {
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path_ + suffix).c_str());
    std::filesystem::remove_all(path_ + ".attachments");
  }
  absl::StatusOr<std::unique_ptr<Store>> Open() { return SqliteStore::Open(path_); }

 private:
  const std::string path_ = testing::TempDbPath("conformance");
};

// A new database of the binary's private cluster for each test. Without
// PostgreSQL 15 installed, Open() fails and says what to install.
class PgBackend {
 public:
  PgBackend() {
    absl::StatusOr<test::PgCluster*> cluster = test::SharedPgCluster();
    url_ = cluster.ok() ? (*cluster)->NewDatabase() : cluster.status();
  }
  absl::StatusOr<std::unique_ptr<Store>> Open() {
    if (!url_.ok()) return url_.status();
    return PgStore::Open(*url_);
  }

 private:
  absl::StatusOr<std::string> url_;
};

using Backends = ::testing::Types<SqliteBackend, PgBackend>;

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

NewDevice Pending(const std::string& id, const std::string& code_hash, int64_t expires_ms) {
  NewDevice d;
  d.device.id = id;
  d.device.name = "tablet " + id.substr(0, 1);
  d.device.role = v1::ROLE_FIELD;
  d.device.communities = {kB, kA};
  d.device.created_ms = kNow;
  d.code_hash = code_hash;
  d.code_expires_ms = expires_ms;
  return d;
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

  absl::StatusOr<Device> Listed(const std::string& id) {
    absl::StatusOr<std::vector<Device>> devices = store_->ListDevices();
    if (!devices.ok()) return devices.status();
    for (const Device& d : *devices) {
      if (d.id == id) return d;
    }
    return absl::NotFoundError("not listed");
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
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
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 1)).ok());
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->PutRecord(Person(1, kA, kDev1, "Олена")).ok());
    ASSERT_TRUE(txn->SetAckedThrough(kDev1, 7).ok());
    v1::Rejection r;
    r.set_device_seq(3);
    ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
  }
  EXPECT_FALSE(this->Get("person", IdOf(1)).has_value());
  uint64_t high_mark = 1;
  EXPECT_TRUE(this->ScanAll().empty());
  this->Scan({0, {kA}}, &high_mark);
  EXPECT_EQ(high_mark, 0u);
  EXPECT_EQ(this->Listed(kDev1)->acked_through, 0u);
  EXPECT_TRUE(this->store_->TakeRejections(kDev1, 1, 10)->empty());
}

TYPED_TEST(StoreConformanceTest, CommittedWritesSurviveReopening) {
  this->PutAll({Person(1, kA, kDev1, "Олена")});
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->Enrol("code", "token", kNow).ok());
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->SetAckedThrough(kDev1, 4).ok());
    v1::Rejection r;
    r.set_device_seq(2);
    r.set_message("no");
    ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  uint64_t high_before = 0;
  this->Scan({0, {kA}}, &high_before);
  this->Reopen();
  ASSERT_TRUE(this->Get("person", IdOf(1)).has_value());
  absl::StatusOr<Device> device = this->store_->FindDeviceByToken("token");
  ASSERT_TRUE(device.ok()) << device.status();
  EXPECT_EQ(device->acked_through, 4u);
  absl::StatusOr<std::vector<v1::Rejection>> kept = this->store_->TakeRejections(kDev1, 1, 4);
  ASSERT_TRUE(kept.ok() && kept->size() == 1u);
  EXPECT_EQ((*kept)[0].message(), "no");
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

TYPED_TEST(StoreConformanceTest, AckedThroughIsSeenInItsTransaction) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 1)).ok());
  std::unique_ptr<WriteTxn> txn = this->Begin();
  ASSERT_TRUE(txn->SetAckedThrough(kDev1, 9).ok());
  EXPECT_EQ(txn->GetDevice(kDev1)->acked_through, 9u);
  EXPECT_EQ(txn->GetDevice(kDev2).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  EXPECT_EQ(this->Listed(kDev1)->acked_through, 9u);
}

// --- devices ------------------------------------------------------------

TYPED_TEST(StoreConformanceTest, AnAddedDeviceIsListedAndClashesAreRefused) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code1", kNow + 1)).ok());
  absl::StatusOr<Device> d = this->Listed(kDev1);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->name, "tablet 1");
  EXPECT_EQ(d->role, v1::ROLE_FIELD);
  EXPECT_EQ(d->communities, (std::vector<std::string>{kA, kB})) << "sorted";
  EXPECT_EQ(d->created_ms, kNow);
  EXPECT_EQ(d->enrolled_ms, 0);
  EXPECT_FALSE(d->revoked);
  EXPECT_EQ(this->store_->AddDevice(Pending(kDev1, "code2", kNow)).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->store_->AddDevice(Pending(kDev2, "code1", kNow)).code(),
            absl::StatusCode::kAlreadyExists)
      << "an enrolment code names one device";
}

TYPED_TEST(StoreConformanceTest, ACodeEnrolsUntilTheFirstHandshakeAndEachUseReplacesTheToken) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 10)).ok());
  EXPECT_EQ(this->store_->FindDeviceByToken("token").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<Device> d = this->store_->Enrol("code", "token", kNow);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->id, kDev1);
  EXPECT_EQ(d->enrolled_ms, kNow);
  EXPECT_EQ(d->communities, (std::vector<std::string>{kA, kB}));
  absl::StatusOr<Device> found = this->store_->FindDeviceByToken("token");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, kDev1);
  // The reply was lost: the same code again, and the first token dies.
  ASSERT_TRUE(this->store_->Enrol("code", "token2", kNow + 1).ok());
  EXPECT_EQ(this->store_->FindDeviceByToken("token").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(this->store_->FindDeviceByToken("token2").ok());
  // The first handshake spends the code.
  ASSERT_TRUE(this->store_->TouchDevice(kDev1, kNow + 2, false).ok());
  EXPECT_EQ(this->store_->Enrol("code", "token3", kNow + 3).status().code(),
            absl::StatusCode::kNotFound)
      << "a used code";
  EXPECT_EQ(this->store_->Enrol("nope", "token4", kNow).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(this->store_->FindDeviceByToken("token2").ok());
  EXPECT_EQ(this->store_->FindDeviceByToken("token3").status().code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(StoreConformanceTest, AnExpiredCodeDoesNotEnrol) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow)).ok());
  EXPECT_EQ(this->store_->Enrol("code", "token", kNow + 1).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->FindDeviceByToken("token").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->Listed(kDev1)->enrolled_ms, 0);
}

TYPED_TEST(StoreConformanceTest, ARevokedDeviceCannotEnrolAndItsTokenFindsItRevoked) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev2, "code2", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->Enrol("code2", "token2", kNow).ok());
  ASSERT_TRUE(this->store_->RevokeDevice(kDev1, "lost").ok());
  ASSERT_TRUE(this->store_->RevokeDevice(kDev2, "captured at a checkpoint").ok());
  EXPECT_NE(this->store_->Enrol("code1", "token1", kNow).status().code(), absl::StatusCode::kOk);
  EXPECT_NE(this->store_->Enrol("code2", "token3", kNow).status().code(), absl::StatusCode::kOk);
  absl::StatusOr<Device> found = this->store_->FindDeviceByToken("token2");
  ASSERT_TRUE(found.ok()) << "a revoked device is found, to be told to wipe";
  EXPECT_TRUE(found->revoked);
  EXPECT_EQ(found->revoke_reason, "captured at a checkpoint");
  EXPECT_TRUE(this->Listed(kDev2)->revoked);
  EXPECT_EQ(this->store_->RevokeDevice(std::string(16, '9'), "x").code(),
            absl::StatusCode::kNotFound);
}

TYPED_TEST(StoreConformanceTest, ARetiringDeviceIsMarkedRetiredOnce) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->Enrol("code1", "token1", kNow).ok());
  ASSERT_TRUE(this->store_->RetireDevice(kDev1).ok());
  EXPECT_TRUE(this->Listed(kDev1)->retiring);
  EXPECT_EQ(this->store_->Enrol("code1", "token9", kNow).status().code(),
            absl::StatusCode::kNotFound)
      << "retiring forgets the code";
  ASSERT_TRUE(this->store_->MarkRetired(kDev1, kNow + 5).ok());
  ASSERT_TRUE(this->store_->MarkRetired(kDev1, kNow + 9).ok());
  EXPECT_EQ(this->store_->FindDeviceByToken("token1")->retired_ms, kNow + 5);
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev2, "code2", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->RevokeDevice(kDev2, "lost").ok());
  EXPECT_EQ(this->store_->RetireDevice(kDev2).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->RetireDevice(std::string(16, '9')).code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(StoreConformanceTest, AReissuedDeviceMovesToANewIdAndTheOldTokenDies) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->Enrol("code1", "token1", kNow).ok());
  ASSERT_TRUE(this->store_->TouchDevice(kDev1, kNow, true).ok());
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    ASSERT_TRUE(txn->SetAckedThrough(kDev1, 7).ok());
    v1::Rejection r;
    r.set_device_seq(3);
    ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  ASSERT_TRUE(this->store_->ReissueDevice(kDev1, kDev2, "code2", kNow + 10).ok());
  EXPECT_EQ(this->store_->FindDeviceByToken("token1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->Listed(kDev1).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<Device> moved = this->Listed(kDev2);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->name, "tablet 1");
  EXPECT_EQ(moved->communities, (std::vector<std::string>{kA, kB}));
  EXPECT_EQ(moved->acked_through, 0u) << "the new phone numbers its changes from 1";
  EXPECT_EQ(moved->enrolled_ms, 0);
  EXPECT_EQ(moved->refusals, 0u);
  absl::StatusOr<Device> enrolled = this->store_->Enrol("code2", "token2", kNow + 1);
  ASSERT_TRUE(enrolled.ok()) << enrolled.status();
  EXPECT_EQ(enrolled->id, kDev2);
  EXPECT_EQ(
      this->store_->ReissueDevice(std::string(16, '9'), std::string(16, '8'), "c", kNow).code(),
      absl::StatusCode::kNotFound);
  ASSERT_TRUE(this->store_->RevokeDevice(kDev2, "lost").ok());
  EXPECT_EQ(this->store_->ReissueDevice(kDev2, kDev1, "code3", kNow + 10).code(),
            absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST(StoreConformanceTest, ChangeDeviceSetsRoleAndCommunities) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code1", kNow + 1)).ok());
  DeviceChange change;
  change.communities = std::vector<std::string>{kB};
  ASSERT_TRUE(this->store_->ChangeDevice(kDev1, change).ok());
  EXPECT_EQ(this->Listed(kDev1)->communities, (std::vector<std::string>{kB}));
  EXPECT_EQ(this->Listed(kDev1)->role, v1::ROLE_FIELD) << "role left as it was";
  change = DeviceChange{};
  change.role = v1::ROLE_COORDINATOR;
  ASSERT_TRUE(this->store_->ChangeDevice(kDev1, change).ok());
  EXPECT_EQ(this->Listed(kDev1)->role, v1::ROLE_COORDINATOR);
  EXPECT_EQ(this->Listed(kDev1)->communities, (std::vector<std::string>{kB}));
  EXPECT_EQ(this->store_->ChangeDevice(kDev2, change).code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(StoreConformanceTest, TouchRecordsWhenADeviceWasLastSeenAndLastInSync) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->TouchDevice(kDev1, kNow + 42, true).ok());
  ASSERT_TRUE(this->store_->TouchDevice(kDev1, kNow + 50, false).ok());
  EXPECT_EQ(this->Listed(kDev1)->last_seen_ms, kNow + 50);
  EXPECT_EQ(this->Listed(kDev1)->last_sync_ms, kNow + 42);
}

// --- rejections ---------------------------------------------------------

TYPED_TEST(StoreConformanceTest, RejectionsAreKeptPerDeviceAndTakenInRange) {
  {
    std::unique_ptr<WriteTxn> txn = this->Begin();
    for (uint64_t seq : {3, 1, 2, 5}) {
      v1::Rejection r;
      r.set_device_seq(seq);
      r.set_code(3);
      r.set_field("full_name");
      r.set_message(std::to_string(seq));
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
    ASSERT_TRUE(txn->Commit().ok());
  }
  absl::StatusOr<std::vector<v1::Rejection>> taken = this->store_->TakeRejections(kDev1, 2, 3);
  ASSERT_TRUE(taken.ok() && taken->size() == 2u);
  taken = this->store_->TakeRejections(kDev1, 1, 10);
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 3u) << "the one before 2 is forgotten, the rest stay";
  EXPECT_EQ((*taken)[0].device_seq(), 2u);
  EXPECT_EQ((*taken)[2].device_seq(), 5u);
  EXPECT_EQ(this->store_->TakeRejections(kDev2, 1, 10)->size(), 1u);
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

TYPED_TEST(StoreConformanceTest, ListRecordsGivesTheLiveRecordsOfAKind) {
  v1::Record meeting = Person(5, kA, kDev1, "");
  meeting.set_kind("meeting");
  this->PutAll(
      {Person(1, kA, kDev1, "a1"), Person(2, kB, kDev2, "b2"), Tombstone(3, kA, kDev1), meeting});
  absl::StatusOr<std::vector<v1::Record>> persons = this->store_->ListRecords("person");
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
  ASSERT_TRUE(this->store_->AppendAudit({0, 1000, "enrol", kDev1, "role=1"}).ok());
  ASSERT_TRUE(this->store_->AppendAudit({0, 2000, "enrol_failed", "", "code=NOT_FOUND"}).ok());
  ASSERT_TRUE(this->store_->AppendAudit({0, 3000, "merge", kDev2, "record=x"}).ok());
  ASSERT_TRUE(this->store_->AppendAudit({0, 3000, "push_refused", kDev1, "count=2"}).ok());
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

// --- epoch and scan cost ------------------------------------------------

TYPED_TEST(StoreConformanceTest, AStoreHasAnEpochThatLastsAcrossReopens) {
  absl::StatusOr<std::string> epoch = this->store_->Epoch();
  ASSERT_TRUE(epoch.ok()) << epoch.status();
  EXPECT_GE(epoch->size(), 8u) << "random enough that two databases never share one";
  this->PutAll({Person(1, kA, kDev1, "Олена")});
  this->Reopen();
  EXPECT_EQ(this->store_->Epoch().value_or(""), *epoch);
}

TYPED_TEST(StoreConformanceTest, ANewEpochReplacesTheOldAndLasts) {
  const std::string old_epoch = this->store_->Epoch().value_or("");
  absl::StatusOr<std::string> renewed = this->store_->RenewEpoch();
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_NE(*renewed, old_epoch);
  EXPECT_EQ(this->store_->Epoch().value_or(""), *renewed);
  this->Reopen();
  EXPECT_EQ(this->store_->Epoch().value_or(""), *renewed);
}

TYPED_TEST(StoreConformanceTest, ACommunityNamedTwiceIsReadOnce) {
  this->PutAll({Person(1, kA, kDev1, "Олена"), Person(2, kB, kDev1, "Петро")});
  EXPECT_EQ(this->Scan({0, {kA, kA, kB}}).size(), 2u);
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

TYPED_TEST(StoreConformanceTest, BundleKeysAndCursorAreKeptWithTheDevice) {
  ASSERT_TRUE(this->store_->AddDevice(Pending(kDev1, "code", kNow + 1)).ok());
  ASSERT_TRUE(this->store_->SetBundleKeys(kDev1, "keys").ok());
  ASSERT_TRUE(this->store_->SetBundleCursor(kDev1, 42, 7).ok());
  EXPECT_EQ(this->store_->SetBundleKeys(kDev2, "keys").code(), absl::StatusCode::kNotFound);
  this->Reopen();
  std::unique_ptr<WriteTxn> txn = this->Begin();
  absl::StatusOr<Device> d = txn->GetDevice(kDev1);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->bundle_keys, "keys");
  EXPECT_EQ(d->bundle_cursor, 42u);
  EXPECT_EQ(d->bundle_first_seq, 7u);
}

TYPED_TEST(StoreConformanceTest, ASettingIsPutOnceAndThenKept) {
  EXPECT_EQ(*this->store_->GetOrPutSetting("k", "first"), "first");
  EXPECT_EQ(*this->store_->GetOrPutSetting("k", "second"), "first");
  this->Reopen();
  EXPECT_EQ(*this->store_->GetOrPutSetting("k", "third"), "first");
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

TYPED_TEST(StoreConformanceTest, ABlobArrivesInChunksAndIsReadBackWhole) {
  const std::string content = Content(100000);
  const std::string hash = Sha256Hex(content);
  EXPECT_EQ(this->store_->GetBlob(hash)->held, 0u);
  for (size_t at = 0; at < content.size(); at += 30000) {
    absl::StatusOr<BlobState> held =
        this->store_->AppendBlob(hash, content.size(), at, content.substr(at, 30000));
    ASSERT_TRUE(held.ok()) << held.status();
    EXPECT_EQ(held->held, std::min(content.size(), at + 30000));
    EXPECT_EQ(held->complete, at + 30000 >= content.size());
  }
  this->Reopen();
  absl::StatusOr<BlobState> state = this->store_->GetBlob(hash);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(state->complete);
  EXPECT_EQ(state->held, content.size());
  EXPECT_EQ(*this->store_->ReadBlob(hash, 0, 200000), content);
  EXPECT_EQ(*this->store_->ReadBlob(hash, 29990, 20), content.substr(29990, 20));
  EXPECT_EQ(*this->store_->ReadBlob(hash, 99990, 64), content.substr(99990));
  EXPECT_EQ(*this->store_->ReadBlob(hash, 100000, 64), "");
}

TYPED_TEST(StoreConformanceTest, ARepeatedChunkIsTakenOnceAndAGapIsRefused) {
  const std::string content = Content(1000);
  const std::string hash = Sha256Hex(content);
  ASSERT_TRUE(this->store_->AppendBlob(hash, 1000, 0, content.substr(0, 400)).ok());
  // A reply lost: the same chunk again, and one overlapping what is held.
  EXPECT_EQ(this->store_->AppendBlob(hash, 1000, 0, content.substr(0, 400))->held, 400u);
  EXPECT_EQ(this->store_->AppendBlob(hash, 1000, 200, content.substr(200, 400))->held, 600u);
  EXPECT_EQ(this->store_->AppendBlob(hash, 1000, 700, content.substr(700, 100)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->AppendBlob(hash, 1000, 600, std::string(500, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->ReadBlob(hash, 0, 10).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<BlobState> done = this->store_->AppendBlob(hash, 1000, 600, content.substr(600));
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(done->complete);
  EXPECT_EQ(*this->store_->ReadBlob(hash, 0, 1000), content);
  // Complete: a new upload of the same content (another record) takes nothing.
  EXPECT_TRUE(this->store_->AppendBlob(hash, 1000, 0, content.substr(0, 10))->complete);
}

TYPED_TEST(StoreConformanceTest, ABlobThatDoesNotMatchItsHashIsDropped) {
  const std::string content = Content(500);
  const std::string hash = Sha256Hex(content);
  std::string wrong = content;
  wrong[250] ^= 1;
  ASSERT_TRUE(this->store_->AppendBlob(hash, 500, 0, wrong.substr(0, 300)).ok());
  EXPECT_EQ(this->store_->AppendBlob(hash, 500, 300, wrong.substr(300)).status().code(),
            absl::StatusCode::kDataLoss);
  absl::StatusOr<BlobState> state = this->store_->GetBlob(hash);
  EXPECT_EQ(state->held, 0u);
  EXPECT_FALSE(state->complete);
  ASSERT_TRUE(this->store_->AppendBlob(hash, 500, 0, content).ok());
  EXPECT_EQ(*this->store_->ReadBlob(hash, 0, 500), content);
}

}  // namespace
}  // namespace hromada::server
