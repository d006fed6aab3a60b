#include "client/src/store/store.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "shared/base/private_file.h"
#include "shared/report/report.h"
#include "shared/sync/merge.h"
#include "shared/sync/scope.h"

namespace hromada::client {
namespace {

// Records live in rowid order (arrival), with a unique index on (kind, id)
// that also serves listing by kind. Ids are random (UUIDv4/v5), so a page
// of pulled records lands all over the key space: keyed on (kind, id)
// itself (WITHOUT ROWID) every commit would rewrite most of the table's
// pages; keyed on rowid only the small index pages are scattered, and a
// commit writes a few MB instead of the whole file.
//
// Schema 2 seals every personal payload (crypto.h): records.state,
// outbox.change, rejected.change and .message, and the settings named in
// kSealedSettings. Ids, kinds, community ids, flags and counters stay clear
// for the indexes. Schema 1 (all in clear) is encrypted in place on open.
constexpr absl::string_view kSchema = R"sql(
CREATE TABLE records (
  kind TEXT NOT NULL,
  id BLOB NOT NULL,
  community_id BLOB NOT NULL,
  state BLOB NOT NULL,          -- sealed serialized canonical hromada.v1.Record
  deleted INTEGER NOT NULL      -- 1: a tombstone with no live field
);
CREATE UNIQUE INDEX records_by_id ON records (kind, id);
CREATE TABLE outbox (
  device_seq INTEGER PRIMARY KEY,
  change BLOB NOT NULL          -- sealed serialized hromada.v1.Record, change form
);
CREATE TABLE rejected (
  device_seq INTEGER PRIMARY KEY,
  change BLOB NOT NULL,
  code INTEGER NOT NULL,        -- google.rpc.Code
  field TEXT NOT NULL,
  message BLOB NOT NULL,        -- sealed
  at_ms INTEGER NOT NULL
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

// Schema 3: beside each outbox change, the clocks when it was made
// (docs/protocol.md, "Clocks"); a change made before it has no row. Clocks
// and counters only: nothing personal, so nothing sealed.
constexpr absl::string_view kOutboxClock = R"sql(
CREATE TABLE IF NOT EXISTS outbox_clock (
  device_seq INTEGER PRIMARY KEY,
  wall_ms INTEGER NOT NULL,     -- the device's wall clock, uncorrected
  offset_ms INTEGER NOT NULL,   -- the offset the HLC added to it then
  mono_ms INTEGER NOT NULL,     -- its monotonic clock (CLOCK_BOOTTIME)
  boot_id TEXT NOT NULL         -- the boot mono_ms counts from
);
PRAGMA user_version = 3;
)sql";

// Schema 4: every change as it was pushed, kept after its ack (Ack), so
// that a server restored from an older backup gets it again (AdoptEpoch).
// Sealed like the outbox, under the same device_seq.
constexpr absl::string_view kSentLog = R"sql(
CREATE TABLE IF NOT EXISTS sent (
  device_seq INTEGER PRIMARY KEY,
  change BLOB NOT NULL          -- sealed serialized hromada.v1.Record, as pushed
);
PRAGMA user_version = 4;
)sql";

// Schema 5: when each record's last change was acked (sync_state.cc), for
// "did it arrive?". Ids and times only: nothing personal, nothing sealed.
constexpr absl::string_view kRecordSync = R"sql(
CREATE TABLE IF NOT EXISTS record_sync (
  kind TEXT NOT NULL,
  id BLOB NOT NULL,
  acked_ms INTEGER NOT NULL,    -- device clock when the ack came
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
PRAGMA user_version = 5;
)sql";

// Schema 6: the device_seq of each record's last acked change, so that a
// refusal is weighed against the ack by order, not by a clock that may
// have jumped (sync_state.cc). 0 in rows from schema 5: compared by time.
constexpr absl::string_view kRecordSyncSeq = R"sql(
ALTER TABLE record_sync ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
)sql";

// Schema 7: records.refs, an attendance's meeting and person ids in clear
// (ReportRefs), so a report counts it without opening its state; NULL for
// other kinds. Ids only, which the attendance's own clear id is derived
// from anyway (docs/security.md). Added and filled by AddReportRefs
// (migrate.cc).

// Schema 8: attachment contents by SHA-256 (blob_store.cc). Each chunk is
// sealed (BlobAd); the digest, sizes and flags stay clear to find them.
constexpr absl::string_view kBlobs = R"sql(
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  held INTEGER NOT NULL,        -- bytes held, from 0
  sent INTEGER NOT NULL         -- 1: the server holds it whole
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blob_chunks (
  sha256 TEXT NOT NULL,
  chunk INTEGER NOT NULL,       -- offset / Store::kBlobChunkBytes
  data BLOB NOT NULL,           -- sealed
  PRIMARY KEY (sha256, chunk)
) WITHOUT ROWID;
PRAGMA user_version = 8;
)sql";

// Settings that hold the token or text from the server.
constexpr absl::string_view kSealedSettings[] = {"server_url", "token", "last_error",
                                                 "bundle_keys"};

bool IsSealed(absl::string_view key) {
  return std::find(std::begin(kSealedSettings), std::end(kSealedSettings), key) !=
         std::end(kSealedSettings);
}

absl::StatusOr<int64_t> SchemaVersion(sql::Db* db) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt = db->PrepareOnce("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return *row ? (*stmt)->Int(0) : 0;
}

// Creates the schema in a new file, or brings an older one up to date: a
// schema-1 profile is encrypted (EncryptV1, migrate.cc), then the outbox's
// clocks are added.
absl::Status CreateOrCheckSchema(sql::Db* db, const RowCipher& cipher) {
  absl::StatusOr<int64_t> version = SchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version == Store::kSchemaVersion) return absl::OkStatus();
  if (*version > Store::kSchemaVersion) {
    return absl::FailedPreconditionError(
        "this profile was written by a newer version of hromada; update the app to open it");
  }
  if (*version == 1) {
    if (absl::Status s = EncryptV1(db, cipher); !s.ok()) return s;  // now schema 2
  }
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db, "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  if (*version == 0) {
    if (absl::Status s = db->Exec(kSchema); !s.ok()) return s;
  }
  if (absl::Status s = db->Exec(kOutboxClock); !s.ok()) return s;
  if (absl::Status s = db->Exec(kSentLog); !s.ok()) return s;
  if (absl::Status s = db->Exec(kRecordSync); !s.ok()) return s;
  absl::StatusOr<bool> has_seq = HasColumn(db, "record_sync", "acked_seq");
  if (!has_seq.ok()) return has_seq.status();
  if (!*has_seq) {
    if (absl::Status s = db->Exec(kRecordSyncSeq); !s.ok()) return s;
  }
  if (absl::Status s = AddReportRefs(db, cipher); !s.ok()) return s;
  if (absl::Status s = db->Exec(kBlobs); !s.ok()) return s;
  return txn->Commit();
}

std::vector<std::string> SplitIds(absl::string_view packed) {
  std::vector<std::string> ids;
  for (size_t i = 0; i + 16 <= packed.size(); i += 16) ids.emplace_back(packed.substr(i, 16));
  return ids;
}

// Reads the settings table into a Profile; returns hlc_last through `hlc`.
absl::StatusOr<Profile> LoadProfile(sql::Db* db, const RowCipher& cipher, uint64_t* hlc) {
  absl::StatusOr<sql::Stmt*> stmt = db->Prepare("SELECT key, value FROM settings");
  if (!stmt.ok()) return stmt.status();
  Profile p;
  *hlc = 0;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const absl::string_view key = (*stmt)->Text(0);
    sql::Stmt& s = **stmt;
    std::string* secret = key == "server_url"    ? &p.server_url
                          : key == "token"       ? &p.token
                          : key == "last_error"  ? &p.last_error
                          : key == "bundle_keys" ? &p.bundle_keys
                                                 : nullptr;
    if (secret != nullptr) {
      if (absl::Status st = cipher.Open(s.Blob(1), SettingAd(key), secret); !st.ok()) return st;
    }
    if (key == "device_id") p.device_id = std::string(s.Blob(1));
    if (key == "role") p.role = static_cast<int>(s.Int(1));
    if (key == "communities") p.communities = SplitIds(s.Blob(1));
    if (key == "cursor") p.cursor = static_cast<uint64_t>(s.Int(1));
    if (key == "next_seq") p.next_seq = static_cast<uint64_t>(s.Int(1));
    if (key == "clock_offset_ms") p.clock_offset_ms = s.Int(1);
    if (key == "last_sync_ms") p.last_sync_ms = s.Int(1);
    if (key == "hlc_last") *hlc = static_cast<uint64_t>(s.Int(1));
    if (key == "tls_insecure") p.tls_insecure = s.Int(1) != 0;
    if (key == "tls_ca_pem") p.tls_ca_pem = std::string(s.Blob(1));
    if (key == "tls_pin") p.tls_pin = std::string(s.Blob(1));
    if (key == "epoch") p.epoch = std::string(s.Blob(1));
    if (key == "resent_through") p.stamps_kept_through = static_cast<uint64_t>(s.Int(1));
  }
  (*stmt)->Reset();
  return p;
}

}  // namespace

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
  if (absl::Status s = CreateOrCheckSchema(db->get(), *cipher); !s.ok()) return s;
  uint64_t hlc_last = 0;
  absl::StatusOr<Profile> profile = LoadProfile(db->get(), *cipher, &hlc_last);
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
      profile_(std::move(profile)),
      hlc_(clock, hlc_last, profile_.clock_offset_ms) {}

absl::Status Store::CheckOpen() const {
  if (db_ != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError("this profile was wiped; enrol the device again");
}

absl::Status Store::CloseAndRemove() {
  absl::MutexLock lock(&mu_);
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

std::string Store::SealState(const v1::Record& state) {
  state.SerializeToString(&plain_);
  RecordAd(state.kind(), state.id(), &ad_);
  return cipher_->Seal(plain_, ad_);
}

absl::Status Store::OpenState(absl::string_view sealed, absl::string_view kind,
                              absl::string_view id, v1::Record* state) {
  RecordAd(kind, id, &ad_);
  if (absl::Status s = cipher_->Open(sealed, ad_, &plain_); !s.ok()) return s;
  if (!state->ParseFromString(plain_)) {
    return absl::DataLossError("a record in the local profile is corrupt");
  }
  return absl::OkStatus();
}

Profile Store::profile() const {
  absl::MutexLock lock(&mu_);
  return profile_;
}

absl::Status Store::PutSetting(absl::string_view key, absl::string_view value) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.status();
  if (IsSealed(key)) {
    return (*stmt)->BindText(1, key).BindBlob(2, cipher_->Seal(value, SettingAd(key))).Run();
  }
  return (*stmt)->BindText(1, key).BindBlob(2, value).Run();
}

absl::Status Store::PutSetting(absl::string_view key, int64_t value) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->BindText(1, key).Bind(2, value).Run();
}

absl::Status Store::SaveEnrolment(const Profile& e) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  std::string packed;
  for (const std::string& id : e.communities) packed += id;
  for (absl::Status s :
       {PutSetting("server_url", e.server_url), PutSetting("device_id", e.device_id),
        PutSetting("token", e.token), PutSetting("role", e.role), PutSetting("communities", packed),
        PutSetting("tls_insecure", e.tls_insecure ? 1 : 0), PutSetting("tls_ca_pem", e.tls_ca_pem),
        PutSetting("tls_pin", e.tls_pin), PutSetting("bundle_keys", e.bundle_keys)}) {
    if (!s.ok()) return s;
  }
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

absl::Status Store::DropUnreadConflicts(int role, const std::vector<std::string>& communities) {
  // Conflicts hold personal values that lost (shared/sync/conflict.h): a device
  // keeps only those it would still be sent.
  const ReadScope scope = ReadScopeOf(static_cast<v1::Role>(role), communities);
  std::vector<std::string> drop;
  {
    absl::StatusOr<std::unique_ptr<sql::Stmt>> scan =
        db_->PrepareOnce("SELECT DISTINCT community_id FROM records WHERE kind = 'conflict'");
    if (!scan.ok()) return scan.status();
    for (;;) {
      absl::StatusOr<bool> row = (*scan)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (!scope.Reads((*scan)->Blob(0))) drop.emplace_back((*scan)->Blob(0));
    }
  }
  for (const std::string& scope_id : drop) {
    absl::StatusOr<sql::Stmt*> del =
        db_->Prepare("DELETE FROM records WHERE kind = 'conflict' AND community_id = ?");
    if (!del.ok()) return del.status();
    if (absl::Status s = (*del)->BindBlob(1, scope_id).Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Store::SaveScope(int role, const std::vector<std::string>& communities) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (role == profile_.role && communities == profile_.communities) return absl::OkStatus();
  std::string packed;
  for (const std::string& id : communities) packed += id;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  if (absl::Status s = PutSetting("role", role); !s.ok()) return s;
  if (absl::Status s = PutSetting("communities", packed); !s.ok()) return s;
  if (absl::Status s = DropUnreadConflicts(role, communities); !s.ok()) return s;
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
  if (absl::Status s = PutSetting("clock_offset_ms", offset_ms); !s.ok()) return s;
  profile_.clock_offset_ms = offset_ms;
  return absl::OkStatus();
}

absl::Status Store::SaveSyncOutcome(int64_t last_sync_ms, const std::string& last_error) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  if (last_sync_ms != 0) {
    if (absl::Status s = PutSetting("last_sync_ms", last_sync_ms); !s.ok()) return s;
  }
  if (absl::Status s = PutSetting("last_error", last_error); !s.ok()) return s;
  if (absl::Status s = PutSetting("hlc_last", static_cast<int64_t>(hlc_.last())); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  if (last_sync_ms != 0) profile_.last_sync_ms = last_sync_ms;
  profile_.last_error = last_error;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Record>> Store::Load(absl::string_view kind,
                                                      absl::string_view id) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("SELECT state FROM records WHERE kind = ? AND id = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  v1::Record record;
  absl::Status s = OpenState((*stmt)->Blob(0), kind, id, &record);
  (*stmt)->Reset();
  if (!s.ok()) return s;
  return record;
}

absl::StatusOr<bool> Store::PutState(const v1::Record& state, bool replace) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(
      replace ? "INSERT INTO records (kind, id, community_id, state, deleted, refs) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
                "state = excluded.state, deleted = excluded.deleted, refs = excluded.refs"
              : "INSERT INTO records (kind, id, community_id, state, deleted, refs) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING");
  if (!stmt.ok()) return stmt.status();
  BindRow(state, SealState(state), *stmt);
  if (absl::Status s = (*stmt)->Run(); !s.ok()) return s;
  return db_->Changes() > 0;
}

void BindRow(const v1::Record& state, absl::string_view sealed, sql::Stmt* stmt) {
  stmt->BindText(1, state.kind())
      .BindBlob(2, state.id())
      .BindBlob(3, state.community_id())
      .BindBlob(4, sealed)
      .Bind(5, IsDeleted(state) ? 1 : 0);
  const std::string refs = ReportRefs(state);
  if (refs.empty()) {
    stmt->BindNull(6);
  } else {
    stmt->BindBlob(6, refs);
  }
}

absl::Status Store::WriteState(const v1::Record& state) {
  return PutState(state, /*replace=*/true).status();
}

absl::StatusOr<bool> Store::InsertState(const v1::Record& state) {
  return PutState(state, /*replace=*/false);
}

absl::StatusOr<std::optional<v1::Record>> Store::Get(absl::string_view kind, absl::string_view id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return Load(kind, id);
}

absl::Status Store::ForEach(absl::string_view kind,
                            const std::function<bool(const v1::Record&)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  // A one-off statement: `fn` may run long, and the cached ones must stay
  // free for this thread's other uses.
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt =
      db_->PrepareOnce("SELECT id, state FROM records WHERE kind = ? AND deleted = 0 ORDER BY id");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, kind);
  v1::Record record;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    absl::Status s = OpenState((*stmt)->Blob(1), kind, (*stmt)->Blob(0), &record);
    if (!s.ok()) return s;
    if (!fn(record)) return absl::OkStatus();
  }
}

absl::Status Store::ScanSealedStates(
    const std::vector<std::string>& kinds,
    const std::function<absl::Status(absl::string_view, absl::string_view, absl::string_view,
                                     absl::string_view)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt =
      db_->PrepareOnce("SELECT kind, id, refs, state FROM records WHERE deleted = 0");
  if (!stmt.ok()) return stmt.status();
  sql::Stmt& row = **stmt;
  for (;;) {
    absl::StatusOr<bool> more = row.Step();
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    const absl::string_view kind = row.Text(0);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
    // With clear refs the sealed state is not even read from the row.
    const absl::string_view refs = row.Blob(2);
    const absl::string_view sealed = refs.empty() ? row.Blob(3) : absl::string_view();
    if (absl::Status s = fn(kind, row.Blob(1), sealed, refs); !s.ok()) return s;
  }
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

}  // namespace hromada::client
