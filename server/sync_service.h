// hromada.v1.Sync on grpc++. Each handler is thin: parse, authenticate,
// call the logic (sync_logic.h), map the result to a gRPC status. The methods are registered raw so
// that a request that is not a valid message gets INVALID_ARGUMENT with a sentence, not grpc++'s
// bare INTERNAL; the work runs on a WorkerPool, never on gRPC's own threads.
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
#include "server/sync_logic.h"
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
  // The device whose bearer token the call carries, or UNAUTHENTICATED.
  absl::StatusOr<Device> Authenticate(grpc::CallbackServerContext* context);

  // Parses `request` as Req, runs `work` on the pool and finishes the call.
  template <typename Req, typename Resp>
  grpc::ServerUnaryReactor* Serve(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response, bool authenticated, size_t max_request_bytes,
      std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work);

  SyncLogic logic_;
  WorkerPool* const pool_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SERVICE_H_
