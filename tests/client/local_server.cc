#include "tests/client/local_server.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/admin/devices.h"
#include "server/sync/auth.h"
#include "server/sync/push_inflate.h"
#include "server/sync/sync_logic.h"
#include "shared/base/uuid.h"
#include "shared/sync/merge.h"
#include "shared/sync/schema.h"

namespace hromada::test {
namespace {

class LocalTransport final : public Transport {
 public:
  explicit LocalTransport(LocalServer* server) : server_(server) {}
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override {
    absl::StatusOr<std::string> answer = server_->Handle(method, request, options);
    if (bytes != nullptr) {
      bytes->up = request.size() + 5;
      bytes->down = answer.ok() ? answer->size() + 5 : 0;
    }
    return answer;
  }

 private:
  LocalServer* server_;
};

template <typename M>
absl::StatusOr<M> Parse(absl::string_view bytes) {
  M message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("malformed request");
  }
  return message;
}

template <typename M>
absl::StatusOr<std::string> Answer(const absl::StatusOr<M>& response) {
  if (!response.ok()) return response.status();
  return response->SerializeAsString();
}

}  // namespace

LocalServer::LocalServer(const Clock* clock, const std::string& db_path) : clock_(clock) {
  absl::StatusOr<std::unique_ptr<server::SqliteStore>> store = server::SqliteStore::Open(db_path);
  EXPECT_TRUE(store.ok()) << store.status();
  if (store.ok()) store_ = *std::move(store);
}

void LocalServer::AddCode(const std::string& code, std::vector<std::string> communities,
                          v1::Role role) {
  server::Device device;
  device.id = Uuid::V4().bytes();
  device.name = code;
  device.role = role;
  device.communities = std::move(communities);
  device.created_ms = clock_->NowMillis();
  device.code_hash = server::HashSecret(server::NormalizeCode(code));
  device.code_expires_ms = clock_->NowMillis() + 3'600'000;
  absl::Status s = server::devices::Add(*store_, device);
  EXPECT_TRUE(s.ok()) << s;
}

void LocalServer::PutRecord(const v1::Record& canonical) {
  absl::StatusOr<std::unique_ptr<server::WriteTxn>> txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok()) << txn.status();
  absl::StatusOr<std::optional<v1::Record>> existing =
      (*txn)->GetRecord(canonical.kind(), canonical.id());
  ASSERT_TRUE(existing.ok()) << existing.status();
  v1::Record merged = existing->value_or(v1::Record());
  if (!Merge(canonical, &merged)) return;
  ASSERT_TRUE((*txn)->PutRecord(merged).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  ++seeded_;
}

std::unique_ptr<Transport> LocalServer::Connect() { return std::make_unique<LocalTransport>(this); }

absl::StatusOr<std::string> LocalServer::Handle(absl::string_view method, absl::string_view request,
                                                const CallOptions& options) {
  server::ServiceLimits limits;
  limits.max_clock_ahead_ms = max_clock_ahead_ms;
  limits.max_push_bytes = static_cast<uint32_t>(max_push_bytes);
  limits.max_pull_bytes = static_cast<uint32_t>(max_pull_bytes);
  limits.max_attachment_bytes = max_attachment_bytes;
  limits.max_attachment_chunk_bytes = max_attachment_chunk_bytes;
  server::SyncLogic logic(store_.get(), clock_, limits);
  if (method == "Enrol") {
    absl::StatusOr<v1::EnrolRequest> r = Parse<v1::EnrolRequest>(request);
    if (!r.ok()) return r.status();
    return Answer(logic.Enrol(*r));
  }
  absl::StatusOr<server::Device> device = logic.Authenticate(options.token);
  if (!device.ok()) return device.status();
  if (method == "Handshake") {
    absl::StatusOr<v1::HandshakeRequest> r = Parse<v1::HandshakeRequest>(request);
    if (!r.ok()) return r.status();
    if (!one_exchange) return Answer(logic.Handshake(*device, *r));
    inline_pushes += r->has_push() ? 1 : 0;
    inline_pulls += r->has_pull() ? 1 : 0;
    absl::StatusOr<v1::HandshakeResponse> answer = logic.Exchange(*device, *r);
    if (answer.ok() && answer->pull_ran()) {
      pull_cursors.push_back(r->pull().cursor());
      v1::PullResponse parsed;
      if (parsed.ParseFromString(answer->pull_page())) pulled_records += parsed.records_size();
    }
    return Answer(answer);
  }
  if (method == "Push") {
    // The size check the gRPC layer makes before the service sees a call.
    if (request.size() > (hard_push_bytes ? hard_push_bytes : max_push_bytes)) {
      return absl::ResourceExhaustedError("the batch is larger than the server accepts");
    }
    absl::StatusOr<v1::PushRequest> r = Parse<v1::PushRequest>(request);
    if (!r.ok()) return r.status();
    // The real server holds deflated changes to the same limit, inflated.
    if (hard_push_bytes > 0) {
      if (absl::Status s = server::InflatePushChanges(hard_push_bytes, *r); !s.ok()) return s;
    }
    push_first_seqs.push_back(r->first_seq());
    return Answer(logic.Push(*device, *r));
  }
  if (method == "Pull") {
    absl::StatusOr<v1::PullRequest> r = Parse<v1::PullRequest>(request);
    if (!r.ok()) return r.status();
    pull_cursors.push_back(r->cursor());
    absl::StatusOr<std::string> page = logic.Pull(*device, *r);
    if (page.ok()) {
      v1::PullResponse parsed;
      if (parsed.ParseFromString(*page)) pulled_records += parsed.records_size();
    }
    return page;
  }
  if (method == "AttachmentStatus") {
    absl::StatusOr<v1::AttachmentStatusRequest> r = Parse<v1::AttachmentStatusRequest>(request);
    if (!r.ok()) return r.status();
    return Answer(logic.AttachmentStatus(*device, *r));
  }
  if (method == "UploadAttachment") {
    absl::StatusOr<v1::UploadAttachmentRequest> r = Parse<v1::UploadAttachmentRequest>(request);
    if (!r.ok()) return r.status();
    upload_offsets.push_back(r->offset());
    return Answer(logic.UploadAttachment(*device, *r));
  }
  if (method == "FetchAttachment") {
    absl::StatusOr<v1::FetchAttachmentRequest> r = Parse<v1::FetchAttachmentRequest>(request);
    if (!r.ok()) return r.status();
    return Answer(logic.FetchAttachment(*device, *r));
  }
  return absl::UnimplementedError(absl::StrCat("no method ", method));
}

std::map<std::pair<std::string, std::string>, LocalServer::Stored> LocalServer::records() {
  std::vector<std::string> kinds;
  for (const KindSpec& k : AllKinds()) kinds.push_back(k.name);
  std::map<std::pair<std::string, std::string>, Stored> out;
  absl::Status s = store_->ScanStates(kinds, [&](absl::string_view, absl::string_view state) {
    v1::Record r;
    if (!r.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
      return absl::DataLossError("a stored state does not parse");
    }
    std::pair<std::string, std::string> key(r.kind(), r.id());
    out[std::move(key)] = Stored{std::move(r)};
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

int LocalServer::applied_changes() {
  // Every state write takes the next updated_seq, so the high mark counts them.
  server::ChangeQuery all;
  all.with_state = false;
  absl::StatusOr<uint64_t> high =
      store_->ScanChanges(all, [](const server::ChangeRow&) { return false; });
  EXPECT_TRUE(high.ok()) << high.status();
  return high.ok() ? static_cast<int>(*high) - seeded_ : -1;
}

}  // namespace hromada::test
