// One call of hromada.v1.Sync as the server receives it: a unary call
// registered as a stream, so that grpc++ hands it over when its headers
// arrive and reads nothing more until told to.
//
// Why: grpc++ reads a unary request whole (up to the server's message
// limit, 2 MiB) before any handler runs, so a peer with no token could hold
// that much per stream for as long as it liked (issue 22). A UnaryCall is
// first admitted on its headers alone (the token, the peer's enrolment
// bucket; see sync_service.h); only an admitted call reads its one request
// (or a refused one, to drop it: Drain). Until then HTTP/2 flow control
// holds the peer to one stream window (64 KiB: BDP probing is off,
// network_limits.h).
//
// Lifetime: grpc++ owns the reactor's lifetime; it deletes itself in
// OnDone(). After Read() is asked for, `on_request` runs once, on gRPC's
// thread, and must end with exactly one Reply() from any thread.
#ifndef HROMADA_SERVER_SYNC_UNARY_CALL_H_
#define HROMADA_SERVER_SYNC_UNARY_CALL_H_

#include <grpcpp/alarm.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "server/ops/metrics.h"

namespace hromada::server {

class UnaryCall final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  using OnRequest = std::function<void(UnaryCall* call)>;
  // `on_done` runs once when grpc++ is finished with the call (e.g. to end
  // a device's count). `metrics` is borrowed and must outlive the call.
  UnaryCall(grpc::CallbackServerContext* context, SyncMethod method, Metrics* metrics,
            std::function<void()> on_done);

  grpc::CallbackServerContext* context() const { return context_; }
  // Reads the one request, then runs `on_request`. A call that ends before
  // its request arrives is answered INVALID_ARGUMENT; one whose request has
  // not arrived by `deadline` (if given) is cancelled, so that a peer that
  // never finishes its body holds nothing past it.
  void Read(OnRequest on_request,
            std::optional<std::chrono::system_clock::time_point> deadline = std::nullopt);
  const grpc::ByteBuffer& request() const { return request_; }
  // Reads the request (within `deadline`, as Read) and drops it, then ends
  // the call with `refusal`: for clients that take an answer arriving
  // while they still send, and the RST_STREAM that follows, as a broken
  // stream (libcurl 7.88).
  void Drain(const grpc::Status& refusal, std::chrono::system_clock::time_point deadline);
  // Ends the call: `status`, with `response` when it is OK. Counted in the
  // metrics with its latency.
  void Reply(const grpc::Status& status, grpc::ByteBuffer response = {});

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool) override {}
  void OnDone() override;

 private:
  grpc::CallbackServerContext* const context_;
  const SyncMethod method_;
  Metrics* const metrics_;
  const std::function<void()> on_done_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  OnRequest on_request_;
  std::optional<grpc::Status> refusal_;  // set by Drain
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  // Shared with the read deadline's alarm, which may fire on another
  // thread as the call ends: it cancels only a call not yet done.
  struct Live;
  std::shared_ptr<Live> live_;
  grpc::Alarm read_deadline_;
  bool has_deadline_ = false;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_UNARY_CALL_H_
