#include "server/store/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <iterator>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "shared/base/private_file.h"

namespace hromada::server {
namespace {

constexpr int kSchemaVersion = 6;

// Records are stored in pull order: updated_seq is the rowid, so a new
// record is an append. A pull reads records_by_community, one range per
// community in its scope, and each row's state by rowid. A record's
// state is its serialized canonical v1::Record, which keeps fields (and
// protobuf fields) this server does not know.
constexpr absl::string_view kSchema = R"sql(
CREATE TABLE records(
  updated_seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  id BLOB NOT NULL,
  community_id BLOB NOT NULL,
  sole_writer BLOB NOT NULL,
  state BLOB NOT NULL);
CREATE UNIQUE INDEX records_by_id ON records(kind, id);
CREATE INDEX records_by_community ON records(community_id, updated_seq);
CREATE TABLE devices(
  id BLOB PRIMARY KEY,
  name TEXT NOT NULL,
  role INTEGER NOT NULL,
  token_hash BLOB UNIQUE,
  code_hash BLOB UNIQUE,
  code_expires_ms INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  enrolled_ms INTEGER NOT NULL DEFAULT 0,
  last_seen_ms INTEGER NOT NULL DEFAULT 0,
  acked_through INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0,
  revoke_reason TEXT NOT NULL DEFAULT '',
  retiring INTEGER NOT NULL DEFAULT 0,
  retired_ms INTEGER NOT NULL DEFAULT 0,
  last_sync_ms INTEGER NOT NULL DEFAULT 0,
  bundle_keys BLOB NOT NULL DEFAULT x'',
  bundle_cursor INTEGER NOT NULL DEFAULT 0,
  bundle_first_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE rejections(
  device_id BLOB NOT NULL,
  device_seq INTEGER NOT NULL,
  code INTEGER NOT NULL,
  field TEXT NOT NULL,
  message TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  id BLOB NOT NULL DEFAULT x'',
  PRIMARY KEY(device_id, device_seq)) WITHOUT ROWID;
CREATE TABLE device_communities(
  device_id BLOB NOT NULL REFERENCES devices(id),
  community_id BLOB NOT NULL,
  PRIMARY KEY(device_id, community_id)) WITHOUT ROWID;
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  event TEXT NOT NULL,
  device_id BLOB NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX audit_by_time ON audit(at_ms);
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
)sql";

// kUpgrades[v - 1] brings schema v to v + 1 (kSchema is the newest).
constexpr absl::string_view kUpgrades[] = {
    // 2: a refusal names its record, so its answer can carry the state.
    "ALTER TABLE rejections ADD COLUMN kind TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE rejections ADD COLUMN id BLOB NOT NULL DEFAULT x'';",
    // 3: device lifecycle (revoke reason, retirement, last sync).
    "ALTER TABLE devices ADD COLUMN revoke_reason TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE devices ADD COLUMN retiring INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE devices ADD COLUMN retired_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE devices ADD COLUMN last_sync_ms INTEGER NOT NULL DEFAULT 0;",
    // 4: the audit log (server/admin/audit.h).
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, event TEXT NOT NULL,"
    " device_id BLOB NOT NULL, detail TEXT NOT NULL);"
    "CREATE INDEX audit_by_time ON audit(at_ms);",
    // 5: a pull reads its communities' rows alone (ScanChanges), and the
    // database's epoch (Store::Epoch) lives in meta.
    "CREATE INDEX records_by_community ON records(community_id, updated_seq);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
    // 6: bundles (server/sync/bundle.h): the device's keys and last bundle's
    // cursor; the server's own bundle keys live in meta.
    "ALTER TABLE devices ADD COLUMN bundle_keys BLOB NOT NULL DEFAULT x'';"
    "ALTER TABLE devices ADD COLUMN bundle_cursor INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE devices ADD COLUMN bundle_first_seq INTEGER NOT NULL DEFAULT 0;",
};
static_assert(std::size(kUpgrades) == kSchemaVersion - 1);

constexpr char kDeviceColumns[] =
    "SELECT id, name, role, created_ms, enrolled_ms, last_seen_ms, acked_through, revoked, "
    "revoke_reason, retiring, retired_ms, last_sync_ms, "
    "(SELECT count(*) FROM rejections r WHERE r.device_id=devices.id), "
    "bundle_keys, bundle_cursor, bundle_first_seq, token_hash, code_hash, code_expires_ms "
    "FROM devices ";

// Every column of a device's row but its id, ?1; a hash "" is stored NULL
// (UNIQUE lets many rows have none).
constexpr char kPutDevice[] =
    "INSERT INTO devices(id, name, role, created_ms, enrolled_ms, last_seen_ms, acked_through, "
    "revoked, revoke_reason, retiring, retired_ms, last_sync_ms, bundle_keys, bundle_cursor, "
    "bundle_first_seq, token_hash, code_hash, code_expires_ms) "
    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,NULLIF(?16,x''),NULLIF(?17,x''),?18)"
    " "
    "ON CONFLICT(id) DO UPDATE SET name=?2, role=?3, created_ms=?4, enrolled_ms=?5, "
    "last_seen_ms=?6, acked_through=?7, revoked=?8, revoke_reason=?9, retiring=?10, "
    "retired_ms=?11, last_sync_ms=?12, bundle_keys=?13, bundle_cursor=?14, bundle_first_seq=?15, "
    "token_hash=NULLIF(?16,x''), code_hash=NULLIF(?17,x''), code_expires_ms=?18";

// The WHERE (and ORDER BY) of a device read: ?1 the key's value.
std::string DeviceWhere(const DeviceKey& key) {
  switch (key.by) {
    case DeviceKey::By::kId:
      return "WHERE id=?1";
    case DeviceKey::By::kCodeHash:
      return "WHERE code_hash=?1";
    case DeviceKey::By::kTokenHash:
      return "WHERE token_hash=?1";
    case DeviceKey::By::kAll:
      break;
  }
  return "ORDER BY created_ms, name";
}

absl::Status Configure(sql::Db* db) {
  return db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

// The writer gets a 64 MiB page cache: the (kind, id) index takes random
// inserts, and with SQLite's default 2 MiB every push re-read its pages.
// Readers scan in rowid order and keep the default, so that many pulls at
// once do not multiply it.
absl::Status ConfigureWriter(sql::Db* db) {
  if (absl::Status s = Configure(db); !s.ok()) return s;
  return db->Exec("PRAGMA cache_size=-65536;");
}

// Brings the schema up to date; `*created` tells whether the file was new.
absl::Status Migrate(sql::Db* db, bool* created) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare("PRAGMA user_version");
  if (!q.ok()) return q.status();
  absl::StatusOr<bool> row = (*q)->Step();
  if (!row.ok()) return row.status();
  const int64_t version = (*q)->Int(0);
  (*q)->Reset();
  *created = version == 0;
  if (version == kSchemaVersion) return absl::OkStatus();
  if (version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("the database was written by a newer hromada (schema ", version,
                     "); upgrade hromada-server"));
  }
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db, "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  if (version == 0) {
    if (absl::Status s = db->Exec(kSchema); !s.ok()) return s;
  }
  for (int64_t v = version == 0 ? kSchemaVersion : version; v < kSchemaVersion; ++v) {
    if (absl::Status s = db->Exec(kUpgrades[v - 1]); !s.ok()) return s;
  }
  if (absl::Status s = db->Exec(absl::StrCat("PRAGMA user_version=", kSchemaVersion)); !s.ok()) {
    return s;
  }
  return txn->Commit();
}

// The objects of `db`'s schema as "type name" (SQLite's own left out).
absl::StatusOr<std::set<std::string>> SchemaObjects(sql::Db* db) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> q =
      db->PrepareOnce("SELECT type, name, tbl_name FROM sqlite_master");
  if (!q.ok()) return q.status();
  std::set<std::string> out;
  for (;;) {
    absl::StatusOr<bool> row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const std::string type((*q)->Text(0)), name((*q)->Text(1));
    // An index SQLite makes for a UNIQUE or PRIMARY KEY constraint.
    if (type == "index" && absl::StartsWith(name, "sqlite_autoindex_")) {
      out.insert(absl::StrCat("table-constraint ", (*q)->Text(2)));
      continue;
    }
    out.insert(absl::StrCat(type, " ", name));
  }
  return out;
}

absl::StatusOr<std::optional<std::string>> LoadSetting(sql::Db* db, absl::string_view name) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare("SELECT value FROM meta WHERE key=?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, name);
  absl::StatusOr<bool> row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  std::string value((*q)->Blob(0));
  (*q)->Reset();
  return value;
}

absl::StatusOr<std::vector<std::string>> LoadCommunities(sql::Db* db, absl::string_view id) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare(
      "SELECT community_id FROM device_communities WHERE device_id=? ORDER BY community_id");
  if (!q.ok()) return q.status();
  (*q)->BindBlob(1, id);
  std::vector<std::string> out;
  absl::StatusOr<bool> row;
  while ((row = (*q)->Step()).ok() && *row) out.emplace_back((*q)->Blob(0));
  if (!row.ok()) return row.status();
  return out;
}

Device DeviceFromRow(const sql::Stmt& q) {
  Device d;
  d.id = std::string(q.Blob(0));
  d.name = std::string(q.Text(1));
  d.role = static_cast<v1::Role>(q.Int(2));
  d.created_ms = q.Int(3);
  d.enrolled_ms = q.Int(4);
  d.last_seen_ms = q.Int(5);
  d.acked_through = static_cast<uint64_t>(q.Int(6));
  ReadRevokedColumn(q.Int(7), d);
  d.revoke_reason = std::string(q.Text(8));
  d.retiring = q.Int(9) != 0;
  d.retired_ms = q.Int(10);
  d.last_sync_ms = q.Int(11);
  d.refusals = static_cast<uint64_t>(q.Int(12));
  d.bundle_keys = std::string(q.Blob(13));
  d.bundle_cursor = static_cast<uint64_t>(q.Int(14));
  d.bundle_first_seq = static_cast<uint64_t>(q.Int(15));
  d.token_hash = std::string(q.Blob(16));
  d.code_hash = std::string(q.Blob(17));
  d.code_expires_ms = q.Int(18);
  return d;
}

// The devices `key` selects, communities included.
absl::StatusOr<std::vector<Device>> LoadDevices(sql::Db* db, const DeviceKey& key) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare(absl::StrCat(kDeviceColumns, DeviceWhere(key)));
  if (!q.ok()) return q.status();
  if (key.by != DeviceKey::By::kAll) (*q)->BindBlob(1, key.value);
  std::vector<Device> devices;
  absl::StatusOr<bool> row;
  while ((row = (*q)->Step()).ok() && *row) devices.push_back(DeviceFromRow(**q));
  if (!row.ok()) return row.status();
  (*q)->Reset();
  for (Device& d : devices) {
    absl::StatusOr<std::vector<std::string>> c = LoadCommunities(db, d.id);
    if (!c.ok()) return c.status();
    d.communities = *std::move(c);
  }
  return devices;
}

absl::StatusOr<Device> DeviceById(sql::Db* db, absl::string_view id) {
  absl::StatusOr<std::vector<Device>> devices = LoadDevices(db, DeviceKey::Id(id));
  if (!devices.ok()) return devices.status();
  if (devices->empty()) return absl::NotFoundError("no such device");
  return std::move(devices->front());
}

// Runs each statement of `sql_texts` with ?1 bound to `id`.
absl::Status RunForDevice(sql::Db* db, std::initializer_list<const char*> sql_texts,
                          absl::string_view id) {
  for (const char* sql_text : sql_texts) {
    absl::StatusOr<sql::Stmt*> q = db->Prepare(sql_text);
    if (!q.ok()) return q.status();
    (*q)->BindBlob(1, id);
    if (absl::Status s = (*q)->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// One community's rows of a change scan, in updated_seq order, through the
// (community_id, updated_seq) index: ?1 the community, ?2 the cursor.
std::string ChangeSql(bool with_state) {
  return absl::StrCat("SELECT updated_seq, community_id, sole_writer", with_state ? ", state" : "",
                      " FROM records WHERE community_id = ?1 AND updated_seq > ?2"
                      " ORDER BY updated_seq");
}

// The rows of several communities in updated_seq order: one index range
// per community, merged here. SQLite would read "community_id IN (…) ORDER
// BY updated_seq" whole into a sorter before the first row, so a pull that
// stops after one page would still read every row after its cursor.
class ChangeMerge {
 public:
  static absl::StatusOr<ChangeMerge> Start(sql::Db* db, const ChangeQuery& query) {
    ChangeMerge merge;
    merge.with_state_ = query.with_state;
    for (const std::string& community : query.communities) {
      absl::StatusOr<std::unique_ptr<sql::Stmt>> q = db->PrepareOnce(ChangeSql(query.with_state));
      if (!q.ok()) return q.status();
      (*q)->BindBlob(1, community).Bind(2, static_cast<int64_t>(query.after_seq));
      absl::StatusOr<bool> row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (*row) merge.open_.push_back(*std::move(q));
    }
    return merge;
  }

  // The next row (views valid until the next call), or false when done.
  absl::StatusOr<bool> Next(ChangeRow* row) {
    if (last_ != nullptr) {
      absl::StatusOr<bool> more = last_->Step();
      if (!more.ok()) return more.status();
      if (!*more)
        open_.erase(std::find_if(open_.begin(), open_.end(),
                                 [&](const auto& q) { return q.get() == last_; }));
      last_ = nullptr;
    }
    if (open_.empty()) return false;
    sql::Stmt* low = open_.front().get();
    for (const std::unique_ptr<sql::Stmt>& q : open_) {
      if (q->Int(0) < low->Int(0)) low = q.get();
    }
    row->updated_seq = static_cast<uint64_t>(low->Int(0));
    row->community_id = low->Blob(1);
    row->sole_writer = low->Blob(2);
    row->state = with_state_ ? low->Blob(3) : absl::string_view();
    last_ = low;
    return true;
  }

 private:
  bool with_state_ = true;
  std::vector<std::unique_ptr<sql::Stmt>> open_;  // each stepped onto a row
  sql::Stmt* last_ = nullptr;                     // the one whose row was returned
};

absl::StatusOr<std::optional<v1::Record>> LoadRecord(sql::Db* db, absl::string_view kind,
                                                     absl::string_view id) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare("SELECT state FROM records WHERE kind=? AND id=?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  v1::Record record;
  const absl::string_view state = (*q)->Blob(0);
  const bool parsed = record.ParseFromArray(state.data(), static_cast<int>(state.size()));
  (*q)->Reset();
  if (!parsed) return absl::DataLossError(absl::StrCat("stored record ", kind, " is corrupt"));
  return record;
}

absl::StatusOr<std::optional<std::string>> LoadRecordCommunity(sql::Db* db, absl::string_view kind,
                                                               absl::string_view id) {
  absl::StatusOr<sql::Stmt*> q =
      db->Prepare("SELECT community_id FROM records WHERE kind=? AND id=?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*q)->Step();
  if (!row.ok()) return row.status();
  std::optional<std::string> community;
  if (*row) community = std::string((*q)->Blob(0));
  (*q)->Reset();
  return community;
}

absl::StatusOr<std::vector<v1::Rejection>> LoadRejections(sql::Db* db, absl::string_view device,
                                                          uint64_t from, uint64_t through) {
  absl::StatusOr<sql::Stmt*> q = db->Prepare(
      "SELECT device_seq, code, field, message, kind, id FROM rejections "
      "WHERE device_id=? AND device_seq BETWEEN ? AND ? ORDER BY device_seq");
  if (!q.ok()) return q.status();
  (*q)->BindBlob(1, device)
      .Bind(2, static_cast<int64_t>(from))
      .Bind(3, static_cast<int64_t>(through));
  std::vector<v1::Rejection> out;
  absl::StatusOr<bool> row;
  while ((row = (*q)->Step()).ok() && *row) {
    v1::Rejection& r = out.emplace_back();
    r.set_device_seq(static_cast<uint64_t>((*q)->Int(0)));
    r.set_code(static_cast<uint32_t>((*q)->Int(1)));
    r.set_field(std::string((*q)->Text(2)));
    r.set_message(std::string((*q)->Text(3)));
    r.set_kind(std::string((*q)->Text(4)));
    r.set_id(std::string((*q)->Blob(5)));
  }
  if (!row.ok()) return row.status();
  return out;
}

absl::Status InsertAudit(sql::Db* db, const AuditEntry& e) {
  absl::StatusOr<sql::Stmt*> q =
      db->Prepare("INSERT INTO audit(at_ms, event, device_id, detail) VALUES(?,?,?,?)");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, e.at_ms).BindText(2, e.event).BindBlob(3, e.device_id).BindText(4, e.detail);
  return (*q)->Run();
}

}  // namespace

// A pooled reader connection; returns itself to the pool when destroyed.
class SqliteStore::Reader {
 public:
  Reader(SqliteStore* store, std::unique_ptr<sql::Db> db) : store_(store), db_(std::move(db)) {}
  Reader(Reader&& other) = default;
  ~Reader() {
    if (db_ == nullptr) return;
    db_->ResetStatements();
    absl::MutexLock lock(&store_->pool_mu_);
    store_->readers_.push_back(std::move(db_));
  }
  sql::Db* db() { return db_.get(); }

 private:
  SqliteStore* store_;
  std::unique_ptr<sql::Db> db_;
};

class SqliteStore::Txn final : public WriteTxn {
 public:
  Txn(std::unique_ptr<absl::MutexLock> lock, sql::Db* db, sql::Transaction txn, uint64_t next_seq)
      : lock_(std::move(lock)), db_(db), txn_(std::move(txn)), next_seq_(next_seq) {}

  absl::StatusOr<std::optional<v1::Record>> GetRecord(absl::string_view kind,
                                                      absl::string_view id) override {
    return LoadRecord(db_, kind, id);
  }

  absl::StatusOr<std::optional<std::string>> GetRecordCommunity(absl::string_view kind,
                                                                absl::string_view id) override {
    return LoadRecordCommunity(db_, kind, id);
  }

  absl::Status PutRecord(const v1::Record& record) override {
    absl::StatusOr<sql::Stmt*> q = db_->Prepare(
        "INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, state) "
        "VALUES(?,?,?,?,?,?) ON CONFLICT(kind, id) DO UPDATE SET "
        "updated_seq=excluded.updated_seq, sole_writer=excluded.sole_writer, state=excluded.state");
    if (!q.ok()) return q.status();
    absl::Status s = Bind(record, *q).Run();
    if (s.ok()) ++next_seq_;
    return s;
  }

  absl::StatusOr<bool> InsertRecord(const v1::Record& record) override {
    absl::StatusOr<sql::Stmt*> q = db_->Prepare(
        "INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, state) "
        "VALUES(?,?,?,?,?,?) ON CONFLICT(kind, id) DO NOTHING");
    if (!q.ok()) return q.status();
    if (absl::Status s = Bind(record, *q).Run(); !s.ok()) return s;
    if (db_->Changes() == 0) return false;
    ++next_seq_;
    return true;
  }

  // The one writer holds every row for the transaction's life.
  absl::StatusOr<Device> GetDevice(absl::string_view device_id) override {
    return DeviceById(db_, device_id);
  }

  absl::Status PutDevice(const Device& d) override {
    absl::StatusOr<sql::Stmt*> q = db_->Prepare(kPutDevice);
    if (!q.ok()) return q.status();
    (*q)->BindBlob(1, d.id).BindText(2, d.name).Bind(3, d.role).Bind(4, d.created_ms);
    (*q)->Bind(5, d.enrolled_ms).Bind(6, d.last_seen_ms);
    (*q)->Bind(7, static_cast<int64_t>(d.acked_through)).Bind(8, RevokedColumn(d));
    (*q)->BindText(9, d.revoke_reason).Bind(10, d.retiring ? 1 : 0).Bind(11, d.retired_ms);
    (*q)->Bind(12, d.last_sync_ms).BindBlob(13, d.bundle_keys);
    (*q)->Bind(14, static_cast<int64_t>(d.bundle_cursor));
    (*q)->Bind(15, static_cast<int64_t>(d.bundle_first_seq)).BindBlob(16, d.token_hash);
    (*q)->BindBlob(17, d.code_hash).Bind(18, d.code_expires_ms);
    if (absl::Status s = (*q)->Run(); !s.ok()) return s;
    if (absl::Status s =
            RunForDevice(db_, {"DELETE FROM device_communities WHERE device_id=?1"}, d.id);
        !s.ok()) {
      return s;
    }
    for (const std::string& c : d.communities) {
      absl::StatusOr<sql::Stmt*> ins =
          db_->Prepare("INSERT INTO device_communities(device_id, community_id) VALUES(?,?)");
      if (!ins.ok()) return ins.status();
      (*ins)->BindBlob(1, d.id).BindBlob(2, c);
      if (absl::Status s = (*ins)->Run(); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status DeleteDevice(absl::string_view device_id) override {
    return RunForDevice(
        db_,
        {"DELETE FROM device_communities WHERE device_id=?1",
         "DELETE FROM rejections WHERE device_id=?1", "DELETE FROM devices WHERE id=?1"},
        device_id);
  }

  absl::Status SaveRejection(absl::string_view device_id, const v1::Rejection& r) override {
    absl::StatusOr<sql::Stmt*> q = db_->Prepare(
        "INSERT OR REPLACE INTO rejections(device_id, device_seq, code, field, message, kind, id) "
        "VALUES(?,?,?,?,?,?,?)");
    if (!q.ok()) return q.status();
    (*q)->BindBlob(1, device_id).Bind(2, static_cast<int64_t>(r.device_seq())).Bind(3, r.code());
    (*q)->BindText(4, r.field()).BindText(5, r.message()).BindText(6, r.kind()).BindBlob(7, r.id());
    return (*q)->Run();
  }

  absl::StatusOr<std::vector<v1::Rejection>> Rejections(absl::string_view device_id,
                                                        uint64_t from_seq,
                                                        uint64_t through_seq) override {
    return LoadRejections(db_, device_id, from_seq, through_seq);
  }

  absl::Status ForgetRejections(absl::string_view device_id, uint64_t before_seq) override {
    absl::StatusOr<sql::Stmt*> q =
        db_->Prepare("DELETE FROM rejections WHERE device_id=? AND device_seq<?");
    if (!q.ok()) return q.status();
    (*q)->BindBlob(1, device_id).Bind(2, static_cast<int64_t>(before_seq));
    return (*q)->Run();
  }

  absl::StatusOr<std::string> PutSetting(absl::string_view name, absl::string_view value,
                                         SettingPut mode) override {
    absl::StatusOr<sql::Stmt*> put =
        db_->Prepare(mode == SettingPut::kReplace
                         ? "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET "
                           "value=excluded.value"
                         : "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!put.ok()) return put.status();
    (*put)->BindText(1, name).BindBlob(2, value);
    if (absl::Status s = (*put)->Run(); !s.ok()) return s;
    absl::StatusOr<std::optional<std::string>> kept = LoadSetting(db_, name);
    if (!kept.ok()) return kept.status();
    if (!kept->has_value()) return absl::InternalError("a server setting could not be kept");
    return **std::move(kept);
  }

  absl::Status AppendAudit(const AuditEntry& entry) override { return InsertAudit(db_, entry); }

  absl::Status Commit() override { return txn_.Commit(); }

 private:
  // Binds the six columns of a records row, updated_seq first.
  sql::Stmt& Bind(const v1::Record& record, sql::Stmt* q) {
    return q->Bind(1, static_cast<int64_t>(next_seq_))
        .BindText(2, record.kind())
        .BindBlob(3, record.id())
        .BindBlob(4, record.community_id())
        .BindBlob(5, SoleWriter(record))
        .BindBlob(6, record.SerializeAsString());
  }

  std::unique_ptr<absl::MutexLock> lock_;  // held for the Txn's life; released last
  sql::Db* db_;
  sql::Transaction txn_;
  uint64_t next_seq_;
};

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  // The database is private (0600, in 0700 folders made if missing);
  // SQLite gives -wal and -shm its mode. SQLite alone would make it 0644
  // less the umask.
  if (!path.empty() && path[0] != ':') {
    if (absl::Status s = TouchPrivateFile(path); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<sql::Db>> db = sql::Db::Open(path);
  if (!db.ok()) return db.status();
  if (absl::Status s = ConfigureWriter(db->get()); !s.ok()) return s;
  bool created = false;
  if (absl::Status s = Migrate(db->get(), &created); !s.ok()) return s;
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(path, *std::move(db)));
  store->created_ = created;
  return store;
}

absl::StatusOr<StoreStats> SqliteStore::Stats() {
  StoreStats stats;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st;
    if (stat((path_ + suffix).c_str(), &st) == 0) stats.bytes += st.st_size;
  }
  const sql::CommitTotals commits = sql::TotalCommits();
  stats.commits = commits.commits;
  stats.commit_nanos = commits.nanos;
  return stats;
}

absl::StatusOr<SqliteStore::Reader> SqliteStore::AcquireReader() {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!readers_.empty()) {
      std::unique_ptr<sql::Db> db = std::move(readers_.back());
      readers_.pop_back();
      return Reader(this, std::move(db));
    }
  }
  absl::StatusOr<std::unique_ptr<sql::Db>> db = sql::Db::Open(path_);
  if (!db.ok()) return db.status();
  if (absl::Status s = Configure(db->get()); !s.ok()) return s;
  return Reader(this, *std::move(db));
}

absl::StatusOr<std::unique_ptr<WriteTxn>> SqliteStore::BeginWrite() {
  auto lock = std::make_unique<absl::MutexLock>(&write_mu_);  // moves into the Txn
  write_mu_.AssertHeld();  // for the lock check, which does not follow the lock into the heap
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(writer_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  absl::StatusOr<sql::Stmt*> q =
      writer_->Prepare("SELECT coalesce(max(updated_seq), 0) FROM records");
  if (!q.ok()) return q.status();
  absl::StatusOr<bool> row = (*q)->Step();
  if (!row.ok()) return row.status();
  const uint64_t next = static_cast<uint64_t>((*q)->Int(0)) + 1;
  (*q)->Reset();
  return std::unique_ptr<WriteTxn>(new Txn(std::move(lock), writer_.get(), *std::move(txn), next));
}

absl::StatusOr<std::vector<Device>> SqliteStore::ReadDevices(const DeviceKey& key) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  return LoadDevices(reader->db(), key);
}

absl::StatusOr<std::optional<std::string>> SqliteStore::ReadSetting(absl::string_view name) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  return LoadSetting(reader->db(), name);
}

absl::StatusOr<std::vector<AuditEntry>> SqliteStore::ReadAudit(const AuditQuery& query) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<sql::Stmt*> q = reader->db()->Prepare(
      "SELECT seq, at_ms, event, device_id, detail FROM audit "
      "WHERE at_ms>=? AND (length(?)=0 OR device_id=?) ORDER BY seq LIMIT ?");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, query.since_ms).BindBlob(2, query.device_id).BindBlob(3, query.device_id);
  (*q)->Bind(4, static_cast<int64_t>(query.limit));
  std::vector<AuditEntry> out;
  absl::StatusOr<bool> row;
  while ((row = (*q)->Step()).ok() && *row) {
    out.push_back({static_cast<uint64_t>((*q)->Int(0)), (*q)->Int(1), std::string((*q)->Text(2)),
                   std::string((*q)->Blob(3)), std::string((*q)->Text(4))});
  }
  if (!row.ok()) return row.status();
  (*q)->Reset();
  return out;
}

absl::StatusOr<uint64_t> SqliteStore::ScanChanges(const ChangeQuery& query, const ChangeFn& fn) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  sql::Db* db = reader->db();
  // One snapshot for the rows and the high mark. With one writer, which
  // numbers records in commit order, the greatest updated_seq committed is
  // a safe high mark.
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db);
  if (!txn.ok()) return txn.status();
  absl::StatusOr<sql::Stmt*> top = db->Prepare("SELECT coalesce(max(updated_seq), 0) FROM records");
  if (!top.ok()) return top.status();
  if (absl::StatusOr<bool> r = (*top)->Step(); !r.ok()) return r.status();
  const uint64_t high_mark = static_cast<uint64_t>((*top)->Int(0));
  (*top)->Reset();
  if (query.communities.empty()) return high_mark;
  absl::StatusOr<ChangeMerge> merge = ChangeMerge::Start(db, query);
  if (!merge.ok()) return merge.status();
  ChangeRow row;
  absl::StatusOr<bool> more;
  while ((more = merge->Next(&row)).ok() && *more && fn(row)) {
  }
  if (!more.ok()) return more.status();
  return high_mark;
}

absl::StatusOr<std::optional<v1::Record>> SqliteStore::ReadRecord(absl::string_view kind,
                                                                  absl::string_view id) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  return LoadRecord(reader->db(), kind, id);
}

absl::Status SqliteStore::ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) {
  absl::StatusOr<Reader> reader = AcquireReader();
  if (!reader.ok()) return reader.status();
  // One statement is one snapshot (WAL); a sequential scan beats a lookup
  // per row through the (kind, id) index when most kinds are wanted, as a
  // report's are; one kind (an admin listing) is read through the index.
  // Pages are read through a mapping, not copied by read(2). The setting
  // stays with this pooled connection; its pulls read the same way.
  if (absl::Status s = reader->db()->Exec("PRAGMA mmap_size=1073741824"); !s.ok()) return s;
  const bool one_kind = kinds.size() == 1;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> q =
      reader->db()->PrepareOnce(one_kind ? "SELECT kind, state FROM records WHERE kind=?"
                                         : "SELECT kind, state FROM records");
  if (!q.ok()) return q.status();
  if (one_kind) (*q)->BindText(1, kinds[0]);
  absl::StatusOr<bool> row;
  while ((row = (*q)->Step()).ok() && *row) {
    const absl::string_view kind = (*q)->Text(0);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
    if (absl::Status s = fn(kind, (*q)->Blob(1)); !s.ok()) return s;
  }
  return row.status();
}

absl::Status SqliteStore::CheckOnlyOwnObjects(sql::Db* db, const std::string& path) {
  absl::StatusOr<std::unique_ptr<sql::Db>> fresh = sql::Db::Open(":memory:");
  if (!fresh.ok()) return fresh.status();
  if (absl::Status s = (*fresh)->Exec(kSchema); !s.ok()) return s;
  absl::StatusOr<std::set<std::string>> own = SchemaObjects(fresh->get());
  if (!own.ok()) return own.status();
  absl::StatusOr<std::set<std::string>> found = SchemaObjects(db);
  if (!found.ok()) return found.status();
  // Older schemas hold fewer objects, never others (kUpgrades only add).
  for (const std::string& object : *found) {
    if (own->count(object) != 0 || object == "table sqlite_stat1" ||
        object == "table sqlite_stat4") {
      continue;  // the planner's statistics, should someone run ANALYZE
    }
    if (absl::StartsWith(object, "table-constraint ") &&
        own->count(absl::StrCat("table ", object.substr(17))) != 0) {
      continue;
    }
    return absl::FailedPreconditionError(
        absl::StrCat(path, " holds ", object,
                     ", which hromada-server does not make: it is not a backup this server "
                     "wrote, or it was changed; nothing was restored"));
  }
  return absl::OkStatus();
}

}  // namespace hromada::server
