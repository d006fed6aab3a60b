// What each hromada.v1.Sync call does, without gRPC: authentication by
// token, the handshake, enrolment, push and pull over a Store. The grpc++
// service (sync_service.h) parses and answers calls around it; tests of the
// client library run it in process over a real SQLite file.
//
// Thread-safe (the Store is). Borrows the store and clock, which must
// outlive it.
#ifndef HROMADA_SERVER_SYNC_SYNC_LOGIC_H_
#define HROMADA_SERVER_SYNC_SYNC_LOGIC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/sync.pb.h"
#include "server/config.h"
#include "server/store/store.h"
#include "server/sync/call_limits.h"
#include "server/sync/device_names.h"
#include "server/sync/push.h"
#include "shared/base/clock.h"

namespace hromada::server {

class SyncLogic {
 public:
  SyncLogic(Store* store, const Clock* clock, ServiceLimits limits,
            CrashPoint crash_point = nullptr);

  const ServiceLimits& limits() const { return limits_; }

  // The device holding `token`, or UNAUTHENTICATED; for a revoked or
  // retired device the wipe order (PERMISSION_DENIED, see WipeOrder).
  absl::StatusOr<Device> Authenticate(absl::string_view token);
  // FAILED_PRECONDITION, in words, for a protocol version this server
  // does not speak.
  static absl::Status CheckProtocol(uint32_t version);

  absl::StatusOr<v1::HandshakeResponse> Handshake(const Device& device,
                                                  const v1::HandshakeRequest& request);
  // The Handshake call: the handshake, then the push and the pull the
  // request carries (HandshakeRequest.push, .pull), run as Push and Pull
  // run them, when the request's epoch is this database's and the device is
  // not retiring. A push or pull that fails is left out of the answer (the
  // device then makes that call itself); only the handshake's own errors
  // fail the call. `counts` as for Push.
  absl::StatusOr<v1::HandshakeResponse> Exchange(const Device& device,
                                                 v1::HandshakeRequest& request,
                                                 PushCounts* counts = nullptr);
  // `peer` is the caller's address as gRPC names it (the client's, behind
  // a trusted proxy: client_address.h), for throttling failed attempts,
  // which are counted per enrolling device (its signing key; its address
  // when it sends none) and, more loosely, per address: one device's typos
  // or one guesser behind a shared address do not lock out the others.
  // Every bad code gets one answer (NOT_FOUND), whether unknown, expired or
  // spent, so a guesser learns nothing.
  absl::StatusOr<v1::EnrolResponse> Enrol(const v1::EnrolRequest& request,
                                          absl::string_view peer = "");
  // Consumes the request's changes (see ApplyPush, also for `counts`).
  absl::StatusOr<v1::PushResponse> Push(const Device& device, v1::PushRequest& request,
                                        PushCounts* counts = nullptr);
  // The serialized v1::PullResponse (see pull.h).
  absl::StatusOr<std::string> Pull(const Device& device, const v1::PullRequest& request);
  // The attachment calls (server/sync/attachments.h).
  absl::StatusOr<v1::AttachmentStatusResponse> AttachmentStatus(
      const Device& device, const v1::AttachmentStatusRequest& request);
  absl::StatusOr<v1::AttachmentStatusResponse> UploadAttachment(
      const Device& device, const v1::UploadAttachmentRequest& request);
  absl::StatusOr<v1::FetchAttachmentResponse> FetchAttachment(
      const Device& device, const v1::FetchAttachmentRequest& request);

 private:
  Store* const store_;
  const Clock* const clock_;
  const ServiceLimits limits_;
  const CrashPoint crash_point_;
  // Wrong enrolment codes per device: 5, then one every 2 minutes; per
  // address: 50, then 5 a minute, so guessing one of 31^12 codes from one
  // address still costs centuries.
  PeerLimiter failed_by_device_{5, 0.5};
  PeerLimiter failed_by_address_{50, 5};
  DeviceNames device_names_;  // for conflict records
};

// The status that orders a device to wipe itself: PERMISSION_DENIED with
// a message "hromada-wipe: <reason>" (docs/protocol.md).
absl::Status WipeOrder(absl::string_view reason);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SYNC_LOGIC_H_
