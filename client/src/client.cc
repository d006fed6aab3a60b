// hromada::Client: the public face over the store and the sync engine.
#include "hromada/client.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client/src/attachments.h"
#include "client/src/client_internal.h"
#include "client/src/crypto/crypto.h"
#include "client/src/crypto/erase.h"
#include "client/src/crypto/key_store.h"
#include "client/src/store/profile_lock.h"
#include "client/src/store/store.h"
#include "client/src/store/values.h"
#include "client/src/sync/bundle.h"
#include "client/src/sync/sync_engine.h"
#include "client/src/transport/curl_transport.h"
#include "client/src/transport/retry.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/private_file.h"
#include "shared/base/uuid.h"
#include "shared/report/render.h"
#include "shared/sync/bundle.h"
#include "shared/sync/merge.h"
#include "shared/sync/schema.h"
#include "shared/sync/validate_kinds.h"

namespace hromada {

using client::Profile;
using client::Store;

struct Client::State {
  ClientOptions options;  // without the passphrase once open
  std::string path;
  std::unique_ptr<client::ProfileLock> lock;  // held while the Client lives
  const Clock* clock = nullptr;
  client::SecretKey data_key;  // kept to re-wrap it (ChangePassphrase)
  std::unique_ptr<Store> store;
  absl::Mutex sync_mu;  // one Sync or Enrol at a time
};

// Client's friend (hromada/client.h): what the functions of
// client_internal.h and Client's own members do with its State that the
// public header does not show. Hidden, like everything not marked
// HROMADA_EXPORT.
struct ClientInternals {
  static absl::StatusOr<std::unique_ptr<Client>> Open(const std::string& profile_path,
                                                      const ClientOptions& options);
  static Store& StoreOf(Client& client) { return *client.state_->store; }
  static absl::StatusOr<std::string> IdOf(const Client::State& state, const Edit& edit);
  static absl::Status ObeyWipe(Client::State& state, const std::string& reason);
};

namespace {

// Rewords a failed call's status for the person holding the device; the
// code stays, so callers still branch on it.
absl::Status ForPeople(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return absl::Status(s.code(), absl::StrCat(s.message(),
                                                 "; nothing is lost, try again when the "
                                                 "connection is back"));
    case absl::StatusCode::kUnauthenticated:
      return absl::UnauthenticatedError(
          "the server no longer accepts this device (it may have been revoked); ask a "
          "coordinator to enrol it again");
    default:
      return s;
  }
}

client::KeyUnlock UnlockOf(const ClientOptions& options) {
  client::KeyUnlock unlock;
  unlock.passphrase = options.settings.passphrase;
  unlock.key_provider = options.settings.key_provider;
  unlock.limits = {options.kdf_opslimit, options.kdf_memlimit};
  unlock.max_failures =
      static_cast<uint32_t>(std::max(0, options.settings.max_passphrase_failures));
  return unlock;
}

// The profile's data key: unwrapped from its key file, or new for a new
// profile (or one written before encryption, which Store::Open seals).
absl::StatusOr<client::SecretKey> DataKey(const std::string& path, const ClientOptions& options) {
  const std::string key_path = client::KeyFilePath(path);
  const client::KeyUnlock unlock = UnlockOf(options);
  absl::StatusOr<client::SecretKey> key = client::UnlockKeyFile(key_path, unlock);
  if (key.status().code() != absl::StatusCode::kNotFound) return key;
  absl::StatusOr<int64_t> version = Store::PeekVersion(path);
  if (!version.ok()) return version.status();
  if (*version >= 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the key of the profile ", path,
        " is gone (wiped, or destroyed after wrong passphrases), so its data cannot be read; "
        "remove it (hromada wipe) and enrol again"));
  }
  return client::CreateKeyFile(key_path, unlock);
}

absl::StatusOr<std::unique_ptr<Transport>> MakeTransport(const ClientOptions& options,
                                                         const std::string& url,
                                                         const TlsSettings& tls) {
  if (options.transport_factory) return options.transport_factory(url);
  CurlTransportOptions curl;
  curl.allow_cleartext_remote = tls.insecure;
  curl.ca_pem = tls.ca_pem;
  curl.pinned_public_key = tls.pinned_public_key;
  // A pin alone vouches for the server (a self-signed certificate); with a
  // CA as well, both must agree.
  curl.verify_peer = tls.pinned_public_key.empty() || !tls.ca_pem.empty();
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(url, std::move(curl));
  if (!t.ok()) return t.status();
  return std::unique_ptr<Transport>(*std::move(t));
}

// The first handshake of a device just enrolled, which spends its code
// on the server (see Client::Enrol). Once, no retry: what it would learn,
// the first sync learns again.
void ConfirmEnrolment(Transport& transport, const std::string& token, absl::Duration deadline) {
  v1::HandshakeRequest request;
  request.set_protocol_version(client::kProtocolVersion);
  request.set_schema_version(kSchemaVersion);
  request.set_client_version(client::kClientVersion);
  request.set_outbox_first_seq(1);
  request.set_next_seq(1);
  CallOptions call;
  call.token = token;
  call.deadline = deadline;
  transport.Call("Handshake", request.SerializeAsString(), call, nullptr).IgnoreError();
}

RetryPolicy PolicyOf(const ClientOptions& options) {
  return options.retry_policy ? *options.retry_policy : RetryPolicy{};
}

Role RoleOf(int role) {
  if (role == v1::ROLE_FIELD) return Role::kField;
  if (role == v1::ROLE_COORDINATOR) return Role::kCoordinator;
  if (role == v1::ROLE_NETWORK_COORDINATOR) return Role::kNetworkCoordinator;
  return Role::kUnknown;
}

// An attendance's id follows from its meeting and person (docs/design.md), so
// two devices marking the same person at the same meeting make one record.
// Empty if either is missing: validation names the missing field.
absl::StatusOr<std::string> DerivedAttendanceId(const Fields& fields) {
  auto meeting = fields.find("meeting");
  auto person = fields.find("person");
  if (meeting == fields.end() || person == fields.end()) return std::string();
  const auto* m = std::get_if<Ref>(&meeting->second);
  const auto* p = std::get_if<Ref>(&person->second);
  if (m == nullptr || p == nullptr) return std::string();
  absl::StatusOr<std::string> id = AttendanceId(m->id, p->id);
  if (!id.ok()) return id.status();
  return Uuid::Parse(*id)->bytes();
}

ReportFormat FormatOf(ReportRequest::Format format) {
  switch (format) {
    case ReportRequest::Format::kHtml:
      return ReportFormat::kHtml;
    case ReportRequest::Format::kCsv:
      return ReportFormat::kCsv;
    case ReportRequest::Format::kTable:
      return ReportFormat::kTable;
    case ReportRequest::Format::kJson:
      break;
  }
  return ReportFormat::kJson;
}

}  // namespace

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Client::~Client() = default;

absl::StatusOr<std::unique_ptr<Client>> Client::Open(const std::string& profile_path,
                                                     const ClientSettings& settings) {
  ClientOptions options;
  options.settings = settings;
  return ClientInternals::Open(profile_path, options);
}

absl::StatusOr<std::unique_ptr<Client>> OpenClient(const std::string& profile_path,
                                                   const ClientOptions& options) {
  return ClientInternals::Open(profile_path, options);
}

absl::StatusOr<std::unique_ptr<Client>> ClientInternals::Open(const std::string& profile_path,
                                                              const ClientOptions& options) {
  auto state = std::make_unique<Client::State>();
  state->clock = options.clock ? options.clock : &SystemClock::Get();
  state->options = options;
  state->options.settings.passphrase.clear();
  state->path = profile_path;
  // Before the key: a profile in use costs no wrong try.
  absl::StatusOr<std::unique_ptr<client::ProfileLock>> lock =
      client::ProfileLock::Acquire(profile_path);
  if (!lock.ok()) return lock.status();
  state->lock = *std::move(lock);
  absl::StatusOr<client::SecretKey> key = DataKey(profile_path, options);
  if (!key.ok()) return key.status();
  state->data_key = *std::move(key);
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(profile_path, state->clock, state->data_key, options.monotonic_clock);
  if (!store.ok()) return store.status();
  state->store = *std::move(store);
  return std::unique_ptr<Client>(new Client(std::move(state)));
}

absl::Status Client::ChangePassphrase(const std::string& new_passphrase) {
  if (new_passphrase.empty()) return absl::InvalidArgumentError("the new passphrase is empty");
  ClientOptions options = state_->options;
  options.settings.passphrase = new_passphrase;
  return client::RewrapKeyFile(client::KeyFilePath(state_->path), state_->data_key,
                               UnlockOf(options));
}

absl::Status Client::Wipe() {
  if (absl::Status s = client::DestroyKeyFile(client::KeyFilePath(state_->path)); !s.ok()) {
    return s;
  }
  state_->data_key = client::SecretKey();
  return state_->store->CloseAndRemove();
}

absl::Status Client::WipeProfile(const std::string& profile_path) {
  // Not under a running Client's feet (hromada ui holds its profile).
  absl::StatusOr<std::unique_ptr<client::ProfileLock>> lock =
      client::ProfileLock::Acquire(profile_path);
  if (!lock.ok() && lock.status().code() == absl::StatusCode::kAborted) return lock.status();
  if (absl::Status s = client::DestroyKeyFile(client::KeyFilePath(profile_path)); !s.ok()) {
    return s;
  }
  return Store::RemoveFiles(profile_path);
}

namespace {

TlsSettings TlsOf(const Profile& p) { return TlsSettings{p.tls_insecure, p.tls_ca_pem, p.tls_pin}; }

}  // namespace

absl::Status Client::Enrol(const std::string& server_url, const std::string& code,
                           const std::string& device_name, const TlsSettings& tls) {
  absl::MutexLock lock(&state_->sync_mu);
  if (state_->store->profile().enrolled()) {
    return absl::FailedPreconditionError(
        "this profile is already enrolled; use a new profile to enrol again");
  }
  if (code.empty()) return absl::InvalidArgumentError("the enrolment code is empty");
  absl::StatusOr<std::unique_ptr<Transport>> transport =
      MakeTransport(state_->options, server_url, tls);
  if (!transport.ok()) return transport.status();
  absl::StatusOr<v1::BundleSecrets> bundle_keys = client::NewBundleKeys();
  if (!bundle_keys.ok()) return bundle_keys.status();
  v1::EnrolRequest request;
  *request.mutable_bundle_keys() = bundle_keys->public_keys();
  request.set_code(code);
  request.set_device_name(device_name);
  request.set_protocol_version(client::kProtocolVersion);
  const std::string bytes = request.SerializeAsString();
  CallOptions call;
  call.deadline = state_->options.settings.call_deadline;
  absl::StatusOr<std::string> answer = Retry(
      PolicyOf(state_->options), [&] { return (*transport)->Call("Enrol", bytes, call, nullptr); });
  if (!answer.ok()) return ForPeople(answer.status());
  v1::EnrolResponse response;
  if (!response.ParseFromString(*answer) || response.device_id().size() != Uuid::kSize ||
      response.token().empty()) {
    return absl::InternalError("the server's answer to the enrolment is unreadable");
  }
  Profile p;
  p.server_url = server_url;
  p.device_id = response.device_id();
  p.token = response.token();
  p.role = response.role();
  p.communities.assign(response.community_ids().begin(), response.community_ids().end());
  p.tls_insecure = tls.insecure;
  p.tls_ca_pem = tls.ca_pem;
  p.tls_pin = tls.pinned_public_key;
  if (bundle::ValidPublicKeys(response.server_bundle_keys())) {  // else an older server
    *bundle_keys->mutable_peer() = response.server_bundle_keys();
    p.bundle_keys = bundle_keys->SerializeAsString();
  }
  if (absl::Status s = state_->store->SaveEnrolment(p); !s.ok()) return s;
  ConfirmEnrolment(**transport, p.token, state_->options.settings.call_deadline);
  if (response.server_time_ms() > 0) {
    return state_->store->SaveClockOffset(response.server_time_ms() - state_->clock->NowMillis());
  }
  return absl::OkStatus();
}

absl::Status Client::CheckServerUrl(const std::string& server_url, const TlsSettings& tls) const {
  return MakeTransport(state_->options, server_url, tls).status();
}

absl::StatusOr<RecordSync> Client::SyncStateOf(const std::string& kind, const std::string& id) {
  absl::StatusOr<std::string> id_bytes = client::ParseId(id, "the record id");
  if (!id_bytes.ok()) return id_bytes.status();
  absl::StatusOr<client::RecordSyncState> kept = state_->store->SyncStateOf(kind, *id_bytes);
  if (!kept.ok()) return kept.status();
  absl::StatusOr<std::optional<v1::Record>> record = state_->store->Get(kind, *id_bytes);
  if (!record.ok()) return record.status();
  RecordSync out;
  out.waiting = kept->waiting;
  out.synced_ms = kept->acked_ms;
  if (kept->waiting > 0) {
    out.state = RecordSync::State::kWaiting;
  } else if (kept->refused) {
    out.state = RecordSync::State::kRefused;
    out.refusal = kept->refusal;
  } else if (!record->has_value()) {
    return absl::NotFoundError(absl::StrCat("there is no ", kind, " ", id, " on this device"));
  }
  return out;
}

absl::StatusOr<BundleReport> Client::ExportBundle(const std::string& path) {
  absl::MutexLock lock(&state_->sync_mu);
  client::BundleCounts counts;
  absl::StatusOr<std::string> file = client::ExportBundle(*state_->store, *state_->clock, &counts);
  if (!file.ok()) return file.status();
  if (absl::Status s = bundle::WriteFile(path, *file); !s.ok()) return s;
  BundleReport report;
  report.changes = counts.changes;
  return report;
}

absl::StatusOr<BundleReport> Client::ImportBundle(const std::string& path) {
  absl::MutexLock lock(&state_->sync_mu);
  absl::StatusOr<std::string> file = bundle::ReadFile(path);
  if (!file.ok()) return file.status();
  absl::StatusOr<client::BundleCounts> counts =
      client::ImportBundle(*state_->store, *file, state_->clock->NowMillis());
  if (!counts.ok()) return counts.status();
  return BundleReport{0, counts->acked, counts->refused, counts->records, counts->resent};
}

absl::StatusOr<std::string> Client::Put(const std::string& kind, const std::string& id,
                                        const std::string& community_id, const Fields& fields) {
  return Put(Edit{kind, id, community_id, fields});
}

absl::StatusOr<std::string> Client::Put(const Edit& edit) {
  absl::StatusOr<std::vector<std::string>> ids = PutAll({edit});
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

// The 16 bytes of the record an edit names: its id, the derived id of an
// attendance, or a new time-ordered id.
absl::StatusOr<std::string> ClientInternals::IdOf(const Client::State& state, const Edit& edit) {
  if (!edit.id.empty()) return client::ParseId(edit.id, "the record id");
  if (edit.kind == "attendance") {
    absl::StatusOr<std::string> derived = DerivedAttendanceId(edit.fields);
    if (!derived.ok() || !derived->empty()) return derived;
  }
  const int64_t now = state.clock->NowMillis() + state.store->hlc().offset_ms();
  return Uuid::V7(now).bytes();
}

absl::StatusOr<std::vector<std::string>> Client::PutAll(const std::vector<Edit>& edits) {
  std::vector<v1::Record> changes;
  std::vector<std::string> ids;
  changes.reserve(edits.size());
  ids.reserve(edits.size());
  for (const Edit& edit : edits) {
    absl::StatusOr<std::string> id_bytes = ClientInternals::IdOf(*state_, edit);
    if (!id_bytes.ok()) return id_bytes.status();
    absl::StatusOr<v1::Record> change =
        client::ToChange(edit.kind, *id_bytes, edit.community_id, edit.fields);
    if (!change.ok()) return change.status();
    ids.push_back(IdToString(*id_bytes));
    changes.push_back(*std::move(change));
  }
  if (absl::Status s = state_->store->Apply(std::move(changes)); !s.ok()) return s;
  return ids;
}

absl::Status Client::Delete(const std::string& kind, const std::string& id) {
  absl::StatusOr<std::string> id_bytes = client::ParseId(id, "the record id");
  if (!id_bytes.ok()) return id_bytes.status();
  v1::Record change;
  change.set_kind(kind);
  change.set_id(*std::move(id_bytes));
  change.set_deleted_hlc(1);  // asks for a delete; the store stamps it
  std::vector<v1::Record> changes;
  changes.push_back(std::move(change));
  return state_->store->Apply(std::move(changes));
}

absl::StatusOr<std::optional<RecordView>> Client::Get(const std::string& kind,
                                                      const std::string& id) {
  absl::StatusOr<std::string> id_bytes = client::ParseId(id, "the record id");
  if (!id_bytes.ok()) return id_bytes.status();
  absl::StatusOr<std::optional<v1::Record>> record = state_->store->Get(kind, *id_bytes);
  if (!record.ok()) return record.status();
  if (!record->has_value() || IsDeleted(**record)) return std::nullopt;
  return client::ToView(**record);
}

absl::Status Client::ForEach(const std::string& kind,
                             const std::function<bool(const RecordView&)>& fn) {
  return state_->store->ForEach(kind, [&](const v1::Record& r) { return fn(client::ToView(r)); });
}

absl::StatusOr<std::vector<RecordView>> Client::List(const std::string& kind) {
  std::vector<RecordView> out;
  absl::Status s = ForEach(kind, [&](const RecordView& r) {
    out.push_back(r);
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Report> BuildReport(Client& client, const ReportQuery& query) {
  Store& store = ClientInternals::StoreOf(client);
  absl::StatusOr<StateOpenFn> open = store.StateOpener();
  if (!open.ok()) return open.status();
  return RunSealedReport(query, *open, [&](const SealedStateFn& fn) {
    return store.ScanSealedStates(ReportKinds(), fn);
  });
}

absl::StatusOr<std::string> Client::RenderReport(const ReportRequest& request) {
  absl::StatusOr<Report> report = BuildReport(
      *this, ReportQuery{request.community_id, request.from, request.to, request.as_of});
  if (!report.ok()) return report.status();
  return Render(*report, FormatOf(request.format));
}

absl::StatusOr<SyncReport> Client::Sync(const ProgressCallback& progress) {
  absl::MutexLock lock(&state_->sync_mu);
  const Profile profile = state_->store->profile();
  if (!profile.enrolled()) {
    return absl::FailedPreconditionError("this device is not enrolled yet; enrol it first");
  }
  absl::StatusOr<std::unique_ptr<Transport>> transport =
      MakeTransport(state_->options, profile.server_url, TlsOf(profile));
  if (!transport.ok()) return transport.status();
  client::SyncConfig config;
  config.retry = PolicyOf(state_->options);
  if (state_->options.settings.max_push_batch_bytes > 0) {
    config.max_push_bytes = state_->options.settings.max_push_batch_bytes;
  }
  config.deadline = state_->options.settings.call_deadline;
  config.link_clock = state_->options.link_clock;
  // A second connection fetches the next pull page while one is written.
  absl::StatusOr<std::unique_ptr<Transport>> prefetch =
      MakeTransport(state_->options, profile.server_url, TlsOf(profile));
  if (!prefetch.ok()) return prefetch.status();
  client::SyncEngine engine(state_->store.get(), transport->get(), state_->clock, config,
                            prefetch->get());
  const absl::Status raw = engine.Run(progress);
  if (const std::string reason = client::WipeReason(raw); !reason.empty()) {
    return ClientInternals::ObeyWipe(*state_, reason);
  }
  // A sync that gave up on the link already says what it saved and that
  // the next one continues (client::GaveUp).
  const absl::Status status = IsRetryable(raw) ? raw : ForPeople(raw);
  // In server time: a device clock a year off must not date the sync.
  const int64_t now = state_->clock->NowMillis() + state_->store->profile().clock_offset_ms;
  absl::Status saved =
      state_->store->SaveSyncOutcome(status.ok() ? now : 0, std::string(status.message()));
  if (!status.ok()) return status;
  if (!saved.ok()) return saved;
  return engine.report();
}

// The server ordered this device wiped. The profile is closed and
// crypto-erased (the wrapped key destroyed first, then the files); the
// Client goes on over an empty, unenrolled profile in memory, so that
// later calls fail plainly ("not enrolled") and nothing reaches the disk.
// Called under sync_mu. Other threads must not use the Client meanwhile.
absl::Status ClientInternals::ObeyWipe(Client::State& state, const std::string& reason) {
  state.data_key = client::SecretKey::Random();
  absl::StatusOr<std::unique_ptr<Store>> empty =
      Store::Open(":memory:", state.clock, state.data_key);
  if (!empty.ok()) return empty.status();
  state.store = *std::move(empty);  // closes the profile
  absl::Status erased = client::EraseProfile(state.path);
  if (!erased.ok()) {
    return absl::PermissionDeniedError(
        absl::StrCat(reason, "; erasing this device's hromada data failed: ", erased.message()));
  }
  return absl::PermissionDeniedError(
      absl::StrCat(reason, "; the hromada data on this device was erased"));
}

absl::StatusOr<ClientStatus> Client::GetStatus() {
  const Profile p = state_->store->profile();
  ClientStatus out;
  out.enrolled = p.enrolled();
  out.server_url = p.server_url;
  if (p.enrolled()) out.device_id = IdToString(p.device_id);
  out.role = RoleOf(p.role);
  for (const std::string& id : p.communities) out.communities.push_back(IdToString(id));
  absl::StatusOr<client::OutboxStats> outbox = state_->store->GetOutboxStats();
  if (!outbox.ok()) return outbox.status();
  out.pending_changes = outbox->count;
  absl::StatusOr<std::map<std::string, uint64_t>> files = state_->store->BlobsToSend();
  if (!files.ok()) return files.status();
  out.pending_files = files->size();
  for (const auto& [sha256, size] : *files) out.pending_file_bytes += size;
  absl::StatusOr<uint64_t> rejected = state_->store->RejectedCount();
  if (!rejected.ok()) return rejected.status();
  out.rejected = *rejected;
  if (p.last_sync_ms > 0) out.last_sync_ms = p.last_sync_ms;
  out.clock_offset_ms = p.clock_offset_ms;
  out.cursor = p.cursor;
  out.last_error = p.last_error;
  out.tls = TlsOf(p);
  return out;
}

absl::StatusOr<std::vector<RejectedChange>> Client::Rejected() {
  std::vector<RejectedChange> out;
  absl::Status s = state_->store->ForEachRejected([&](const client::StoredRejection& r) {
    RejectedChange c;
    c.device_seq = r.device_seq;
    c.kind = r.change.kind();
    c.id = IdToString(r.change.id());
    if (!r.change.community_id().empty()) c.community_id = IdToString(r.change.community_id());
    c.is_delete = r.change.deleted_hlc() != 0;
    c.fields = client::FieldsOf(r.change);
    c.code = static_cast<absl::StatusCode>(r.code);
    c.field = r.field;
    c.message = r.message;
    c.at_ms = r.at_ms;
    out.push_back(std::move(c));
  });
  if (!s.ok()) return s;
  return out;
}

namespace {

// The live record `id` (16 bytes) of a kind an attachment may name.
absl::StatusOr<v1::Record> AttachableRecord(Store& store, const std::string& id) {
  for (const std::string& kind : AttachableKinds()) {
    absl::StatusOr<std::optional<v1::Record>> record = store.Get(kind, id);
    if (!record.ok()) return record.status();
    if (record->has_value() && !IsDeleted(**record)) return **record;
  }
  return absl::NotFoundError(
      absl::StrCat("there is no record ", IdToString(id), " on this device to attach a file to"));
}

}  // namespace

absl::StatusOr<AttachmentInfo> Client::AddAttachment(const std::string& record_id,
                                                     const std::string& file_path) {
  absl::StatusOr<std::string> id = client::ParseId(record_id, "the record id");
  if (!id.ok()) return id.status();
  absl::StatusOr<v1::Record> target = AttachableRecord(*state_->store, *id);
  if (!target.ok()) return target.status();
  absl::StatusOr<std::string> content =
      client::ReadAttachmentFile(file_path, kDefaultMaxAttachmentBytes);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> sha256 = client::KeepContent(*state_->store, *content);
  if (!sha256.ok()) return sha256.status();
  absl::StatusOr<std::vector<AttachmentInfo>> existing = ListAttachments(record_id);
  if (!existing.ok()) return existing.status();
  for (const AttachmentInfo& a : *existing) {
    if (a.sha256 == *sha256) return a;
  }
  const std::string name = std::filesystem::path(file_path).filename().string();
  Fields fields = {{"record_kind", target->kind()},
                   {"record", Ref{record_id}},
                   {"sha256", *sha256},
                   {"size", static_cast<int64_t>(content->size())},
                   {"file_name", name.substr(0, 255)}};
  if (std::string type = client::MediaTypeOf(name); !type.empty()) fields["media_type"] = type;
  absl::StatusOr<std::string> made =
      Put("attachment", "", IdToString(target->community_id()), fields);
  if (!made.ok()) return made.status();
  absl::StatusOr<std::optional<v1::Record>> record =
      state_->store->Get("attachment", *client::ParseId(*made, "the attachment id"));
  if (!record.ok()) return record.status();
  absl::StatusOr<client::BlobInfo> blob = state_->store->GetBlob(*sha256);
  if (!blob.ok()) return blob.status();
  return client::InfoOf(**record, *blob);
}

absl::StatusOr<std::vector<AttachmentInfo>> Client::ListAttachments(const std::string& record_id) {
  absl::StatusOr<std::string> id = client::ParseId(record_id, "the record id");
  if (!id.ok()) return id.status();
  std::vector<v1::Record> found;
  absl::Status s = state_->store->ForEach("attachment", [&](const v1::Record& r) {
    for (const v1::Field& f : r.fields()) {
      if (f.name() == "record" && f.value().ref() == *id) found.push_back(r);
    }
    return true;
  });
  if (!s.ok()) return s;
  std::vector<AttachmentInfo> out;
  for (const v1::Record& r : found) {
    absl::StatusOr<client::BlobInfo> blob = state_->store->GetBlob(client::InfoOf(r, {}).sha256);
    if (!blob.ok()) return blob.status();
    out.push_back(client::InfoOf(r, *blob));
  }
  return out;
}

absl::Status Client::GetAttachment(const std::string& sha256_text, const std::string& output_path) {
  const std::string sha256 = absl::AsciiStrToLower(sha256_text);
  if (!IsSha256Hex(sha256)) {
    return absl::InvalidArgumentError("an attachment's SHA-256 is 64 hex digits");
  }
  absl::StatusOr<client::BlobInfo> held = state_->store->GetBlob(sha256);
  if (!held.ok()) return held.status();
  if (!held->whole()) {
    std::string attachment_id;
    absl::Status s = state_->store->ForEach("attachment", [&](const v1::Record& r) {
      if (client::InfoOf(r, {}).sha256 != sha256) return true;
      attachment_id = r.id();
      return false;
    });
    if (!s.ok()) return s;
    if (attachment_id.empty()) {
      return absl::NotFoundError("no attachment on this device has this SHA-256; sync first");
    }
    absl::MutexLock lock(&state_->sync_mu);
    const Profile profile = state_->store->profile();
    if (!profile.enrolled()) {
      return absl::FailedPreconditionError(
          "this attachment's file is not on this device, and the device is not enrolled to fetch "
          "it");
    }
    absl::StatusOr<std::unique_ptr<Transport>> transport =
        MakeTransport(state_->options, profile.server_url, TlsOf(profile));
    if (!transport.ok()) return transport.status();
    s = client::FetchContent(*state_->store, **transport, PolicyOf(state_->options), profile.token,
                             attachment_id, sha256);
    if (!s.ok()) return IsRetryable(s) ? ForPeople(s) : s;
  }
  absl::StatusOr<std::string> content = client::ReadContent(*state_->store, sha256);
  if (!content.ok()) return content.status();
  return WritePrivateFile(output_path, *content);
}

}  // namespace hromada
