#include "tests/client/fake_server.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "shared/apply.h"
#include "shared/merge.h"
#include "shared/schema.h"
#include "shared/uuid.h"
#include "shared/validate.h"

namespace hromada::test {
namespace {

class FakeTransport final : public Transport {
 public:
  explicit FakeTransport(FakeServer* server) : server_(server) {}
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
  FakeServer* server_;
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

void FakeServer::AddCode(const std::string& code, std::vector<std::string> communities,
                         v1::Role role) {
  codes_[code] = {std::move(communities), role};
}

void FakeServer::PutRecord(const v1::Record& canonical) {
  auto key = std::make_pair(canonical.kind(), canonical.id());
  v1::Record merged = records_.count(key) ? records_[key].record : v1::Record();
  if (Merge(canonical, &merged)) Store(merged);
}

void FakeServer::Store(const v1::Record& record) {
  auto key = std::make_pair(record.kind(), record.id());
  auto it = records_.find(key);
  if (it != records_.end()) by_seq_.erase(it->second.updated_seq);
  records_[key] = Stored{record, ++seq_};
  by_seq_[seq_] = key;
}

const FakeServer::Device* FakeServer::device(const std::string& id) const {
  auto it = devices_.find(id);
  return it == devices_.end() ? nullptr : &it->second;
}

std::unique_ptr<Transport> FakeServer::Connect() { return std::make_unique<FakeTransport>(this); }

absl::StatusOr<FakeServer::Device*> FakeServer::Authenticate(const CallOptions& options) {
  for (auto& [id, device] : devices_) {
    if (!options.token.empty() && device.token == options.token) return &device;
  }
  return absl::UnauthenticatedError("unknown device token");
}

absl::StatusOr<std::string> FakeServer::Handle(absl::string_view method, absl::string_view request,
                                               const CallOptions& options) {
  if (method == "Enrol") {
    absl::StatusOr<v1::EnrolRequest> r = Parse<v1::EnrolRequest>(request);
    if (!r.ok()) return r.status();
    return Enrol(*r);
  }
  absl::StatusOr<Device*> device = Authenticate(options);
  if (!device.ok()) return device.status();
  if (method == "Handshake") {
    absl::StatusOr<v1::HandshakeRequest> r = Parse<v1::HandshakeRequest>(request);
    if (!r.ok()) return r.status();
    return Handshake(**device, *r).SerializeAsString();
  }
  if (method == "Push") {
    absl::StatusOr<v1::PushRequest> r = Parse<v1::PushRequest>(request);
    if (!r.ok()) return r.status();
    return Answer(Push(**device, *r, request.size()));
  }
  if (method == "Pull") {
    absl::StatusOr<v1::PullRequest> r = Parse<v1::PullRequest>(request);
    if (!r.ok()) return r.status();
    return Pull(**device, *r).SerializeAsString();
  }
  return absl::UnimplementedError(absl::StrCat("no method ", method));
}

absl::StatusOr<std::string> FakeServer::Enrol(const v1::EnrolRequest& request) {
  auto it = codes_.find(request.code());
  if (it == codes_.end()) return absl::NotFoundError("this enrolment code is not known");
  Device device;
  device.id = Uuid::V4().bytes();
  device.token = Uuid::V4().ToString();
  device.communities = it->second.first;
  device.role = it->second.second;
  codes_.erase(it);
  v1::EnrolResponse response;
  response.set_device_id(device.id);
  response.set_token(device.token);
  for (const std::string& c : device.communities) response.add_community_ids(c);
  response.set_role(device.role);
  response.set_server_time_ms(clock_->NowMillis());
  devices_[device.id] = device;
  return response.SerializeAsString();
}

v1::HandshakeResponse FakeServer::Handshake(const Device& device,
                                            const v1::HandshakeRequest& request) {
  v1::HandshakeResponse response;
  response.set_protocol_version(1);
  response.set_schema_version(kSchemaVersion);
  response.set_server_time_ms(clock_->NowMillis());
  response.set_acked_through(device.acked_through);
  uint64_t pending = 0;
  for (auto it = by_seq_.upper_bound(request.cursor()); it != by_seq_.end(); ++it) {
    pending += InScope(device, records_.at(it->second).record) ? 1 : 0;
  }
  response.set_pending_records(pending);
  response.set_max_clock_ahead_ms(max_clock_ahead_ms);
  response.set_max_push_bytes(static_cast<uint32_t>(max_push_bytes));
  response.set_max_pull_bytes(static_cast<uint32_t>(max_pull_bytes));
  for (const std::string& c : device.communities) response.add_community_ids(c);
  response.set_role(device.role);
  return response;
}

bool FakeServer::InScope(const Device& device, const v1::Record& record) const {
  if (record.community_id().empty()) return true;  // shared kinds
  return std::find(device.communities.begin(), device.communities.end(), record.community_id()) !=
         device.communities.end();
}

// The fake's records as the apply rule sees them. Writes go through
// FakeServer::Store so they get an updated_seq.
class FakeServer::Replica final : public ReplicaTxn {
 public:
  explicit Replica(FakeServer* server) : server_(server) {}
  absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind,
                                                absl::string_view id) override {
    auto it = server_->records_.find({std::string(kind), std::string(id)});
    if (it == server_->records_.end()) return std::nullopt;
    return it->second.record;
  }
  absl::StatusOr<bool> InsertIfAbsent(const v1::Record& record) override {
    if (server_->records_.count({record.kind(), record.id()}) > 0) return false;
    server_->Store(record);
    return true;
  }
  absl::Status Put(const v1::Record& record) override {
    server_->Store(record);
    return absl::OkStatus();
  }

 private:
  FakeServer* server_;
};

absl::Status FakeServer::ApplyChange(const Device& device, v1::Record change) {
  if (reject_if) {
    if (absl::Status s = reject_if(change); !s.ok()) return s;
  }
  Replica replica(this);
  const Writer writer{device.id, device.role, device.communities, false};
  ApplyLimits limits;
  limits.now_ms = clock_->NowMillis();
  limits.max_clock_ahead_ms = max_clock_ahead_ms;
  absl::StatusOr<Applied> applied = hromada::ApplyChange(replica, writer, &change, limits);
  if (!applied.ok()) return applied.status();
  if (applied->changed) ++applied_;
  return applied->refusal;
}

absl::StatusOr<v1::PushResponse> FakeServer::Push(Device& device, const v1::PushRequest& request,
                                                  size_t request_size) {
  push_first_seqs.push_back(request.first_seq());
  if (request_size > (hard_push_bytes ? hard_push_bytes : max_push_bytes)) {
    return absl::ResourceExhaustedError("the batch is larger than the server accepts");
  }
  v1::PushResponse response;
  response.set_server_time_ms(clock_->NowMillis());
  response.set_acked_through(device.acked_through);
  if (request.changes_size() == 0) return response;
  if (request.first_seq() > device.acked_through + 1) {
    return absl::FailedPreconditionError("changes are missing");
  }
  for (int i = 0; i < request.changes_size(); ++i) {
    const uint64_t seq = request.first_seq() + i;
    if (seq <= device.acked_through) continue;
    absl::Status s = ApplyChange(device, request.changes(i));
    if (!s.ok()) {
      v1::Rejection* r = response.add_rejections();
      r->set_device_seq(seq);
      r->set_code(static_cast<uint32_t>(s.code()));
      r->set_field(ErrorField(s));
      r->set_message(std::string(s.message()));
      r->set_kind(request.changes(i).kind());
      r->set_id(request.changes(i).id());
    }
  }
  for (v1::Rejection& r : *response.mutable_rejections()) {
    r.set_state_known(true);
    auto it = records_.find({r.kind(), r.id()});
    if (it != records_.end() && InScope(device, it->second.record)) {
      *r.mutable_server_state() = it->second.record;
    }
  }
  device.acked_through =
      std::max<uint64_t>(device.acked_through, request.first_seq() + request.changes_size() - 1);
  response.set_acked_through(device.acked_through);
  return response;
}

v1::PullResponse FakeServer::Pull(const Device& device, const v1::PullRequest& request) {
  pull_cursors.push_back(request.cursor());
  const size_t budget = request.max_bytes() == 0
                            ? max_pull_bytes
                            : std::min<size_t>(request.max_bytes(), max_pull_bytes);
  v1::PullResponse response;
  response.set_server_time_ms(clock_->NowMillis());
  size_t bytes = 0;
  uint64_t cursor = request.cursor();
  auto it = by_seq_.upper_bound(request.cursor());
  for (; it != by_seq_.end(); ++it) {
    const v1::Record& record = records_.at(it->second).record;
    if (InScope(device, record)) {
      if (response.records_size() > 0 && bytes + record.ByteSizeLong() > budget) break;
      bytes += record.ByteSizeLong();
      *response.add_records() = record;
      ++pulled_records;
    }
    cursor = it->first;
  }
  response.set_next_cursor(cursor);
  response.set_more(it != by_seq_.end());
  return response;
}

}  // namespace hromada::test
