#include "server/admin/devices.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"

namespace hromada::server::devices {
namespace {

constexpr char kUnknownCode[] = "this enrolment code is unknown or was already used";

// Sorted and each once, as Device::communities holds them.
std::vector<std::string> Distinct(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// ALREADY_EXISTS if the transaction finds device `id`.
absl::Status CheckIdFree(WriteTxn& txn, absl::string_view id) {
  absl::StatusOr<Device> clash = txn.GetDevice(id);
  if (clash.ok()) return absl::AlreadyExistsError("a device with this id exists");
  return absl::IsNotFound(clash.status()) ? absl::OkStatus() : clash.status();
}

// ALREADY_EXISTS naming the device in service that has `name` already.
absl::Status CheckNameFree(Store& store, absl::string_view name) {
  absl::StatusOr<std::vector<Device>> all = store.ReadDevices(DeviceKey::All());
  if (!all.ok()) return all.status();
  for (const Device& d : *all) {
    if (!InService(d) || !SameName(d.name, name)) continue;
    return absl::AlreadyExistsError(
        absl::StrCat("the device '", d.name, "' (", IdToString(d.id),
                     ") already has this name; choose another, or revoke or retire that one "
                     "first"));
  }
  return absl::OkStatus();
}

}  // namespace

bool InService(const Device& device) {
  return !device.revoked && !device.retiring && device.retired_ms == 0;
}

bool SameName(absl::string_view a, absl::string_view b) {
  return SearchKey(absl::StripAsciiWhitespace(a)) == SearchKey(absl::StripAsciiWhitespace(b));
}

absl::Status CanEnrol(const Device& device, int64_t now_ms) {
  if (!InService(device)) {
    return absl::FailedPreconditionError("this device was revoked or retired");
  }
  if (now_ms > device.code_expires_ms) {
    return absl::FailedPreconditionError(
        "this enrolment code has expired; ask the admin for a new one");
  }
  return absl::OkStatus();
}

absl::Status CanRetire(const Device& device) {
  return device.revoked ? absl::FailedPreconditionError("the device was revoked; it cannot retire")
                        : absl::OkStatus();
}

absl::Status CanReissue(const Device& device) {
  if (!InService(device)) {
    return absl::FailedPreconditionError(
        "the device was revoked or retired; register the new phone with add-device");
  }
  return absl::OkStatus();
}

absl::StatusOr<Device> Update(Store& store, absl::string_view device_id, const Step& step) {
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<Device> device = (*txn)->GetDevice(device_id);
  if (!device.ok()) return device.status();
  if (absl::Status s = step(*device); !s.ok()) return s;
  if (absl::Status s = (*txn)->PutDevice(*device); !s.ok()) return s;
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return device;
}

absl::Status Add(Store& store, const Device& device) {
  Device fresh;
  fresh.id = device.id;
  fresh.name = device.name;
  fresh.role = device.role;
  fresh.communities = Distinct(device.communities);
  fresh.created_ms = device.created_ms;
  fresh.code_hash = device.code_hash;
  fresh.code_expires_ms = device.code_expires_ms;
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = CheckIdFree(**txn, fresh.id); !s.ok()) return s;
  if (absl::Status s = CheckNameFree(store, fresh.name); !s.ok()) return s;
  if (absl::Status s = (*txn)->PutDevice(fresh); !s.ok()) return s;
  return (*txn)->Commit();
}

absl::StatusOr<Device> Enrol(Store& store, absl::string_view code_hash,
                             absl::string_view token_hash, int64_t now_ms) {
  if (code_hash.empty()) return absl::NotFoundError(kUnknownCode);
  // The code names the device; the check then runs on its row as the
  // transaction holds it, where the code may since have been spent.
  absl::StatusOr<Device> named = ReadDevice(store, DeviceKey::CodeHash(code_hash));
  if (absl::IsNotFound(named.status())) return absl::NotFoundError(kUnknownCode);
  if (!named.ok()) return named.status();
  absl::StatusOr<Device> device = Update(store, named->id, [&](Device& d) {
    if (d.code_hash != code_hash) return absl::NotFoundError(kUnknownCode);
    if (absl::Status s = CanEnrol(d, now_ms); !s.ok()) return s;
    // The code stays until the first handshake (Touch): a device whose
    // reply was lost enrols again with it, and the earlier token dies here.
    d.token_hash = std::string(token_hash);
    d.enrolled_ms = now_ms;
    return absl::OkStatus();
  });
  if (absl::IsNotFound(device.status())) return absl::NotFoundError(kUnknownCode);
  return device;
}

absl::Status Touch(Store& store, absl::string_view device_id, int64_t now_ms, bool all_acked) {
  absl::Status s = Update(store, device_id, [&](Device& d) {
                     d.last_seen_ms = now_ms;
                     if (all_acked) d.last_sync_ms = now_ms;
                     d.code_hash.clear();
                     return absl::OkStatus();
                   }).status();
  return absl::IsNotFound(s) ? absl::OkStatus() : s;
}

absl::Status Revoke(Store& store, absl::string_view device_id, absl::string_view reason,
                    int64_t now_ms) {
  return Update(store, device_id,
                [&](Device& d) {
                  if (!d.revoked) d.revoked_ms = now_ms;
                  d.revoked = true;
                  d.revoke_reason = std::string(reason);
                  d.code_hash.clear();
                  return absl::OkStatus();
                })
      .status();
}

absl::Status Retire(Store& store, absl::string_view device_id) {
  return Update(store, device_id,
                [](Device& d) {
                  if (absl::Status s = CanRetire(d); !s.ok()) return s;
                  d.retiring = true;
                  d.code_hash.clear();
                  return absl::OkStatus();
                })
      .status();
}

absl::Status MarkRetired(Store& store, absl::string_view device_id, int64_t now_ms) {
  return Update(store, device_id,
                [&](Device& d) {
                  if (d.retired_ms == 0) d.retired_ms = now_ms;
                  return absl::OkStatus();
                })
      .status();
}

absl::Status Reissue(Store& store, absl::string_view device_id, absl::string_view new_id,
                     absl::string_view code_hash, int64_t code_expires_ms) {
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<Device> old = (*txn)->GetDevice(device_id);
  if (!old.ok()) return old.status();
  if (absl::Status s = CanReissue(*old); !s.ok()) return s;
  if (absl::Status s = CheckIdFree(**txn, new_id); !s.ok()) return s;
  Device moved;
  moved.id = std::string(new_id);
  moved.name = old->name;
  moved.role = old->role;
  moved.communities = old->communities;
  moved.created_ms = old->created_ms;
  moved.code_hash = std::string(code_hash);
  moved.code_expires_ms = code_expires_ms;
  // The old row goes first, so that its code, spent or not, never clashes.
  if (absl::Status s = (*txn)->DeleteDevice(device_id); !s.ok()) return s;
  if (absl::Status s = (*txn)->PutDevice(moved); !s.ok()) return s;
  return (*txn)->Commit();
}

absl::Status Change(Store& store, absl::string_view device_id, const Changes& changes) {
  return Update(store, device_id,
                [&](Device& d) {
                  if (changes.role) d.role = *changes.role;
                  if (changes.communities) d.communities = Distinct(*changes.communities);
                  return absl::OkStatus();
                })
      .status();
}

}  // namespace hromada::server::devices
