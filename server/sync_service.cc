#include "server/sync_service.h"

#include <google/protobuf/arena.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace hromada::server {
namespace {

constexpr absl::string_view kBearer = "Bearer ";
constexpr size_t kMaxSmallRequestBytes = 64 * 1024;

grpc::Status ToGrpc(const absl::Status& s) {
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

// A response as gRPC sends it: a message, or one already serialized.
grpc::Status Encode(const google::protobuf::Message& message, grpc::ByteBuffer* out) {
  bool own = false;
  return grpc::GenericSerialize<grpc::ProtoBufferWriter, google::protobuf::Message>(message, out,
                                                                                    &own);
}

grpc::Status Encode(const std::string& bytes, grpc::ByteBuffer* out) {
  grpc::Slice slice(bytes);
  *out = grpc::ByteBuffer(&slice, 1);
  return grpc::Status::OK;
}

template <typename Msg>
absl::Status Parse(const grpc::ByteBuffer& buffer, size_t max_bytes, Msg* msg) {
  if (buffer.Length() > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("the request is ", buffer.Length(),
                                                     " bytes; at most ", max_bytes,
                                                     " are allowed: send smaller batches"));
  }
  grpc::ByteBuffer copy(buffer);  // the reader consumes its buffer
  grpc::ProtoBufferReader reader(&copy);
  if (!msg->ParseFromZeroCopyStream(&reader)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a valid ", msg->GetTypeName(), " message"));
  }
  return absl::OkStatus();
}

}  // namespace

SyncService::SyncService(Store* store, const Clock* clock, WorkerPool* pool, ServiceLimits limits,
                         CallLimits call_limits, CrashPoint crash_point)
    : logic_(store, clock, limits, std::move(crash_point)),
      clock_(clock),
      pool_(pool),
      enrolments_(call_limits.enrol_burst, call_limits.enrol_per_minute),
      bad_tokens_(call_limits.bad_token_burst, call_limits.bad_token_per_minute),
      device_calls_(call_limits.calls_per_device) {}

template <typename Req, typename Resp>
grpc::ServerUnaryReactor* SyncService::Serve(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response, bool authenticated, size_t max_request_bytes,
    std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // Requests may only come plain (server.cc); answers go out compressed.
  context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  absl::StatusOr<Device> device = Admit(context, authenticated);
  if (!device.ok()) {
    reactor->Finish(ToGrpc(device.status()));
    return reactor;
  }
  // Ends the device's count once the work is done or dropped.
  std::shared_ptr<void> slot(nullptr, [this, id = device->id](void*) {
    if (!id.empty()) device_calls_.End(id);
  });
  // The request lives on an arena: a push of thousands of records is then
  // freed in a few blocks instead of one field at a time.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 * 1024;
  arena_options.max_block_size = 1 << 20;
  auto arena = std::make_shared<google::protobuf::Arena>(arena_options);
  Req* parsed = google::protobuf::Arena::CreateMessage<Req>(arena.get());
  if (absl::Status s = Parse(*request, max_request_bytes, parsed); !s.ok()) {
    reactor->Finish(ToGrpc(s));
    return reactor;
  }
  auto task = [context, response, reactor, arena, parsed, slot, work, d = *std::move(device)] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    absl::StatusOr<Resp> result = work(d, *parsed);
    if (!result.ok()) {
      if (result.status().code() == absl::StatusCode::kInternal ||
          result.status().code() == absl::StatusCode::kDataLoss) {
        spdlog::error("{}: {}", parsed->GetTypeName(), result.status().ToString());
      }
      reactor->Finish(ToGrpc(result.status()));
      return;
    }
    reactor->Finish(Encode(*result, response));
  };
  if (!pool_->TrySubmit(std::move(task))) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is busy; try again in a moment"));
  }
  return reactor;
}

absl::StatusOr<Device> SyncService::Admit(grpc::CallbackServerContext* context,
                                          bool authenticated) {
  if (!authenticated) {
    absl::Status s = enrolments_.Take(context->peer(), clock_->NowMillis(), "enrolment attempts");
    if (!s.ok()) return s;
    return Device();
  }
  absl::StatusOr<Device> device = Authenticate(context);
  if (!device.ok()) return device.status();
  if (absl::Status s = device_calls_.Begin(device->id); !s.ok()) return s;
  return device;
}

absl::StatusOr<Device> SyncService::Authenticate(grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("this call needs the device token; enrol the device first");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWith(value, kBearer)) {
    return absl::UnauthenticatedError("the authorization metadata must be 'Bearer <token>'");
  }
  absl::StatusOr<Device> device = logic_.Authenticate(value.substr(kBearer.size()));
  if (absl::IsUnauthenticated(device.status())) {
    // Each failure costs its peer a token, so guessing stays slow and cheap.
    absl::Status limited =
        bad_tokens_.Take(context->peer(), clock_->NowMillis(), "calls with a wrong token");
    if (!limited.ok()) return limited;
  }
  return device;
}

grpc::ServerUnaryReactor* SyncService::Handshake(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
  return Serve<v1::HandshakeRequest, v1::HandshakeResponse>(
      context, request, response, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::HandshakeRequest& r) { return logic_.Handshake(d, r); });
}

grpc::ServerUnaryReactor* SyncService::Enrol(grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) {
  return Serve<v1::EnrolRequest, v1::EnrolResponse>(
      context, request, response, false, kMaxSmallRequestBytes,
      [this, context](const Device&, v1::EnrolRequest& r) {
        return logic_.Enrol(r, context->peer());
      });
}

grpc::ServerUnaryReactor* SyncService::Push(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
  return Serve<v1::PushRequest, v1::PushResponse>(
      context, request, response, true, logic_.limits().max_push_bytes,
      [this](const Device& d, v1::PushRequest& r) { return logic_.Push(d, r); });
}

grpc::ServerUnaryReactor* SyncService::Pull(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
  return Serve<v1::PullRequest, std::string>(
      context, request, response, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::PullRequest& r) { return logic_.Pull(d, r); });
}

}  // namespace hromada::server
