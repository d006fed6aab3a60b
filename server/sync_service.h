// hromada.v1.Sync on grpc++. Each handler is thin: parse, authenticate,
// call the domain (push.h, pull.h, the store), map the result to a gRPC
// status. The methods are registered raw so that a request that is not a
// valid message gets INVALID_ARGUMENT with a sentence, not grpc++'s bare
// INTERNAL; the work runs on a WorkerPool, never on gRPC's own threads.
//
// Thread-safe. Borrows the store, clock and pool, which must outlive it.
#ifndef HROMADA_SERVER_SYNC_SERVICE_H_
#define HROMADA_SERVER_SYNC_SERVICE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.grpc.pb.h"
#include "server/config.h"
#include "server/push.h"
#include "server/store/store.h"
#include "server/worker_pool.h"
#include "shared/clock.h"

namespace hromada::server {

using RawSyncService = v1::Sync::WithRawCallbackMethod_Handshake<
    v1::Sync::WithRawCallbackMethod_Enrol<v1::Sync::WithRawCallbackMethod_Push<
        v1::Sync::WithRawCallbackMethod_Pull<v1::Sync::Service>>>>;

class SyncService final : public RawSyncService {
 public:
  SyncService(Store* store, const Clock* clock, WorkerPool* pool, ServiceLimits limits,
              CrashPoint crash_point = nullptr);

  grpc::ServerUnaryReactor* Handshake(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Enrol(grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Push(grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request,
                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Pull(grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request,
                                 grpc::ByteBuffer* response) override;

 private:
  absl::StatusOr<v1::HandshakeResponse> DoHandshake(const Device& device,
                                                    const v1::HandshakeRequest& request);
  absl::StatusOr<v1::EnrolResponse> DoEnrol(const v1::EnrolRequest& request);
  absl::StatusOr<v1::PushResponse> DoPush(const Device& device, v1::PushRequest& request);
  // The serialized v1::PullResponse (see pull.h).
  absl::StatusOr<std::string> DoPull(const Device& device, const v1::PullRequest& request);

  // The device whose bearer token the call carries, or UNAUTHENTICATED.
  absl::StatusOr<Device> Authenticate(grpc::CallbackServerContext* context);

  // Parses `request` as Req, runs `work` on the pool and finishes the call.
  template <typename Req, typename Resp>
  grpc::ServerUnaryReactor* Serve(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response, bool authenticated, size_t max_request_bytes,
      std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work);

  Store* const store_;
  const Clock* const clock_;
  WorkerPool* const pool_;
  const ServiceLimits limits_;
  const CrashPoint crash_point_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SERVICE_H_
