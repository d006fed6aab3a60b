#include "server/sync/sync_logic.h"

#include <spdlog/spdlog.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/admin/audit.h"
#include "server/admin/devices.h"
#include "server/sync/attachments.h"
#include "server/sync/auth.h"
#include "server/sync/bundle.h"
#include "server/sync/pull.h"
#include "server/sync/pull_rules.h"
#include "server/sync/push_inflate.h"
#include "server/sync/rejections.h"
#include "server/sync/scope.h"
#include "shared/base/uuid.h"
#include "shared/sync/bundle.h"
#include "shared/sync/schema.h"

namespace hromada::server {

SyncLogic::SyncLogic(Store* store, const Clock* clock, ServiceLimits limits, CrashPoint crash_point)
    : store_(store), clock_(clock), limits_(limits), crash_point_(std::move(crash_point)) {}

absl::Status SyncLogic::CheckProtocol(uint32_t version) {
  if (version < kMinProtocolVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this hromada app is too old to sync safely with this server (protocol ", version,
        ", the server needs ", kMinProtocolVersion, " or newer); update the app"));
  }
  if (version > kProtocolVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("this server is older than the app (protocol ", kProtocolVersion, " < ",
                     version, "); ask the admin to update hromada-server"));
  }
  return absl::OkStatus();
}

absl::Status WipeOrder(absl::string_view reason) {
  return absl::PermissionDeniedError(absl::StrCat("hromada-wipe: ", reason));
}

namespace {

absl::Status WipeOrderFor(const Device& device) {
  spdlog::warn("device {} ({}) called after it was {}; answered with a wipe order",
               IdToString(device.id), device.name, device.revoked ? "revoked" : "retired");
  if (device.revoked) {
    return WipeOrder(absl::StrCat("the admin revoked this device: ", device.revoke_reason));
  }
  return WipeOrder("the admin retired this device; its work is on the server");
}

// Keeps the enrolling device's bundle keys (if its app sent them) and
// returns the server's, so that a device that never connects again can
// still exchange bundles (server/sync/bundle.h).
absl::StatusOr<v1::BundleKeys> EnrolBundleKeys(Store& store, absl::string_view device_id,
                                               const v1::EnrolRequest& request) {
  if (bundle::ValidPublicKeys(request.bundle_keys())) {
    const std::string keys = request.bundle_keys().SerializeAsString();
    absl::Status s = devices::Update(store, device_id, [&](Device& d) {
                       d.bundle_keys = keys;
                       return absl::OkStatus();
                     }).status();
    if (!s.ok()) return s;
  }
  absl::StatusOr<v1::BundleSecrets> own = ServerBundleKeys(store);
  if (!own.ok()) return own.status();
  return own->public_keys();
}

constexpr char kBadCode[] =
    "this enrolment code is not valid (mistyped, expired or already used); ask the admin for a "
    "new one";

}  // namespace

absl::StatusOr<Device> SyncLogic::Authenticate(absl::string_view token) {
  absl::StatusOr<Device> device = ReadDevice(*store_, DeviceKey::TokenHash(HashSecret(token)));
  if (absl::IsNotFound(device.status())) {
    return absl::UnauthenticatedError(
        "the device token is not valid: the device was re-enrolled elsewhere or never enrolled");
  }
  if (device.ok() && (device->revoked || device->retired_ms > 0)) return WipeOrderFor(*device);
  return device;
}

absl::StatusOr<v1::HandshakeResponse> SyncLogic::Handshake(const Device& device,
                                                           const v1::HandshakeRequest& request) {
  if (absl::Status s = CheckProtocol(request.protocol_version()); !s.ok()) return s;
  const int64_t now = clock_->NowMillis();
  // next_seq 0 comes from clients before it existed: nothing is known.
  const bool all_acked = request.next_seq() > 0 && request.next_seq() <= device.acked_through + 1;
  if (absl::Status s = devices::Touch(*store_, device.id, now, all_acked); !s.ok()) return s;
  if (device.retiring && all_acked) {
    // Everything it made is here: the retirement ends with the wipe.
    if (absl::Status s = devices::MarkRetired(*store_, device.id, now); !s.ok()) return s;
    Device retired = device;
    retired.retired_ms = now;
    return WipeOrderFor(retired);
  }
  absl::StatusOr<uint64_t> pending =
      EstimatePending(*store_, ReadScopeOf(device), request.cursor());
  if (!pending.ok()) return pending.status();
  absl::StatusOr<std::string> epoch = Epoch(*store_);
  if (!epoch.ok()) return epoch.status();
  absl::StatusOr<std::vector<v1::Rejection>> rejections =
      TakeRejections(*store_, device.id, request.outbox_first_seq(), device.acked_through);
  if (!rejections.ok()) return rejections.status();
  v1::HandshakeResponse response;
  response.set_protocol_version(kProtocolVersion);
  response.set_schema_version(kSchemaVersion);
  response.set_server_time_ms(now);
  response.set_acked_through(device.acked_through);
  response.set_pending_records(*pending);
  response.set_max_clock_ahead_ms(limits_.max_clock_ahead_ms);
  response.set_max_push_bytes(limits_.max_push_bytes);
  response.set_max_pull_bytes(limits_.max_pull_bytes);
  response.set_max_attachment_bytes(limits_.max_attachment_bytes);
  for (const std::string& c : device.communities) response.add_community_ids(c);
  response.set_role(device.role);
  response.set_retiring(device.retiring);
  response.set_epoch(*std::move(epoch));
  response.set_accepts_deflated_changes(true);
  for (v1::Rejection& r : *rejections) {
    absl::Status s =
        AttachServerState([this](absl::string_view kind,
                                 absl::string_view id) { return store_->ReadRecord(kind, id); },
                          device, &r);
    if (!s.ok()) return s;
    *response.add_rejections() = std::move(r);
  }
  return response;
}

absl::StatusOr<v1::EnrolResponse> SyncLogic::Enrol(const v1::EnrolRequest& request,
                                                   absl::string_view peer) {
  if (absl::Status s = CheckProtocol(request.protocol_version()); !s.ok()) return s;
  const int64_t now = clock_->NowMillis();
  const std::string& sign_key = request.bundle_keys().sign_public_key();
  const std::string device_key =
      sign_key.empty() ? std::string(peer) : absl::StrCat("key:", absl::BytesToHexString(sign_key));
  absl::Status limited =
      failed_by_device_.Check(device_key, now, "wrong enrolment codes from this device");
  if (limited.ok()) {
    limited = failed_by_address_.Check(peer, now, "wrong enrolment codes from this address");
  }
  if (!limited.ok()) {
    spdlog::warn("enrolment from {} refused: {}", std::string(peer),
                 std::string(limited.message()));
    return limited;
  }
  auto count_failure = [&] {
    failed_by_device_.Take(device_key, now, "").IgnoreError();
    failed_by_address_.Take(peer, now, "").IgnoreError();
  };
  const std::string code = NormalizeCode(request.code());
  if (code.empty() || code.size() > 64) {
    count_failure();
    spdlog::warn("enrolment from {} failed: a malformed code", std::string(peer));
    return absl::NotFoundError(kBadCode);
  }
  const std::string token = NewToken();
  absl::StatusOr<Device> device = devices::Enrol(*store_, HashSecret(code), HashSecret(token), now);
  if (absl::IsNotFound(device.status()) || absl::IsFailedPrecondition(device.status())) {
    count_failure();
    spdlog::warn("enrolment from {} failed: {}", std::string(peer),
                 std::string(device.status().message()));
    Audit(*store_, *clock_, audit::kEnrolFailed, "",
          absl::StrCat("code=", absl::StatusCodeToString(device.status().code())));
    return absl::NotFoundError(kBadCode);
  }
  if (!device.ok()) return device.status();
  absl::StatusOr<v1::BundleKeys> server_keys = EnrolBundleKeys(*store_, device->id, request);
  if (!server_keys.ok()) return server_keys.status();
  Audit(*store_, *clock_, audit::kEnrol, device->id, absl::StrCat("role=", device->role));
  spdlog::info("device {} ({}) enrolled", IdToString(device->id), device->name);
  v1::EnrolResponse response;
  response.set_device_id(device->id);
  response.set_token(token);
  for (const std::string& c : device->communities) response.add_community_ids(c);
  response.set_role(device->role);
  response.set_server_time_ms(now);
  *response.mutable_server_bundle_keys() = *std::move(server_keys);
  return response;
}

absl::StatusOr<v1::PushResponse> SyncLogic::Push(const Device& device, v1::PushRequest& request,
                                                 PushCounts* counts) {
  // Only here, with the device authenticated, is a compressed batch inflated.
  if (absl::Status s = InflatePushChanges(limits_.max_push_bytes, request); !s.ok()) return s;
  if (request.changes_size() > limits_.max_changes_per_push) {
    return absl::ResourceExhaustedError(
        absl::StrCat("a push may hold at most ", limits_.max_changes_per_push, " changes"));
  }
  const int64_t now = clock_->NowMillis();
  PushLimits limits{now, limits_.max_clock_ahead_ms, device_names_.Lookup(*store_, now)};
  absl::StatusOr<v1::PushResponse> response =
      ApplyPush(*store_, device, request, limits, crash_point_, counts);
  if (response.ok()) response->set_server_time_ms(clock_->NowMillis());
  return response;
}

absl::StatusOr<std::string> SyncLogic::Pull(const Device& device, const v1::PullRequest& request) {
  return ReadPull(*store_, device, request, limits_.max_pull_bytes, clock_->NowMillis());
}

namespace {

AttachmentLimits AttachmentLimitsOf(const ServiceLimits& limits) {
  return AttachmentLimits{limits.max_attachment_bytes, limits.max_attachment_chunk_bytes};
}

}  // namespace

absl::StatusOr<v1::AttachmentStatusResponse> SyncLogic::AttachmentStatus(
    const Device& device, const v1::AttachmentStatusRequest& request) {
  return server::AttachmentStatus(*store_, device, request, AttachmentLimitsOf(limits_));
}

absl::StatusOr<v1::AttachmentStatusResponse> SyncLogic::UploadAttachment(
    const Device& device, const v1::UploadAttachmentRequest& request) {
  return server::UploadAttachment(*store_, device, request, AttachmentLimitsOf(limits_));
}

absl::StatusOr<v1::FetchAttachmentResponse> SyncLogic::FetchAttachment(
    const Device& device, const v1::FetchAttachmentRequest& request) {
  return server::FetchAttachment(*store_, device, request, AttachmentLimitsOf(limits_));
}

}  // namespace hromada::server
