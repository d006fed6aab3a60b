#include "tests/transport/canned_sync_server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "hromada/v1/sync.grpc.pb.h"

namespace hromada::testing {
namespace {

using grpc::ServerContext;
using grpc::Status;
using grpc::StatusCode;

std::string CompressibleText(size_t n, uint64_t salt) {
  std::string text;
  while (text.size() < n) text += "needs survey " + std::to_string(salt) + " in Bilozerka; ";
  text.resize(n);
  return text;
}

}  // namespace

struct CannedSyncServer::State {
  mutable absl::Mutex mu;
  Observed observed ABSL_GUARDED_BY(mu);
  std::unique_ptr<grpc::Service> service;
  std::unique_ptr<grpc::CallbackGenericService> generic;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  bool tls = false;
};

namespace {

class CannedService final : public hromada::v1::Sync::Service {
 public:
  explicit CannedService(CannedSyncServer::State* state) : state_(state) {}

  Status Handshake(ServerContext* ctx, const v1::HandshakeRequest* request,
                   v1::HandshakeResponse* response) override {
    {
      absl::MutexLock lock(&state_->mu);
      state_->observed.peers.push_back(ctx->peer());
    }
    auto auth = ctx->client_metadata().find("authorization");
    if (auth == ctx->client_metadata().end() ||
        auth->second != std::string("Bearer ") + kGoodToken) {
      return Status(StatusCode::UNAUTHENTICATED, "bad device token");
    }
    response->set_protocol_version(request->protocol_version() + 1);
    response->set_pending_records(request->cursor() * 2);
    return Status::OK;
  }

  Status Pull(ServerContext*, const v1::PullRequest* request, v1::PullResponse* response) override {
    for (uint64_t i = 0; i < request->cursor(); ++i) {
      v1::Record* record = response->add_records();
      record->set_kind("person");
      record->set_id(std::string(16, static_cast<char>(i)));
      v1::Field* field = record->add_fields();
      field->set_name("notes");
      field->mutable_value()->set_text(CompressibleText(request->max_bytes(), i));
    }
    response->set_next_cursor(request->cursor());
    return Status::OK;
  }

  Status Push(ServerContext* ctx, const v1::PushRequest* request,
              v1::PushResponse* response) override {
    {
      absl::MutexLock lock(&state_->mu);
      ++state_->observed.pushes;
    }
    if (request->first_seq() == kSleepSeq) return Sleep(ctx);
    if (request->first_seq() == kDenySeq) {
      return Status(StatusCode::PERMISSION_DENIED, kDeniedMessage);
    }
    int64_t size = 0;
    for (const v1::Record& change : request->changes()) size += change.ByteSizeLong();
    response->set_acked_through(request->first_seq() + request->changes_size() - 1);
    response->set_server_time_ms(size);
    return Status::OK;
  }

 private:
  Status Sleep(ServerContext* ctx) {
    const auto left = ctx->deadline() - std::chrono::system_clock::now();
    {
      absl::MutexLock lock(&state_->mu);
      state_->observed.sleeper_deadline = absl::FromChrono(left);
    }
    const absl::Time give_up = absl::Now() + absl::Seconds(5);
    while (!ctx->IsCancelled() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
    absl::MutexLock lock(&state_->mu);
    state_->observed.sleeper_cancelled = ctx->IsCancelled();
    state_->observed.sleeper_done = true;
    return Status::OK;
  }

  CannedSyncServer::State* state_;
};

// Handles methods the Sync service does not have, writing raw responses.
class BrokenReactor final : public grpc::ServerGenericBidiReactor {
 public:
  explicit BrokenReactor(std::string method) : method_(std::move(method)) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    v1::HandshakeResponse reply;
    reply.set_server_time_ms(7);
    grpc::Slice slice(reply.SerializeAsString());
    reply_ = grpc::ByteBuffer(&slice, 1);
    if (!ok) {
      Finish(Status(StatusCode::INTERNAL, "no request"));
    } else if (method_ == "/hromada.v1.Sync/ErrorAfterBody") {
      StartWriteAndFinish(&reply_, grpc::WriteOptions(),
                          Status(StatusCode::ABORTED, kAbortedMessage));
    } else if (method_ == "/hromada.v1.Sync/TwoMessages") {
      writes_left_ = 2;
      StartWrite(&reply_);
    } else if (method_ == "/hromada.v1.Sync/NoMessage") {
      Finish(Status::OK);
    } else {
      Finish(Status(StatusCode::UNIMPLEMENTED, "no such method"));
    }
  }

  void OnWriteDone(bool ok) override {
    if (ok && --writes_left_ > 0) {
      StartWrite(&reply_);
    } else {
      Finish(Status::OK);
    }
  }

  void OnDone() override { delete this; }

 private:
  const std::string method_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer reply_;
  int writes_left_ = 0;
};

class BrokenMethods final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    return new BrokenReactor(ctx->method());
  }
};

}  // namespace

std::unique_ptr<CannedSyncServer> CannedSyncServer::Start(const CannedServerOptions& options) {
  auto state = std::make_unique<State>();
  state->service = std::make_unique<CannedService>(state.get());
  state->generic = std::make_unique<BrokenMethods>();
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (!options.cert_pem.empty()) {
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({options.key_pem, options.cert_pem});
    credentials = grpc::SslServerCredentials(ssl);
    state->tls = true;
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", credentials, &state->port);
  builder.RegisterService(state->service.get());
  builder.RegisterCallbackGenericService(state->generic.get());
  builder.SetDefaultCompressionAlgorithm(GRPC_COMPRESS_GZIP);
  if (options.max_receive_message_bytes >= 0) {
    builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  }
  state->server = builder.BuildAndStart();
  if (state->server == nullptr || state->port == 0) return nullptr;
  return std::unique_ptr<CannedSyncServer>(new CannedSyncServer(std::move(state)));
}

CannedSyncServer::CannedSyncServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

CannedSyncServer::~CannedSyncServer() { Stop(); }

void CannedSyncServer::Stop() {
  if (state_->server != nullptr) {
    state_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    state_->server->Wait();
    state_->server.reset();
  }
}

int CannedSyncServer::port() const { return state_->port; }

std::string CannedSyncServer::url() const {
  return (state_->tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(state_->port);
}

Observed CannedSyncServer::observed() const {
  absl::MutexLock lock(&state_->mu);
  return state_->observed;
}

}  // namespace hromada::testing
