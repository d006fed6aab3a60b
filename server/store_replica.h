// The apply rule's view (shared/apply.h ReplicaTxn) of a server write
// transaction. Borrows the transaction, which must outlive it.
#ifndef HROMADA_SERVER_STORE_REPLICA_H_
#define HROMADA_SERVER_STORE_REPLICA_H_

#include "server/store/store.h"
#include "shared/apply.h"

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

 private:
  WriteTxn& txn_;
};

// The writer a device is, for the apply rule.
inline Writer WriterOf(const Device& device) {
  return Writer{device.id, device.role, device.communities, /*unrestricted=*/false};
}

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_REPLICA_H_
