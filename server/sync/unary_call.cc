#include "server/sync/unary_call.h"

#include <grpcpp/server_context.h>

#include <utility>

#include "absl/synchronization/mutex.h"

namespace hromada::server {

struct UnaryCall::Live {
  absl::Mutex mu;
  grpc::CallbackServerContext* context ABSL_GUARDED_BY(mu);  // null once done
};

UnaryCall::UnaryCall(grpc::CallbackServerContext* context, SyncMethod method, Metrics* metrics,
                     std::function<void()> on_done)
    : context_(context),
      method_(method),
      metrics_(metrics),
      on_done_(std::move(on_done)),
      live_(std::make_shared<Live>()) {
  absl::MutexLock lock(&live_->mu);
  live_->context = context;
}

void UnaryCall::Read(OnRequest on_request,
                     std::optional<std::chrono::system_clock::time_point> deadline) {
  on_request_ = std::move(on_request);
  if (deadline.has_value()) {
    has_deadline_ = true;
    read_deadline_.Set(*deadline, [live = live_](bool fired) {
      if (!fired) return;  // cancelled: the request came in time
      absl::MutexLock lock(&live->mu);
      if (live->context != nullptr) live->context->TryCancel();
    });
  }
  StartRead(&request_);
}

void UnaryCall::Drain(const grpc::Status& refusal, std::chrono::system_clock::time_point deadline) {
  refusal_ = refusal;
  Read(nullptr, deadline);
}

void UnaryCall::OnReadDone(bool ok) {
  if (has_deadline_) read_deadline_.Cancel();
  if (refusal_.has_value()) {
    request_.Clear();
    Reply(*refusal_);
    return;
  }
  if (!ok) {
    Reply(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       "the call ended before its request arrived"));
    return;
  }
  on_request_(this);
}

void UnaryCall::Reply(const grpc::Status& status, grpc::ByteBuffer response) {
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
  metrics_->RecordCall(method_, static_cast<absl::StatusCode>(status.error_code()), took.count());
  if (!status.ok()) {
    Finish(status);
    return;
  }
  response_ = std::move(response);
  StartWriteAndFinish(&response_, grpc::WriteOptions(), status);
}

void UnaryCall::OnDone() {
  {
    absl::MutexLock lock(&live_->mu);
    live_->context = nullptr;
  }
  if (on_done_) on_done_();
  delete this;
}

}  // namespace hromada::server
