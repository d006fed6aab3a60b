#include "client/src/store/store.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/src/store/restamp.h"
#include "shared/base/private_file.h"
#include "shared/report/report.h"
#include "shared/sync/merge.h"
#include "shared/sync/scope.h"

namespace hromada::client {

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path, const Clock* clock,
                                                   const SecretKey& data_key,
                                                   const MonotonicClock* monotonic) {
  if (absl::Status s = InitSodium(); !s.ok()) return s;
  if (path != ":memory:") {
    // Created 0600 before SQLite does (SQLite would use 0644 less the
    // umask; it gives -wal and -shm the main file's mode).
    if (absl::Status s = TouchPrivateFile(path); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<sql::Db>> db = sql::Db::Open(path);
  if (!db.ok()) return db.status();
  // WAL: readers never block the writer, commits append to one file.
  // Temporary tables and sorts stay in memory: nothing is spilled in clear.
  if (absl::Status s = (*db)->Exec(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA "
          "wal_autocheckpoint=8192; PRAGMA journal_size_limit=8388608; PRAGMA cache_size=-8192; "
          "PRAGMA temp_store=MEMORY;");
      !s.ok()) {
    if (s.code() == absl::StatusCode::kInternal) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot use ", path, " as a hromada profile (not a profile database?)"));
    }
    return s;
  }
  auto cipher = std::make_unique<RowCipher>(data_key);
  if (absl::Status s = CreateOrUpgradeSchema(db->get(), *cipher); !s.ok()) return s;
  uint64_t hlc_last = 0;
  absl::StatusOr<Profile> profile = Settings(db->get(), cipher.get()).Load(&hlc_last);
  if (!profile.ok()) return profile.status();
  if (monotonic == nullptr) monotonic = &SystemMonotonicClock();
  return std::unique_ptr<Store>(new Store(path, *std::move(db), std::move(cipher), clock, monotonic,
                                          *std::move(profile), hlc_last));
}

absl::StatusOr<int64_t> Store::PeekVersion(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return 0;
  absl::StatusOr<std::unique_ptr<sql::Db>> db = sql::Db::Open(path, /*read_only=*/true);
  if (!db.ok()) return db.status();
  absl::StatusOr<int64_t> version = SchemaVersion(db->get());
  if (!version.ok() && version.status().code() == absl::StatusCode::kInternal) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot use ", path, " as a hromada profile (not a profile database?)"));
  }
  return version;
}

Store::Store(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<RowCipher> cipher,
             const Clock* clock, const MonotonicClock* monotonic, Profile profile,
             uint64_t hlc_last)
    : path_(std::move(path)),
      clock_(clock),
      monotonic_(monotonic),
      db_(std::move(db)),
      cipher_(std::move(cipher)),
      records_(std::make_unique<RecordTable>(db_.get(), cipher_.get())),
      outbox_(std::make_unique<Outbox>(db_.get(), cipher_.get())),
      blobs_(std::make_unique<BlobTable>(db_.get(), cipher_.get())),
      settings_(std::make_unique<Settings>(db_.get(), cipher_.get())),
      profile_(std::move(profile)),
      hlc_(clock, hlc_last, profile_.clock_offset_ms) {}

absl::Status Store::CheckOpen() const {
  if (db_ != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError("this profile was wiped; enrol the device again");
}

absl::StatusOr<sql::Transaction> Store::Begin() {
  return sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
}

absl::Status Store::SaveHlc() {
  return settings_->Put("hlc_last", static_cast<int64_t>(hlc_.last()));
}

absl::Status Store::CloseAndRemove() {
  absl::MutexLock lock(&mu_);
  records_.reset();
  outbox_.reset();
  blobs_.reset();
  settings_.reset();
  db_.reset();
  cipher_.reset();
  profile_ = Profile();
  return RemoveFiles(path_);
}

absl::Status Store::RemoveFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    if (::unlink(file.c_str()) != 0 && errno != ENOENT) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot remove ", file, ": ", std::strerror(errno)));
    }
  }
  return absl::OkStatus();
}

Profile Store::profile() const {
  absl::MutexLock lock(&mu_);
  return profile_;
}

absl::Status Store::SaveEnrolment(const Profile& e) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = settings_->PutEnrolment(e); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.server_url = e.server_url;
  profile_.device_id = e.device_id;
  profile_.token = e.token;
  profile_.role = e.role;
  profile_.communities = e.communities;
  profile_.tls_insecure = e.tls_insecure;
  profile_.tls_ca_pem = e.tls_ca_pem;
  profile_.tls_pin = e.tls_pin;
  profile_.bundle_keys = e.bundle_keys;
  return absl::OkStatus();
}

absl::Status Store::SaveScope(int role, const std::vector<std::string>& communities) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (role == profile_.role && communities == profile_.communities) return absl::OkStatus();
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = settings_->PutScope(role, communities); !s.ok()) return s;
  // Conflicts hold personal values that lost (shared/sync/conflict.h): a
  // device keeps only those it would still be sent.
  const ReadScope scope = ReadScopeOf(static_cast<v1::Role>(role), communities);
  if (absl::Status s = records_->DropUnreadConflicts(scope); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.role = role;
  profile_.communities = communities;
  return absl::OkStatus();
}

absl::Status Store::SaveClockOffset(int64_t offset_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  hlc_.set_offset_ms(offset_ms);
  if (offset_ms == profile_.clock_offset_ms) return absl::OkStatus();
  if (absl::Status s = settings_->Put("clock_offset_ms", offset_ms); !s.ok()) return s;
  profile_.clock_offset_ms = offset_ms;
  return absl::OkStatus();
}

absl::Status Store::SaveMeasuredOffset(int64_t offset_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  hlc_.set_offset_ms(offset_ms);
  const int64_t wall = clock_->NowMillis();
  const MonotonicReading mono = monotonic_->Now();
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  for (absl::Status s :
       {settings_->Put("clock_offset_ms", offset_ms), settings_->Put("offset_wall_ms", wall),
        settings_->Put("offset_mono_ms", mono.ms),
        settings_->Put("offset_boot_id", mono.boot_id)}) {
    if (!s.ok()) return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.clock_offset_ms = offset_ms;
  profile_.offset_wall_ms = wall;
  profile_.offset_mono_ms = mono.ms;
  profile_.offset_boot_id = mono.boot_id;
  return absl::OkStatus();
}

bool Store::OffsetHolds() const {
  absl::MutexLock lock(&mu_);
  return OffsetStillHolds({profile_.offset_boot_id, profile_.offset_mono_ms},
                          profile_.offset_wall_ms, monotonic_->Now(), clock_->NowMillis());
}

absl::Status Store::SaveSyncOutcome(int64_t last_sync_ms, const std::string& last_error) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (last_sync_ms != 0) {
    if (absl::Status s = settings_->Put("last_sync_ms", last_sync_ms); !s.ok()) return s;
  }
  if (absl::Status s = settings_->Put("last_error", last_error); !s.ok()) return s;
  if (absl::Status s = SaveHlc(); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  if (last_sync_ms != 0) profile_.last_sync_ms = last_sync_ms;
  profile_.last_error = last_error;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Record>> Store::Get(absl::string_view kind, absl::string_view id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return records_->Get(kind, id);
}

absl::Status Store::ForEach(absl::string_view kind,
                            const std::function<bool(const v1::Record&)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return records_->ForEach(kind, fn);
}

absl::Status Store::ScanSealedStates(
    const std::vector<std::string>& kinds,
    const std::function<absl::Status(absl::string_view, absl::string_view, absl::string_view,
                                     absl::string_view)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return records_->ScanSealed(kinds, fn);
}

absl::StatusOr<std::function<absl::Status(absl::string_view, absl::string_view, absl::string_view,
                                          std::string*)>>
Store::StateOpener() const {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return [cipher = cipher_](absl::string_view kind, absl::string_view id, absl::string_view sealed,
                            std::string* state) {
    thread_local std::string ad;
    RecordAd(kind, id, &ad);
    return cipher->Open(sealed, ad, state);
  };
}

// The outbox's reads.

absl::StatusOr<OutboxStats> Store::GetOutboxStats() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return outbox_->Stats();
}

absl::StatusOr<OutboxBatch> Store::ReadOutbox(uint64_t after_seq, size_t max_bytes) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return outbox_->Read(after_seq, max_bytes);
}

absl::StatusOr<uint64_t> Store::RejectedCount() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return outbox_->RejectedCount();
}

absl::Status Store::ForEachRejected(const std::function<void(const StoredRejection&)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return outbox_->ForEachRejected(fn);
}

absl::StatusOr<RecordSyncState> Store::SyncStateOf(absl::string_view kind, absl::string_view id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return outbox_->SyncStateOf(kind, id);
}

// Attachment contents: one transaction where a step writes more than one row.

absl::StatusOr<BlobInfo> Store::GetBlob(absl::string_view sha256) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->Get(sha256);
}

absl::StatusOr<std::map<std::string, uint64_t>> Store::BlobsToSend() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->ToSend();
}

absl::Status Store::AppendBlob(absl::string_view sha256, uint64_t size, uint64_t offset,
                               absl::string_view data) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = blobs_->Append(sha256, size, offset, data); !s.ok()) return s;
  return txn->Commit();
}

absl::StatusOr<std::string> Store::ReadBlob(absl::string_view sha256, uint64_t offset) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->Read(sha256, offset);
}

absl::StatusOr<std::string> Store::BlobDigest(absl::string_view sha256) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->Digest(sha256);
}

absl::Status Store::MarkBlobSent(absl::string_view sha256) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->MarkSent(sha256);
}

absl::Status Store::ForgetBlobsSent() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return blobs_->ForgetSent();
}

absl::Status Store::DropBlob(absl::string_view sha256) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = blobs_->Drop(sha256); !s.ok()) return s;
  return txn->Commit();
}

}  // namespace hromada::client
