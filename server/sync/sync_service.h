// hromada.v1.Sync on grpc++. Each handler is thin: authenticate, parse,
// call the logic (sync_logic.h), map the result to a gRPC status. The methods are registered raw so
// that a request that is not a valid message gets INVALID_ARGUMENT with a sentence, not grpc++'s
// bare INTERNAL; the work runs on a WorkerPool, never on gRPC's own threads.
//
// What a call costs before it is trusted: each method is registered as a
// stream (unary_call.h), so the call is admitted on its headers before one
// byte of its body is read: the bearer token is looked up (one indexed read
// on a pooled reader connection; failures are limited per peer) and an
// Enrol is charged to its peer's bucket (call_limits.h). Once its request
// is in, a device's calls in flight are bounded (DeviceCalls, until the
// work is done). A refused call's request is read and dropped before the
// refusal is sent (libcurl 7.88, the field client's, takes an answer that
// comes while it still sends as a broken stream), but only a few at a time
// (RefusalDrains: 32, 4 per address) and within anonymous_read_ms; past
// those the refusal goes at once, unread. Compressed requests never get
// here: the server enables only identity for requests (server.cc).
//
// Each call is counted in a Metrics (calls, latency, refusals, records).
//
// Thread-safe. Borrows the store, clock, pool and metrics, which must
// outlive it.
#ifndef HROMADA_SERVER_SYNC_SYNC_SERVICE_H_
#define HROMADA_SERVER_SYNC_SYNC_SERVICE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.grpc.pb.h"
#include "server/config.h"
#include "server/ops/metrics.h"
#include "server/store/store.h"
#include "server/sync/call_limits.h"
#include "server/sync/client_address.h"
#include "server/sync/push.h"
#include "server/sync/sync_logic.h"
#include "server/sync/unary_call.h"
#include "server/sync/worker_pool.h"
#include "shared/base/clock.h"

namespace hromada::server {

class SyncService final : public grpc::Service {
 public:
  SyncService(Store* store, const Clock* clock, WorkerPool* pool, ServiceLimits limits,
              CallLimits call_limits = {}, CrashPoint crash_point = nullptr,
              Metrics* metrics = nullptr);

 private:
  // Lets a call in on its headers, before its request is read: for an
  // authenticated call its device, else an empty Device once its peer's
  // Enrol bucket allows it. (A device's calls in flight are counted once
  // the request is in: Run.)
  // Each refusal is counted in metrics_.
  absl::StatusOr<Device> Admit(grpc::CallbackServerContext* context, bool authenticated);
  // The client's address as a gRPC peer: the TCP peer, or behind a
  // trusted proxy the address it forwarded (client_address.h).
  std::string ClientPeer(grpc::CallbackServerContext* context) const;
  // The device whose bearer token the call carries, or UNAUTHENTICATED
  // (RESOURCE_EXHAUSTED once its peer has failed too often).
  absl::StatusOr<Device> Authenticate(grpc::CallbackServerContext* context);
  // Counts an applied push's new changes and new refusals (a retry's were
  // counted when first made).
  void RecordPush(const PushCounts& counts, const v1::PushResponse& answer);

  using Reactor = grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>;
  // Registers hromada.v1.Sync's methods, each as a stream read by a UnaryCall.
  void RegisterMethods();
  Reactor* Handshake(grpc::CallbackServerContext* context);
  Reactor* Enrol(grpc::CallbackServerContext* context);
  Reactor* Push(grpc::CallbackServerContext* context);
  Reactor* Pull(grpc::CallbackServerContext* context);
  Reactor* AttachmentStatus(grpc::CallbackServerContext* context);
  Reactor* UploadAttachment(grpc::CallbackServerContext* context);
  Reactor* FetchAttachment(grpc::CallbackServerContext* context);

  // Admits the call on its headers; once admitted, reads its request (at
  // most max_request_bytes), parses it as Req, runs `work` on the pool and
  // finishes the call.
  template <typename Req, typename Resp>
  Reactor* Serve(SyncMethod method, grpc::CallbackServerContext* context, bool authenticated,
                 size_t max_request_bytes,
                 std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work);
  // Ends a call that Admit refused: with `refusal` once its request has
  // been read and dropped, within anonymous_read_ms and as RefusalDrains
  // allows, else at once.
  Reactor* Refuse(grpc::CallbackServerContext* context, SyncMethod method,
                  const grpc::Status& refusal);
  std::chrono::system_clock::time_point AnonymousReadDeadline() const;
  // Parses an admitted call's request and hands it to the pool.
  template <typename Req, typename Resp>
  void Run(UnaryCall* call, Device device, size_t max_request_bytes,
           std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work);

  SyncLogic logic_;
  const Clock* const clock_;
  WorkerPool* const pool_;
  const int anonymous_read_ms_;
  const TrustedProxies proxies_;
  PeerLimiter enrolments_;
  PeerLimiter bad_tokens_;
  DeviceCalls device_calls_;
  RefusalDrains drains_;
  Metrics own_metrics_;  // used when none is given
  Metrics* const metrics_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SYNC_SERVICE_H_
