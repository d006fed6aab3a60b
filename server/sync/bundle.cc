#include "server/sync/bundle.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/admin/devices.h"
#include "server/sync/pull_rules.h"
#include "server/sync/rejections.h"
#include "server/sync/scope.h"
#include "shared/base/uuid.h"
#include "shared/sync/bundle.h"

namespace hromada::server {
namespace {

constexpr char kKeysSetting[] = "bundle_keys";
// The records of one answer stop near here, under the file limit; the
// next answer goes on from where this one stopped.
constexpr size_t kMaxRecordBytes = bundle::kMaxFileBytes / 2;

absl::StatusOr<Device> GetDevice(Store& store, absl::string_view id) {
  absl::StatusOr<Device> device = ReadDevice(store, DeviceKey::Id(id));
  if (absl::IsNotFound(device.status())) {
    return absl::NotFoundError(absl::StrCat("no device ", IdToString(id), " on this server"));
  }
  return device;
}

// The device's public keys, if it may still exchange bundles.
absl::StatusOr<v1::BundleKeys> KeysOf(const Device& device) {
  if (device.revoked || device.retired_ms > 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the device ", IdToString(device.id), " was revoked or retired; no bundle is exchanged"));
  }
  v1::BundleKeys keys;
  if (!keys.ParseFromString(device.bundle_keys) || !bundle::ValidPublicKeys(keys)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the device ", IdToString(device.id),
        " gave no bundle keys at enrolment (an older app); update it and reissue its code"));
  }
  return keys;
}

// Pushes the bundle's changes in batches the service would take.
absl::Status ApplyChanges(SyncLogic& logic, Store& store, const Device& device,
                          v1::PushRequest& push, BundleImportReport* report) {
  if (!push.deflated_changes().empty()) {
    return absl::InvalidArgumentError("a bundle carries its changes plain, not deflated");
  }
  const int per_call = std::max(1, logic.limits().max_changes_per_push);
  const int total = push.changes_size();
  for (int start = 0; start == 0 || start < total; start += per_call) {
    v1::PushRequest batch;
    batch.set_first_seq(push.first_seq() + static_cast<uint64_t>(start));
    for (int i = start; i < std::min(total, start + per_call); ++i) {
      *batch.add_changes() = std::move(*push.mutable_changes(i));
    }
    absl::StatusOr<Device> fresh = GetDevice(store, device.id);  // its acks so far
    if (!fresh.ok()) return fresh.status();
    absl::StatusOr<v1::PushResponse> response = logic.Push(*fresh, batch);
    if (!response.ok()) return response.status();
    report->acked_through = response->acked_through();
    report->refused += response->rejections_size();
    if (total == 0) break;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::BundleSecrets> ServerBundleKeys(Store& store) {
  absl::StatusOr<v1::BundleSecrets> fresh = bundle::NewKeys();
  if (!fresh.ok()) return fresh.status();
  absl::StatusOr<std::string> kept =
      GetOrPutSetting(store, kKeysSetting, fresh->SerializeAsString());
  if (!kept.ok()) return kept.status();
  v1::BundleSecrets keys;
  if (!keys.ParseFromString(*kept) || !bundle::ValidPublicKeys(keys.public_keys())) {
    return absl::DataLossError("the server's bundle keys in the database are damaged");
  }
  return keys;
}

absl::StatusOr<BundleImportReport> ImportDeviceBundle(SyncLogic& logic, Store& store,
                                                      absl::string_view file) {
  absl::StatusOr<v1::BundleSecrets> own = ServerBundleKeys(store);
  if (!own.ok()) return own.status();
  absl::StatusOr<v1::SignedBundle> opened =
      bundle::Open(file, v1::BUNDLE_DIRECTION_TO_SERVER, *own);
  if (!opened.ok()) return opened.status();
  if (opened->signer().size() != Uuid::kSize) {
    return absl::InvalidArgumentError("the bundle names no device");
  }
  absl::StatusOr<Device> device = GetDevice(store, opened->signer());
  if (!device.ok()) return device.status();
  absl::StatusOr<v1::BundleKeys> keys = KeysOf(*device);
  if (!keys.ok()) return keys.status();
  if (absl::Status s = bundle::Verify(*opened, v1::BUNDLE_DIRECTION_TO_SERVER, *keys); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::DeviceBundle> body = bundle::ParseDeviceBundle(*opened);
  if (!body.ok()) return body.status();
  absl::StatusOr<std::string> epoch = Epoch(store);
  if (!epoch.ok()) return epoch.status();
  BundleImportReport report;
  report.device_id = device->id;
  report.changes = static_cast<uint64_t>(body->push().changes_size());
  report.other_epoch = !body->epoch().empty() && body->epoch() != *epoch;
  if (report.other_epoch) {
    // Restored since the device wrote this: its cursor means nothing here.
    report.acked_through = device->acked_through;
    absl::Status s = devices::Update(store, device->id, [](Device& d) {
                       d.bundle_cursor = 0;
                       return absl::OkStatus();
                     }).status();
    if (!s.ok()) return s;
    return report;
  }
  if (absl::Status s = ApplyChanges(logic, store, *device, *body->mutable_push(), &report);
      !s.ok()) {
    return s;
  }
  // An older bundle imported late must not move the answer backwards; a
  // device that pulls from the start (it adopted a new epoch) resets it.
  absl::Status s = devices::Update(store, device->id, [&](Device& d) {
                     d.bundle_cursor =
                         body->cursor() == 0 ? 0 : std::max(body->cursor(), d.bundle_cursor);
                     d.bundle_first_seq = std::max(body->outbox_first_seq(), d.bundle_first_seq);
                     return absl::OkStatus();
                   }).status();
  if (!s.ok()) return s;
  return report;
}

absl::StatusOr<std::string> ExportServerBundle(Store& store, const Clock& clock,
                                               const ServiceLimits& limits,
                                               absl::string_view device_id) {
  absl::StatusOr<v1::BundleSecrets> own = ServerBundleKeys(store);
  if (!own.ok()) return own.status();
  absl::StatusOr<Device> device = GetDevice(store, device_id);
  if (!device.ok()) return device.status();
  absl::StatusOr<v1::BundleKeys> keys = KeysOf(*device);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<std::string> epoch = Epoch(store);
  if (!epoch.ok()) return epoch.status();
  v1::ServerBundle body;
  body.set_device_id(device->id);
  body.set_epoch(*std::move(epoch));
  body.set_acked_through(device->acked_through);
  absl::StatusOr<std::vector<v1::Rejection>> refused =
      TakeRejections(store, device->id, device->bundle_first_seq, device->acked_through);
  if (!refused.ok()) return refused.status();
  auto find = [&](absl::string_view kind, absl::string_view id) {
    return store.ReadRecord(kind, id);
  };
  for (v1::Rejection& r : *refused) {
    if (absl::Status s = AttachServerState(find, *device, &r); !s.ok()) return s;
    *body.add_rejections() = std::move(r);
  }
  const ReadScope scope = ReadScopeOf(*device);
  body.set_from_cursor(device->bundle_cursor);
  uint64_t cursor = device->bundle_cursor;
  size_t bytes = 0;
  for (bool more = true; more && bytes < kMaxRecordBytes;) {
    absl::StatusOr<ChangePage> page =
        SelectPullPage(store, scope, cursor, std::max<size_t>(limits.max_pull_bytes, 1));
    if (!page.ok()) return page.status();
    for (const std::string& state : page->records) {
      if (!body.add_records()->ParseFromString(state)) {
        return absl::DataLossError("a stored record does not parse");
      }
      bytes += state.size();
    }
    cursor = page->next_cursor;
    more = page->more;
  }
  body.set_next_cursor(cursor);
  body.set_server_time_ms(clock.NowMillis());
  body.set_max_clock_ahead_ms(limits.max_clock_ahead_ms);
  return bundle::Seal(v1::BUNDLE_DIRECTION_TO_DEVICE, "", body.SerializeAsString(), *own, *keys);
}

}  // namespace hromada::server
