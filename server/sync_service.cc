#include "server/sync_service.h"

#include <google/protobuf/arena.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/auth.h"
#include "server/pull.h"
#include "server/pull_rules.h"
#include "server/rejections.h"
#include "server/scope.h"
#include "shared/schema.h"
#include "shared/uuid.h"

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

absl::Status CheckProtocol(uint32_t version) {
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

}  // namespace

SyncService::SyncService(Store* store, const Clock* clock, WorkerPool* pool, ServiceLimits limits,
                         CrashPoint crash_point)
    : store_(store),
      clock_(clock),
      pool_(pool),
      limits_(limits),
      crash_point_(std::move(crash_point)) {}

template <typename Req, typename Resp>
grpc::ServerUnaryReactor* SyncService::Serve(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response, bool authenticated, size_t max_request_bytes,
    std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
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
  auto task = [this, context, response, reactor, arena, parsed, authenticated, work] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    absl::StatusOr<Device> device = authenticated ? Authenticate(context) : Device();
    absl::StatusOr<Resp> result = device.ok() ? work(*device, *parsed) : device.status();
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
  absl::StatusOr<Device> device =
      store_->FindDeviceByToken(HashSecret(value.substr(kBearer.size())));
  if (absl::IsNotFound(device.status())) {
    return absl::UnauthenticatedError(
        "the device token is not valid: the device was revoked or never enrolled");
  }
  return device;
}

grpc::ServerUnaryReactor* SyncService::Handshake(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
  return Serve<v1::HandshakeRequest, v1::HandshakeResponse>(
      context, request, response, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::HandshakeRequest& r) { return DoHandshake(d, r); });
}

grpc::ServerUnaryReactor* SyncService::Enrol(grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) {
  return Serve<v1::EnrolRequest, v1::EnrolResponse>(
      context, request, response, false, kMaxSmallRequestBytes,
      [this](const Device&, v1::EnrolRequest& r) { return DoEnrol(r); });
}

grpc::ServerUnaryReactor* SyncService::Push(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
  return Serve<v1::PushRequest, v1::PushResponse>(
      context, request, response, true, limits_.max_push_bytes,
      [this](const Device& d, v1::PushRequest& r) { return DoPush(d, r); });
}

grpc::ServerUnaryReactor* SyncService::Pull(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
  return Serve<v1::PullRequest, std::string>(
      context, request, response, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::PullRequest& r) { return DoPull(d, r); });
}

absl::StatusOr<v1::HandshakeResponse> SyncService::DoHandshake(
    const Device& device, const v1::HandshakeRequest& request) {
  if (absl::Status s = CheckProtocol(request.protocol_version()); !s.ok()) return s;
  const int64_t now = clock_->NowMillis();
  if (absl::Status s = store_->TouchDevice(device.id, now); !s.ok()) return s;
  absl::StatusOr<uint64_t> pending = CountPending(*store_, ReadScopeOf(device), request.cursor());
  if (!pending.ok()) return pending.status();
  absl::StatusOr<std::vector<v1::Rejection>> rejections =
      store_->TakeRejections(device.id, request.outbox_first_seq(), device.acked_through);
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
  for (const std::string& c : device.communities) response.add_community_ids(c);
  response.set_role(device.role);
  for (v1::Rejection& r : *rejections) {
    absl::Status s = AttachServerState(
        [this](absl::string_view kind, absl::string_view id) {
          return store_->ReadRecord(kind, id);
        },
        device, &r);
    if (!s.ok()) return s;
    *response.add_rejections() = std::move(r);
  }
  return response;
}

absl::StatusOr<v1::EnrolResponse> SyncService::DoEnrol(const v1::EnrolRequest& request) {
  if (absl::Status s = CheckProtocol(request.protocol_version()); !s.ok()) return s;
  const std::string code = NormalizeCode(request.code());
  if (code.empty() || code.size() > 64) {
    return absl::InvalidArgumentError("the enrolment code is missing or malformed");
  }
  const std::string token = NewToken();
  const int64_t now = clock_->NowMillis();
  absl::StatusOr<Device> device = store_->Enrol(HashSecret(code), HashSecret(token), now);
  if (!device.ok()) return device.status();
  spdlog::info("device {} ({}) enrolled", IdToString(device->id), device->name);
  v1::EnrolResponse response;
  response.set_device_id(device->id);
  response.set_token(token);
  for (const std::string& c : device->communities) response.add_community_ids(c);
  response.set_role(device->role);
  response.set_server_time_ms(now);
  return response;
}

absl::StatusOr<v1::PushResponse> SyncService::DoPush(const Device& device,
                                                     v1::PushRequest& request) {
  if (request.changes_size() > limits_.max_changes_per_push) {
    return absl::ResourceExhaustedError(
        absl::StrCat("a push may hold at most ", limits_.max_changes_per_push, " changes"));
  }
  PushLimits limits{clock_->NowMillis(), limits_.max_clock_ahead_ms};
  absl::StatusOr<v1::PushResponse> response =
      ApplyPush(*store_, device, request, limits, crash_point_);
  if (response.ok()) response->set_server_time_ms(clock_->NowMillis());
  return response;
}

absl::StatusOr<std::string> SyncService::DoPull(const Device& device,
                                                const v1::PullRequest& request) {
  return ReadPull(*store_, device, request, limits_.max_pull_bytes, clock_->NowMillis());
}

}  // namespace hromada::server
