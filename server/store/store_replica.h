// The apply rule's view (shared/sync/apply.h ReplicaTxn) of a server write
// transaction. Borrows the transaction, which must outlive it.
//
// It remembers the community of each record it found or inserted, for the
// transaction's life: a record's community is fixed when it is created
// (a write never changes the stored column, and the apply rule refuses a
// change that names another), so a push of attendances that name the same
// meeting and people reads each of them once.
#ifndef HROMADA_SERVER_STORE_STORE_REPLICA_H_
#define HROMADA_SERVER_STORE_STORE_REPLICA_H_

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/store/store.h"
#include "shared/base/uuid.h"
#include "shared/sync/apply.h"

namespace hromada::server {

class StoreReplica final : public ReplicaTxn {
 public:
  explicit StoreReplica(WriteTxn& txn) : txn_(txn) {}

  absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind,
                                                absl::string_view id) override {
    return txn_.GetRecord(kind, id);
  }
  absl::StatusOr<bool> InsertIfAbsent(const v1::Record& record) override {
    absl::StatusOr<bool> inserted = txn_.InsertRecord(record);
    if (inserted.ok() && *inserted) {
      communities_.try_emplace(Key(record.kind(), record.id()), record.community_id());
    }
    return inserted;
  }
  absl::Status Put(const v1::Record& record) override { return txn_.PutRecord(record); }
  absl::StatusOr<std::optional<std::string>> CommunityOf(absl::string_view kind,
                                                         absl::string_view id) override {
    std::string key = Key(kind, id);
    if (auto known = communities_.find(key); known != communities_.end()) return known->second;
    absl::StatusOr<std::optional<std::string>> found = txn_.GetRecordCommunity(kind, id);
    if (found.ok() && found->has_value()) communities_.try_emplace(std::move(key), **found);
    return found;
  }

 private:
  // A kind never holds a NUL, so kind, NUL, id names one record.
  static std::string Key(absl::string_view kind, absl::string_view id) {
    return absl::StrCat(kind, absl::string_view("\0", 1), id);
  }

  WriteTxn& txn_;
  absl::flat_hash_map<std::string, std::string> communities_;
};

// The writer a device is, for the apply rule.
inline Writer WriterOf(const Device& device) {
  return Writer{device.id, device.role, device.communities, /*unrestricted=*/false};
}

// Writes made by the server itself (admin commands, conflict records)
// carry this device id.
inline const std::string& ServerDeviceId() {
  static const std::string* id = new std::string(Uuid::V5(HromadaNamespace(), "server").bytes());
  return *id;
}

// The apply rule's limits for changes the server applies: conflicts are
// kept (shared/sync/conflict.h), stamped by the server.
inline ApplyLimits ServerApplyLimits(bool check_clock, int64_t now_ms, int64_t max_ahead_ms) {
  ApplyLimits limits;
  limits.check_clock = check_clock;
  limits.now_ms = now_ms;
  limits.max_clock_ahead_ms = max_ahead_ms;
  limits.conflict_writer = ServerDeviceId();
  return limits;
}

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_STORE_REPLICA_H_
