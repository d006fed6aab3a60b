#include "server/sync/sync_service.h"

#include <google/protobuf/arena.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/sync/push_inflate.h"

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
                         CallLimits call_limits, CrashPoint crash_point, Metrics* metrics)
    : logic_(store, clock, limits, std::move(crash_point)),
      clock_(clock),
      pool_(pool),
      anonymous_read_ms_(call_limits.anonymous_read_ms),
      // Checked by Server::Start; a list that does not parse trusts none.
      proxies_(TrustedProxies::Parse(call_limits.trusted_proxies).value_or(TrustedProxies())),
      enrolments_(call_limits.enrol_burst, call_limits.enrol_per_minute),
      bad_tokens_(call_limits.bad_token_burst, call_limits.bad_token_per_minute),
      device_calls_(call_limits.calls_per_device),
      drains_(call_limits.refusal_drains, call_limits.refusal_drains_per_peer),
      metrics_(metrics != nullptr ? metrics : &own_metrics_) {
  RegisterMethods();
}

template <typename Req, typename Resp>
SyncService::Reactor* SyncService::Serve(
    SyncMethod method, grpc::CallbackServerContext* context, bool authenticated,
    size_t max_request_bytes,
    std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work) {
  // Requests may only come plain (server.cc); answers go out compressed.
  context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  absl::StatusOr<Device> device = Admit(context, authenticated);
  if (!device.ok()) return Refuse(context, method, ToGrpc(device.status()));
  auto* call = new UnaryCall(context, method, metrics_, nullptr);
  // A device's push may take minutes on a slow link; a peer with no token
  // gets a few seconds for its small request.
  std::optional<std::chrono::system_clock::time_point> deadline;
  if (!authenticated) deadline = AnonymousReadDeadline();
  call->Read([this, max_request_bytes, work, d = *std::move(device)](
                 UnaryCall* call) { Run<Req, Resp>(call, d, max_request_bytes, work); },
             deadline);
  return call;
}

std::chrono::system_clock::time_point SyncService::AnonymousReadDeadline() const {
  return std::chrono::system_clock::now() + std::chrono::milliseconds(anonymous_read_ms_);
}

SyncService::Reactor* SyncService::Refuse(grpc::CallbackServerContext* context, SyncMethod method,
                                          const grpc::Status& refusal) {
  // The field client's libcurl (7.88) takes an answer that comes while it
  // is still sending, and the RST_STREAM(NO_ERROR) that gRPC then sends to
  // stop the upload, as a broken stream: a wrong token or a wipe order
  // would reach it as "connection lost". So the request is read and
  // dropped first, a few at a time, and never for long.
  const std::string peer = ClientPeer(context);
  const bool drain = drains_.TryBegin(peer);
  auto* call = new UnaryCall(context, method, metrics_, [this, drain, peer] {
    if (drain) drains_.End(peer);
  });
  if (drain) {
    call->Drain(refusal, AnonymousReadDeadline());
  } else {
    call->Reply(refusal);  // its request is never read
  }
  return call;
}

template <typename Req, typename Resp>
void SyncService::Run(
    UnaryCall* call, Device device, size_t max_request_bytes,
    std::function<absl::StatusOr<Resp>(const Device& device, Req& request)> work) {
  // The request lives on an arena: a push of thousands of records is then
  // freed in a few blocks instead of one field at a time.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 * 1024;
  arena_options.max_block_size = 1 << 20;
  auto arena = std::make_shared<google::protobuf::Arena>(arena_options);
  Req* parsed = google::protobuf::Arena::CreateMessage<Req>(arena.get());
  if (absl::Status s = Parse(call->request(), max_request_bytes, parsed); !s.ok()) {
    metrics_->RecordRefusal(absl::IsResourceExhausted(s) ? Refusal::kTooLarge
                                                         : Refusal::kMalformed);
    call->Reply(ToGrpc(s));
    return;
  }
  // A device's calls are counted from the moment its request is in until
  // the work is done or dropped, as a handler's were before requests were
  // read by the service: a call whose link was cut mid-request or
  // mid-answer holds no place while gRPC notices the cut.
  if (!device.id.empty()) {
    if (absl::Status s = device_calls_.Begin(device.id); !s.ok()) {
      metrics_->RecordRefusal(Refusal::kDeviceCalls);
      call->Reply(ToGrpc(s));
      return;
    }
  }
  std::shared_ptr<void> slot(nullptr, [this, id = device.id](void*) {
    if (!id.empty()) device_calls_.End(id);
  });
  auto task = [this, call, arena, parsed, work, slot, d = std::move(device)] {
    if (call->context()->IsCancelled()) {
      metrics_->RecordRefusal(Refusal::kCancelled);
      call->Reply(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    absl::StatusOr<Resp> result = work(d, *parsed);
    if (!result.ok()) {
      if (result.status().code() == absl::StatusCode::kInternal ||
          result.status().code() == absl::StatusCode::kDataLoss) {
        spdlog::error("{}: {}", parsed->GetTypeName(), result.status().ToString());
      }
      metrics_->RecordLogicRefusal(result.status().code());
      call->Reply(ToGrpc(result.status()));
      return;
    }
    grpc::ByteBuffer response;
    grpc::Status encoded = Encode(*result, &response);
    call->Reply(encoded, std::move(response));
  };
  if (!pool_->TrySubmit(std::move(task))) {
    metrics_->RecordRefusal(Refusal::kServerBusy);
    call->Reply(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is busy; try again in a moment"));
  }
}

void SyncService::RegisterMethods() {
  using Handler = grpc::internal::CallbackBidiHandler<grpc::ByteBuffer, grpc::ByteBuffer>;
  using Open = Reactor* (SyncService::*)(grpc::CallbackServerContext*);
  // In the order of sync.proto, as grpc++'s generated service has them.
  static const struct {
    const char* path;
    Open open;
  } kMethods[] = {
      {"/hromada.v1.Sync/Handshake", &SyncService::Handshake},
      {"/hromada.v1.Sync/Enrol", &SyncService::Enrol},
      {"/hromada.v1.Sync/Push", &SyncService::Push},
      {"/hromada.v1.Sync/Pull", &SyncService::Pull},
      {"/hromada.v1.Sync/AttachmentStatus", &SyncService::AttachmentStatus},
      {"/hromada.v1.Sync/UploadAttachment", &SyncService::UploadAttachment},
      {"/hromada.v1.Sync/FetchAttachment", &SyncService::FetchAttachment},
  };
  int index = 0;
  for (const auto& m : kMethods) {
    AddMethod(new grpc::internal::RpcServiceMethod(
        m.path, grpc::internal::RpcMethod::BIDI_STREAMING, nullptr));
    MarkMethodRawCallback(index++,
                          new Handler([this, open = m.open](grpc::CallbackServerContext* context) {
                            return (this->*open)(context);
                          }));
  }
}

absl::StatusOr<Device> SyncService::Admit(grpc::CallbackServerContext* context,
                                          bool authenticated) {
  if (!authenticated) {
    absl::Status s = enrolments_.Take(ClientPeer(context), clock_->NowMillis(),
                                      "enrolment attempts from this address");
    if (!s.ok()) {
      metrics_->RecordRefusal(Refusal::kEnrolRate);
      return s;
    }
    return Device();
  }
  absl::StatusOr<Device> device = Authenticate(context);
  if (!device.ok()) {
    if (absl::IsUnauthenticated(device.status())) {
      metrics_->RecordRefusal(Refusal::kUnauthenticated);
    } else if (absl::IsResourceExhausted(device.status())) {
      metrics_->RecordRefusal(Refusal::kBadTokenRate);
    } else {
      metrics_->RecordLogicRefusal(device.status().code());  // a wipe order
    }
    return device.status();
  }
  return device;
}

std::string SyncService::ClientPeer(grpc::CallbackServerContext* context) const {
  if (proxies_.empty()) return context->peer();
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("x-forwarded-for");
  absl::string_view forwarded;
  if (it != metadata.end()) forwarded = absl::string_view(it->second.data(), it->second.size());
  return proxies_.ClientPeer(context->peer(), forwarded);
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
    absl::Status limited = bad_tokens_.Take(ClientPeer(context), clock_->NowMillis(),
                                            "calls with a wrong token from this address");
    if (!limited.ok()) return limited;
  }
  return device;
}

void SyncService::RecordPush(const PushCounts& counts, const v1::PushResponse& answer) {
  metrics_->RecordPushed(counts.new_changes);
  for (int i = counts.replayed_refusals; i < answer.rejections_size(); ++i) {
    metrics_->RecordChangeRefused(answer.rejections(i).code());
  }
}

SyncService::Reactor* SyncService::Handshake(grpc::CallbackServerContext* context) {
  // It may carry a push batch (SyncLogic::Exchange): a push's limit.
  return Serve<v1::HandshakeRequest, v1::HandshakeResponse>(
      SyncMethod::kHandshake, context, true, logic_.limits().max_push_bytes,
      [this](const Device& d, v1::HandshakeRequest& r) -> absl::StatusOr<v1::HandshakeResponse> {
        PushCounts counts;
        absl::StatusOr<v1::HandshakeResponse> answer = logic_.Exchange(d, r, &counts);
        if (answer.ok() && answer->has_push()) RecordPush(counts, answer->push());
        if (answer.ok() && answer->pull_ran()) {
          metrics_->RecordPulled(CountPulledRecords(answer->pull_page()));
        }
        return answer;
      });
}

SyncService::Reactor* SyncService::Enrol(grpc::CallbackServerContext* context) {
  return Serve<v1::EnrolRequest, v1::EnrolResponse>(
      SyncMethod::kEnrol, context, false, kMaxSmallRequestBytes,
      [this, context](const Device&, v1::EnrolRequest& r) {
        return logic_.Enrol(r, ClientPeer(context));
      });
}

SyncService::Reactor* SyncService::Push(grpc::CallbackServerContext* context) {
  return Serve<v1::PushRequest, v1::PushResponse>(
      SyncMethod::kPush, context, true, logic_.limits().max_push_bytes,
      [this](const Device& d, v1::PushRequest& r) -> absl::StatusOr<v1::PushResponse> {
        PushCounts counts;
        absl::StatusOr<v1::PushResponse> answer = logic_.Push(d, r, &counts);
        if (answer.ok()) RecordPush(counts, *answer);
        return answer;
      });
}

SyncService::Reactor* SyncService::Pull(grpc::CallbackServerContext* context) {
  return Serve<v1::PullRequest, std::string>(SyncMethod::kPull, context, true,
                                             kMaxSmallRequestBytes,
                                             [this](const Device& d, v1::PullRequest& r) {
                                               absl::StatusOr<std::string> page = logic_.Pull(d, r);
                                               if (page.ok())
                                                 metrics_->RecordPulled(CountPulledRecords(*page));
                                               return page;
                                             });
}

SyncService::Reactor* SyncService::AttachmentStatus(grpc::CallbackServerContext* context) {
  return Serve<v1::AttachmentStatusRequest, v1::AttachmentStatusResponse>(
      SyncMethod::kAttachmentStatus, context, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::AttachmentStatusRequest& r) {
        return logic_.AttachmentStatus(d, r);
      });
}

SyncService::Reactor* SyncService::UploadAttachment(grpc::CallbackServerContext* context) {
  // A chunk and the few bytes around it; a larger one gets a sentence.
  const size_t max_request = logic_.limits().max_attachment_chunk_bytes + 1024;
  return Serve<v1::UploadAttachmentRequest, v1::AttachmentStatusResponse>(
      SyncMethod::kUploadAttachment, context, true, max_request,
      [this](const Device& d, v1::UploadAttachmentRequest& r) {
        return logic_.UploadAttachment(d, r);
      });
}

SyncService::Reactor* SyncService::FetchAttachment(grpc::CallbackServerContext* context) {
  return Serve<v1::FetchAttachmentRequest, v1::FetchAttachmentResponse>(
      SyncMethod::kFetchAttachment, context, true, kMaxSmallRequestBytes,
      [this](const Device& d, v1::FetchAttachmentRequest& r) {
        return logic_.FetchAttachment(d, r);
      });
}

}  // namespace hromada::server
