// The device lifecycle (server/admin/devices.h): each rule alone, then each
// step on every backend (tests/server/backends.h), and the steps racing
// from two stores on one database, as two servers would.
#include "server/admin/devices.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/admin/admin.h"
#include "tests/server/backends.h"

namespace hromada::server::devices {
namespace {

using testing::Backends;

constexpr int64_t kNow = 1'800'000'000'000;
const std::string kA(16, 'a');  // communities
const std::string kB(16, 'b');
const std::string kDev1(16, '1');  // devices
const std::string kDev2(16, '2');
const std::string kNobody(16, '9');

// --- the rules ----------------------------------------------------------

Device Active() {
  Device d;
  d.id = kDev1;
  d.code_expires_ms = kNow;
  return d;
}

TEST(DeviceRulesTest, ACodeEnrolsAnActiveDeviceUntilItExpires) {
  EXPECT_TRUE(CanEnrol(Active(), kNow).ok());
  const absl::Status expired = CanEnrol(Active(), kNow + 1);
  EXPECT_EQ(expired.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(expired.message(), "this enrolment code has expired; ask the admin for a new one");
  for (auto end : {+[](Device& d) { d.revoked = true; }, +[](Device& d) { d.retiring = true; },
                   +[](Device& d) { d.retired_ms = 1; }}) {
    Device d = Active();
    end(d);
    const absl::Status s = CanEnrol(d, kNow);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(s.message(), "this device was revoked or retired");
  }
}

TEST(DeviceRulesTest, OnlyARevokedDeviceCannotRetire) {
  Device d = Active();
  d.retiring = true;
  EXPECT_TRUE(CanRetire(d).ok()) << "asking again changes nothing";
  d.revoked = true;
  EXPECT_EQ(CanRetire(d).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CanRetire(d).message(), "the device was revoked; it cannot retire");
}

TEST(DeviceRulesTest, OnlyADeviceInServiceIsReissued) {
  EXPECT_TRUE(CanReissue(Active()).ok());
  for (auto end : {+[](Device& d) { d.revoked = true; }, +[](Device& d) { d.retiring = true; },
                   +[](Device& d) { d.retired_ms = 1; }}) {
    Device d = Active();
    end(d);
    const absl::Status s = CanReissue(d);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(s.message(),
              "the device was revoked or retired; register the new phone with add-device");
  }
}

// --- the steps, on every backend ----------------------------------------

// A device the admin registered, awaiting enrolment with `code_hash`.
Device Pending(const std::string& id, const std::string& code_hash, int64_t expires_ms) {
  Device d;
  d.id = id;
  d.name = "tablet " + id.substr(0, 1);
  d.role = v1::ROLE_FIELD;
  d.communities = {kB, kA, kB};
  d.created_ms = kNow;
  d.code_hash = code_hash;
  d.code_expires_ms = expires_ms;
  return d;
}

template <typename Backend>
class DevicesTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<Store> Open() {
    absl::StatusOr<std::unique_ptr<Store>> store = backend_.Open();
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Where concurrent calls go besides store_: another server's store on
  // the same database, or store_ itself where one server serves it.
  Store& Second() {
    if (!Backend::kSeveralServers) return *store_;
    if (second_ == nullptr) second_ = Open();
    return second_ != nullptr ? *second_ : *store_;
  }

  absl::StatusOr<Device> Get(const std::string& id) {
    return ReadDevice(*store_, DeviceKey::Id(id));
  }
  absl::StatusCode ByToken(const std::string& token_hash) {
    return ReadDevice(*store_, DeviceKey::TokenHash(token_hash)).status().code();
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> second_;
};

TYPED_TEST_SUITE(DevicesTest, Backends);

TYPED_TEST(DevicesTest, AnAddedDeviceAwaitsEnrolmentAndClashesAreRefused) {
  Device pending = Pending(kDev1, "code1", kNow + 1);
  pending.acked_through = 5;  // not the admin's to set
  pending.token_hash = "token";
  ASSERT_TRUE(Add(*this->store_, pending).ok());
  absl::StatusOr<Device> d = this->Get(kDev1);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->name, "tablet 1");
  EXPECT_EQ(d->role, v1::ROLE_FIELD);
  EXPECT_EQ(d->communities, (std::vector<std::string>{kA, kB})) << "sorted, each once";
  EXPECT_EQ(d->created_ms, kNow);
  EXPECT_EQ(d->enrolled_ms, 0);
  EXPECT_EQ(d->acked_through, 0u);
  EXPECT_EQ(d->token_hash, "");
  EXPECT_FALSE(d->revoked);
  EXPECT_EQ(Add(*this->store_, Pending(kDev1, "code2", kNow)).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Add(*this->store_, Pending(kDev2, "code1", kNow)).code(),
            absl::StatusCode::kAlreadyExists)
      << "an enrolment code names one device";
  EXPECT_EQ(this->Get(kDev2).status().code(), absl::StatusCode::kNotFound);
}

// Issue 19 item 3: two devices in service never share a name, as people
// read names (case and spacing folded); a revoked or retired device's
// name is free for the phone that replaces it.
TYPED_TEST(DevicesTest, NamesAreUniqueAmongDevicesInService) {
  Store& store = *this->store_;
  Device first = Pending(kDev1, "code1", kNow + 1);
  first.name = "Stanislav secretary";
  ASSERT_TRUE(Add(store, first).ok());
  Device second = Pending(kDev2, "code2", kNow + 1);
  for (const char* clash :
       {"Stanislav secretary", "stanislav  SECRETARY", " Stanislav secretary"}) {
    second.name = clash;
    const absl::Status s = Add(store, second);
    EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << clash;
    EXPECT_EQ(s.message(),
              "the device 'Stanislav secretary' (31313131-3131-3131-3131-313131313131) already "
              "has this name; choose another, or revoke or retire that one first")
        << clash;
  }
  EXPECT_EQ(this->Get(kDev2).status().code(), absl::StatusCode::kNotFound) << "nothing written";
  second.name = "Stanislav secretary 2";
  EXPECT_TRUE(Add(store, second).ok()) << "another name is fine";

  ASSERT_TRUE(Revoke(store, kDev1, "lost", kNow + 7).ok());
  Device replacement = Pending(std::string(16, '3'), "code3", kNow + 1);
  replacement.name = "Stanislav secretary";
  EXPECT_TRUE(Add(store, replacement).ok()) << "a revoked device's name is free";

  ASSERT_TRUE(Retire(store, kDev2).ok());
  Device after_retiring = Pending(std::string(16, '4'), "code4", kNow + 1);
  after_retiring.name = "stanislav secretary 2";
  EXPECT_TRUE(Add(store, after_retiring).ok()) << "so is a retiring one's";
}

TYPED_TEST(DevicesTest, ARevocationKeepsItsTime) {
  ASSERT_TRUE(Add(*this->store_, Pending(kDev1, "code1", kNow + 1)).ok());
  EXPECT_EQ(this->Get(kDev1)->revoked_ms, 0);
  ASSERT_TRUE(Revoke(*this->store_, kDev1, "lost", kNow + 7).ok());
  EXPECT_TRUE(this->Get(kDev1)->revoked);
  EXPECT_EQ(this->Get(kDev1)->revoked_ms, kNow + 7);
  ASSERT_TRUE(Revoke(*this->store_, kDev1, "lost again", kNow + 9).ok());
  EXPECT_EQ(this->Get(kDev1)->revoked_ms, kNow + 7) << "the first revocation's time stays";
  EXPECT_EQ(this->Get(kDev1)->revoke_reason, "lost again");
}

TYPED_TEST(DevicesTest, ACodeEnrolsUntilTheFirstHandshakeAndEachUseReplacesTheToken) {
  Store& store = *this->store_;
  ASSERT_TRUE(Add(store, Pending(kDev1, "code", kNow + 10)).ok());
  EXPECT_EQ(this->ByToken("token"), absl::StatusCode::kNotFound);
  absl::StatusOr<Device> d = Enrol(store, "code", "token", kNow);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->id, kDev1);
  EXPECT_EQ(d->enrolled_ms, kNow);
  EXPECT_EQ(d->communities, (std::vector<std::string>{kA, kB}));
  EXPECT_EQ(this->ByToken("token"), absl::StatusCode::kOk);
  // The reply was lost: the same code again, and the first token dies.
  ASSERT_TRUE(Enrol(store, "code", "token2", kNow + 1).ok());
  EXPECT_EQ(this->ByToken("token"), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->ByToken("token2"), absl::StatusCode::kOk);
  // The first handshake spends the code.
  ASSERT_TRUE(Touch(store, kDev1, kNow + 2, false).ok());
  const absl::Status used = Enrol(store, "code", "token3", kNow + 3).status();
  EXPECT_EQ(used.code(), absl::StatusCode::kNotFound) << "a used code";
  EXPECT_EQ(used.message(), "this enrolment code is unknown or was already used");
  EXPECT_EQ(Enrol(store, "nope", "token4", kNow).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Enrol(store, "", "token4", kNow).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->ByToken("token2"), absl::StatusCode::kOk);
  EXPECT_EQ(this->ByToken("token3"), absl::StatusCode::kNotFound);
}

TYPED_TEST(DevicesTest, AnExpiredCodeDoesNotEnrol) {
  ASSERT_TRUE(Add(*this->store_, Pending(kDev1, "code", kNow)).ok());
  const absl::Status expired = Enrol(*this->store_, "code", "token", kNow + 1).status();
  EXPECT_EQ(expired.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(expired.message(), "this enrolment code has expired; ask the admin for a new one");
  EXPECT_EQ(this->ByToken("token"), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->Get(kDev1)->enrolled_ms, 0);
}

TYPED_TEST(DevicesTest, ARevokedDeviceCannotEnrolAndItsTokenFindsItRevoked) {
  Store& store = *this->store_;
  ASSERT_TRUE(Add(store, Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(Add(store, Pending(kDev2, "code2", kNow + 1)).ok());
  ASSERT_TRUE(Enrol(store, "code2", "token2", kNow).ok());
  ASSERT_TRUE(Revoke(store, kDev1, "lost", kNow).ok());
  ASSERT_TRUE(Revoke(store, kDev2, "captured at a checkpoint", kNow).ok());
  EXPECT_NE(Enrol(store, "code1", "token1", kNow).status().code(), absl::StatusCode::kOk);
  EXPECT_NE(Enrol(store, "code2", "token3", kNow).status().code(), absl::StatusCode::kOk);
  absl::StatusOr<Device> found = ReadDevice(store, DeviceKey::TokenHash("token2"));
  ASSERT_TRUE(found.ok()) << "a revoked device is found, to be told to wipe";
  EXPECT_TRUE(found->revoked);
  EXPECT_EQ(found->revoke_reason, "captured at a checkpoint");
  EXPECT_EQ(Revoke(store, kNobody, "x", kNow).code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(DevicesTest, ARetiringDeviceIsMarkedRetiredOnce) {
  Store& store = *this->store_;
  ASSERT_TRUE(Add(store, Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(Enrol(store, "code1", "token1", kNow).ok());
  ASSERT_TRUE(Retire(store, kDev1).ok());
  EXPECT_TRUE(this->Get(kDev1)->retiring);
  EXPECT_EQ(Enrol(store, "code1", "token9", kNow).status().code(), absl::StatusCode::kNotFound)
      << "retiring forgets the code";
  ASSERT_TRUE(MarkRetired(store, kDev1, kNow + 5).ok());
  ASSERT_TRUE(MarkRetired(store, kDev1, kNow + 9).ok());
  EXPECT_EQ(ReadDevice(store, DeviceKey::TokenHash("token1"))->retired_ms, kNow + 5);
  ASSERT_TRUE(Add(store, Pending(kDev2, "code2", kNow + 1)).ok());
  ASSERT_TRUE(Revoke(store, kDev2, "lost", kNow).ok());
  EXPECT_EQ(Retire(store, kDev2).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Retire(store, kNobody).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(MarkRetired(store, kNobody, kNow).code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(DevicesTest, AReissuedDeviceMovesToANewIdAndTheOldTokenDies) {
  Store& store = *this->store_;
  ASSERT_TRUE(Add(store, Pending(kDev1, "code1", kNow + 1)).ok());
  ASSERT_TRUE(Enrol(store, "code1", "token1", kNow).ok());
  ASSERT_TRUE(Touch(store, kDev1, kNow, true).ok());
  {
    std::unique_ptr<WriteTxn> txn = *store.BeginWrite();
    Device d = *txn->GetDevice(kDev1);
    d.acked_through = 7;
    ASSERT_TRUE(txn->PutDevice(d).ok());
    v1::Rejection r;
    r.set_device_seq(3);
    ASSERT_TRUE(txn->SaveRejection(kDev1, r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  ASSERT_TRUE(Reissue(store, kDev1, kDev2, "code2", kNow + 10).ok());
  EXPECT_EQ(this->ByToken("token1"), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->Get(kDev1).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<Device> moved = this->Get(kDev2);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->name, "tablet 1");
  EXPECT_EQ(moved->created_ms, kNow);
  EXPECT_EQ(moved->communities, (std::vector<std::string>{kA, kB}));
  EXPECT_EQ(moved->acked_through, 0u) << "the new phone numbers its changes from 1";
  EXPECT_EQ(moved->enrolled_ms, 0);
  EXPECT_EQ(moved->last_sync_ms, 0);
  EXPECT_EQ(moved->refusals, 0u);
  absl::StatusOr<Device> enrolled = Enrol(store, "code2", "token2", kNow + 1);
  ASSERT_TRUE(enrolled.ok()) << enrolled.status();
  EXPECT_EQ(enrolled->id, kDev2);
  EXPECT_EQ(Reissue(store, kNobody, std::string(16, '8'), "c", kNow).code(),
            absl::StatusCode::kNotFound);
  Device taken = Pending(kDev1, "code3", kNow + 1);
  taken.name = "another tablet";  // "tablet 1" is the moved device's, in service
  ASSERT_TRUE(Add(store, taken).ok());
  EXPECT_EQ(Reissue(store, kDev2, kDev1, "code4", kNow + 10).code(),
            absl::StatusCode::kAlreadyExists)
      << "the new id is taken";
  EXPECT_TRUE(this->Get(kDev2).ok()) << "a refused reissue changed nothing";
  ASSERT_TRUE(Revoke(store, kDev2, "lost", kNow).ok());
  EXPECT_EQ(Reissue(store, kDev2, std::string(16, '7'), "code5", kNow + 10).code(),
            absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST(DevicesTest, ChangeSetsRoleAndCommunities) {
  Store& store = *this->store_;
  ASSERT_TRUE(Add(store, Pending(kDev1, "code1", kNow + 1)).ok());
  Changes changes;
  changes.communities = std::vector<std::string>{kB, kB};
  ASSERT_TRUE(Change(store, kDev1, changes).ok());
  EXPECT_EQ(this->Get(kDev1)->communities, (std::vector<std::string>{kB}));
  EXPECT_EQ(this->Get(kDev1)->role, v1::ROLE_FIELD) << "role left as it was";
  changes = Changes{};
  changes.role = v1::ROLE_COORDINATOR;
  ASSERT_TRUE(Change(store, kDev1, changes).ok());
  EXPECT_EQ(this->Get(kDev1)->role, v1::ROLE_COORDINATOR);
  EXPECT_EQ(this->Get(kDev1)->communities, (std::vector<std::string>{kB}));
  EXPECT_EQ(Change(store, kDev2, changes).code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(DevicesTest, TouchRecordsWhenADeviceWasLastSeenAndLastInSync) {
  ASSERT_TRUE(Add(*this->store_, Pending(kDev1, "code", kNow + 1)).ok());
  ASSERT_TRUE(Touch(*this->store_, kDev1, kNow + 42, true).ok());
  ASSERT_TRUE(Touch(*this->store_, kDev1, kNow + 50, false).ok());
  EXPECT_EQ(this->Get(kDev1)->last_seen_ms, kNow + 50);
  EXPECT_EQ(this->Get(kDev1)->last_sync_ms, kNow + 42);
  EXPECT_TRUE(Touch(*this->store_, kNobody, kNow, true).ok()) << "reissued since: nothing to do";
}

TYPED_TEST(DevicesTest, AFailedStepWritesNothing) {
  ASSERT_TRUE(Add(*this->store_, Pending(kDev1, "code", kNow + 1)).ok());
  const absl::Status s = Update(*this->store_, kDev1, [](Device& d) {
                           d.name = "changed";
                           return absl::CancelledError("no");
                         }).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(this->Get(kDev1)->name, "tablet 1");
}

// --- devices by name, as the admin commands find them (admin.h) -----------

TYPED_TEST(DevicesTest, ANameFindsTheDeviceInServiceAndAnEndedOneShowsWhen) {
  Store& store = *this->store_;
  constexpr int64_t k1Dec2026 = 1796119200000;  // 10:00 UTC
  Device lost = Pending(kDev1, "code1", kNow + 1);
  lost.name = "Stanislav secretary";
  ASSERT_TRUE(Add(store, lost).ok());
  ASSERT_TRUE(Revoke(store, kDev1, "lost", k1Dec2026).ok());
  Device phone = Pending(kDev2, "code2", kNow + 1);
  phone.name = "Stanislav secretary";
  ASSERT_TRUE(Add(store, phone).ok());

  absl::StatusOr<Device> found = FindDevice(store, "stanislav SECRETARY");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, kDev2) << "the one in service";
  EXPECT_EQ(DeviceLabel(*found), "Stanislav secretary");
  found = FindDevice(store, "Stanislav secretary (revoked 2026-12-01)");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, kDev1) << "the label names the revoked one";
  EXPECT_EQ(DeviceLabel(*found), "Stanislav secretary (revoked 2026-12-01)");

  ASSERT_TRUE(Retire(store, kDev2).ok());
  EXPECT_EQ(DeviceLabel(*this->Get(kDev2)), "Stanislav secretary (retiring)");
  ASSERT_TRUE(MarkRetired(store, kDev2, k1Dec2026 + 86'400'000).ok());
  EXPECT_EQ(DeviceLabel(*this->Get(kDev2)), "Stanislav secretary (retired 2026-12-02)");
  const absl::Status both = FindDevice(store, "Stanislav secretary").status();
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(both.message(),
            "several devices are named 'Stanislav secretary': 'Stanislav secretary (revoked "
            "2026-12-01)' (31313131-3131-3131-3131-313131313131), 'Stanislav secretary (retired "
            "2026-12-02)' (32323232-3232-3232-3232-323232323232); name one by its label or id");
  EXPECT_EQ(FindDevice(store, "Stanislav secretary (retired 2026-12-02)")->id, kDev2);
  EXPECT_EQ(FindDevice(store, "Bilozerka").status().code(), absl::StatusCode::kNotFound);
}

// --- races between two servers on one database --------------------------

// Several enrolments with one code at once (a retrying app, a copied
// code): each that succeeds replaces the token before it, so one token is
// left, and it is one that an enrolment was answered with.
TYPED_TEST(DevicesTest, ConcurrentEnrolsOfOneCodeLeaveOneToken) {
  Store& other = this->Second();
  ASSERT_TRUE(Add(*this->store_, Pending(kDev1, "code", kNow + 10)).ok());
  constexpr int kEnrols = 8;
  std::vector<absl::Status> results(kEnrols);
  std::vector<std::thread> threads;
  for (int i = 0; i < kEnrols; ++i) {
    threads.emplace_back([&, i] {
      Store& store = i % 2 == 0 ? *this->store_ : other;
      results[i] = Enrol(store, "code", "token" + std::to_string(i), kNow).status();
    });
  }
  for (std::thread& t : threads) t.join();
  int answered = 0;
  int found = 0;
  for (int i = 0; i < kEnrols; ++i) {
    EXPECT_TRUE(results[i].ok() || absl::IsAborted(results[i])) << results[i];
    if (!results[i].ok()) continue;
    ++answered;
    if (this->ByToken("token" + std::to_string(i)) == absl::StatusCode::kOk) ++found;
  }
  EXPECT_GE(answered, 1);
  EXPECT_EQ(found, 1) << "one device token";
}

// A handshake rewrites its device's row: one that read the row before a
// revocation committed must not write it back unrevoked.
TYPED_TEST(DevicesTest, AHandshakeNeverUndoesARevocation) {
  Store& other = this->Second();
  for (int round = 0; round < 5; ++round) {
    const std::string id(16, static_cast<char>('a' + round));
    ASSERT_TRUE(Add(*this->store_, Pending(id, "code" + id, kNow + 1)).ok());
    std::thread handshakes([&] {
      for (int64_t t = 0; t < 40; ++t) EXPECT_TRUE(Touch(other, id, kNow + t, true).ok());
    });
    ASSERT_TRUE(Revoke(*this->store_, id, "lost", kNow).ok());
    handshakes.join();
    EXPECT_TRUE(this->Get(id)->revoked) << "round " << round;
  }
}

}  // namespace
}  // namespace hromada::server::devices
