#include "server/store/store.h"

#include "absl/strings/str_cat.h"
#include "shared/base/uuid.h"
#include "shared/sync/merge.h"

namespace hromada::server {

absl::string_view SoleWriter(const v1::Record& record) {
  const std::string& writer = record.device_id();
  for (const v1::Field& f : record.fields()) {
    if (!f.device_id().empty() && f.device_id() != writer) return "";
  }
  if (record.deleted_hlc() != 0 && record.deleted_device_id() != writer) return "";
  return writer;
}

absl::StatusOr<BlobAppend> BlobAppendPlan(const BlobState& held, uint64_t size, uint64_t offset,
                                          absl::string_view data) {
  if (held.complete) return BlobAppend{};
  if (offset > held.held) {
    return absl::FailedPreconditionError(absl::StrCat("the chunk starts at byte ", offset,
                                                      " but the server holds only ", held.held,
                                                      "; resume from there"));
  }
  if (offset + data.size() > size) {
    return absl::InvalidArgumentError(
        absl::StrCat("the chunk ends past the attachment's size (", size, " bytes)"));
  }
  if (offset + data.size() <= held.held) return BlobAppend{};
  return BlobAppend{static_cast<size_t>(held.held - offset), true};
}

}  // namespace hromada::server

namespace hromada::server {
namespace {

constexpr char kEpochSetting[] = "epoch";

}  // namespace

absl::StatusOr<Device> ReadDevice(Store& store, const DeviceKey& key) {
  absl::StatusOr<std::vector<Device>> devices = store.ReadDevices(key);
  if (!devices.ok()) return devices.status();
  if (key.by == DeviceKey::By::kAll || devices->size() != 1) {
    return absl::NotFoundError(key.by == DeviceKey::By::kTokenHash ? "unknown device token"
                                                                   : "no such device");
  }
  return std::move(devices->front());
}

absl::StatusOr<std::vector<v1::Record>> ListRecords(Store& store, absl::string_view kind) {
  std::vector<v1::Record> out;
  absl::Status s =
      store.ScanStates({std::string(kind)}, [&](absl::string_view, absl::string_view state) {
        v1::Record r;
        if (r.ParseFromArray(state.data(), static_cast<int>(state.size())) && !IsDeleted(r)) {
          out.push_back(std::move(r));
        }
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::string> GetOrPutSetting(Store& store, absl::string_view name,
                                            absl::string_view value_if_absent) {
  absl::StatusOr<std::optional<std::string>> kept = store.ReadSetting(name);
  if (!kept.ok()) return kept.status();
  if (kept->has_value()) return **std::move(kept);
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<std::string> value =
      (*txn)->PutSetting(name, value_if_absent, SettingPut::kIfAbsent);
  if (!value.ok()) return value.status();
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return value;
}

absl::StatusOr<std::string> Epoch(Store& store) {
  absl::StatusOr<std::optional<std::string>> epoch = store.ReadSetting(kEpochSetting);
  if (!epoch.ok()) return epoch.status();
  if (epoch->has_value()) return **std::move(epoch);
  return GetOrPutSetting(store, kEpochSetting, Uuid::V4().bytes());
}

absl::StatusOr<std::string> RenewEpoch(Store& store) {
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<std::string> epoch =
      (*txn)->PutSetting(kEpochSetting, Uuid::V4().bytes(), SettingPut::kReplace);
  if (!epoch.ok()) return epoch.status();
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return epoch;
}

}  // namespace hromada::server
