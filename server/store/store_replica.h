// The apply rule's view (shared/sync/apply.h ReplicaTxn) of a server write
// transaction. Borrows the transaction, which must outlive it.
#ifndef HROMADA_SERVER_STORE_STORE_REPLICA_H_
#define HROMADA_SERVER_STORE_STORE_REPLICA_H_

#include <string>

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
    return txn_.InsertRecord(record);
  }
  absl::Status Put(const v1::Record& record) override { return txn_.PutRecord(record); }
  absl::StatusOr<std::optional<std::string>> CommunityOf(absl::string_view kind,
                                                         absl::string_view id) override {
    return txn_.GetRecordCommunity(kind, id);
  }

 private:
  WriteTxn& txn_;
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
