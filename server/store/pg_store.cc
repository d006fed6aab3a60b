#include "server/store/pg_store.h"

#include <array>
#include <atomic>
#include <chrono>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hromada::server {
namespace {

using pg::Conn;
using pg::Params;
using pg::Result;

// Every PgStore's commits of writes in this process and the time spent in
// them, for the metrics (Store::Stats).
std::atomic<uint64_t> commits{0};
std::atomic<uint64_t> commit_nanos{0};

absl::Status CommitTimed(Conn& conn) {
  const auto start = std::chrono::steady_clock::now();
  absl::Status s = conn.Run("COMMIT");
  if (!s.ok()) return s;
  commits.fetch_add(1, std::memory_order_relaxed);
  commit_nanos.fetch_add(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count(),
      std::memory_order_relaxed);
  return s;
}

constexpr int64_t kSchemaVersion = 3;

// Taken (per transaction) while the schema is created or upgraded, so that
// servers starting together on an empty database create it once.
constexpr int64_t kSchemaLockKey = 0x68726f6d616461;  // "hromada"

// A record's state is its serialized canonical v1::Record, kept as given.
// seq_counter's one row holds the last updated_seq handed out; it is also
// the lock that orders writers (pg_store.h). The (community_id,
// updated_seq) index lets a pull read only its communities' rows.
constexpr char kSchema[] = R"sql(
CREATE TABLE schema_version(version bigint NOT NULL);
CREATE TABLE seq_counter(
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_seq bigint NOT NULL);
INSERT INTO seq_counter(one, last_seq) VALUES (true, 0);
CREATE TABLE records(
  kind text NOT NULL,
  id bytea NOT NULL,
  updated_seq bigint NOT NULL UNIQUE,
  community_id bytea NOT NULL,
  sole_writer bytea NOT NULL,
  state bytea NOT NULL,
  PRIMARY KEY(kind, id));
CREATE INDEX records_by_community ON records(community_id, updated_seq);
CREATE TABLE devices(
  id bytea PRIMARY KEY,
  name text NOT NULL,
  role bigint NOT NULL,
  token_hash bytea UNIQUE,
  code_hash bytea UNIQUE,
  code_expires_ms bigint NOT NULL DEFAULT 0,
  created_ms bigint NOT NULL,
  enrolled_ms bigint NOT NULL DEFAULT 0,
  last_seen_ms bigint NOT NULL DEFAULT 0,
  acked_through bigint NOT NULL DEFAULT 0,
  revoked bigint NOT NULL DEFAULT 0,
  revoke_reason text NOT NULL DEFAULT '',
  retiring bigint NOT NULL DEFAULT 0,
  retired_ms bigint NOT NULL DEFAULT 0,
  last_sync_ms bigint NOT NULL DEFAULT 0,
  bundle_keys bytea NOT NULL DEFAULT '',
  bundle_cursor bigint NOT NULL DEFAULT 0,
  bundle_first_seq bigint NOT NULL DEFAULT 0);
CREATE TABLE rejections(
  device_id bytea NOT NULL,
  device_seq bigint NOT NULL,
  code bigint NOT NULL,
  field text NOT NULL,
  message text NOT NULL,
  kind text NOT NULL DEFAULT '',
  id bytea NOT NULL DEFAULT '',
  PRIMARY KEY(device_id, device_seq));
CREATE TABLE device_communities(
  device_id bytea NOT NULL REFERENCES devices(id),
  community_id bytea NOT NULL,
  PRIMARY KEY(device_id, community_id));
CREATE TABLE audit(
  seq bigserial PRIMARY KEY,
  at_ms bigint NOT NULL,
  event text NOT NULL,
  device_id bytea NOT NULL,
  detail text NOT NULL);
CREATE INDEX audit_by_time ON audit(at_ms);
INSERT INTO schema_version(version) VALUES (0);
CREATE TABLE meta(key text PRIMARY KEY, value bytea NOT NULL);
INSERT INTO meta(key, value)
  VALUES ('epoch', decode(replace(gen_random_uuid()::text, '-', ''), 'hex'));
)sql";

// Attachment contents (pg_blobs.cc): one row per content with how much
// has arrived, and its bytes as the chunks that brought them, keyed by the
// offset each starts at.
constexpr char kBlobTables[] = R"sql(
CREATE TABLE blobs(
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  held bigint NOT NULL,
  complete boolean NOT NULL);
CREATE TABLE blob_chunks(
  sha256 text NOT NULL REFERENCES blobs(sha256),
  start bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY(sha256, start));
)sql";

// Attachment uploads owned by their device (pg_blobs.cc): a partial
// content's sender and its last append, for the quota and for expiry.
constexpr char kBlobOwners[] = R"sql(
ALTER TABLE blobs ADD COLUMN uploader text NOT NULL DEFAULT '';
ALTER TABLE blobs ADD COLUMN touched_ms bigint NOT NULL DEFAULT 0;
CREATE INDEX blobs_partial ON blobs(uploader) WHERE NOT complete;
)sql";

// kUpgrades[v - 1] brings schema v to v + 1 (kSchema and the upgrades
// make the newest).
constexpr std::array<const char*, kSchemaVersion - 1> kUpgrades = {
    kBlobTables,  // 2: attachments
    kBlobOwners,  // 3: uploads owned by their device
};

constexpr char kDeviceColumns[] =
    "SELECT id, name, role, created_ms, enrolled_ms, last_seen_ms, acked_through, revoked, "
    "revoke_reason, retiring, retired_ms, last_sync_ms, "
    "(SELECT count(*) FROM rejections r WHERE r.device_id=devices.id), "
    "bundle_keys, bundle_cursor, bundle_first_seq, token_hash, code_hash, code_expires_ms "
    "FROM devices ";

// Every column of a device's row, $1 its id; a hash "" is stored NULL
// (UNIQUE lets many rows have none).
constexpr char kPutDevice[] =
    "INSERT INTO devices(id, name, role, created_ms, enrolled_ms, last_seen_ms, acked_through, "
    "revoked, revoke_reason, retiring, retired_ms, last_sync_ms, bundle_keys, bundle_cursor, "
    "bundle_first_seq, token_hash, code_hash, code_expires_ms) "
    "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,NULLIF($16,''::bytea),"
    "NULLIF($17,''::bytea),$18) "
    "ON CONFLICT(id) DO UPDATE SET name=$2, role=$3, created_ms=$4, enrolled_ms=$5, "
    "last_seen_ms=$6, acked_through=$7, revoked=$8, revoke_reason=$9, retiring=$10, "
    "retired_ms=$11, last_sync_ms=$12, bundle_keys=$13, bundle_cursor=$14, bundle_first_seq=$15, "
    "token_hash=NULLIF($16,''::bytea), code_hash=NULLIF($17,''::bytea), code_expires_ms=$18";

// The WHERE (and ORDER BY) of a device read, and its parameter.
std::pair<std::string, Params> DeviceWhere(const DeviceKey& key) {
  switch (key.by) {
    case DeviceKey::By::kId:
      return {"WHERE id=$1", Params().Bytes(key.value)};
    case DeviceKey::By::kCodeHash:
      return {"WHERE code_hash=$1", Params().Bytes(key.value)};
    case DeviceKey::By::kTokenHash:
      return {"WHERE token_hash=$1", Params().Bytes(key.value)};
    case DeviceKey::By::kAll:
      break;
  }
  return {"ORDER BY created_ms, name", Params()};
}

// Rows fetched at a time by a scan's cursor: large enough that round trips
// do not dominate, small enough that a page-sized pull reads little more.
constexpr char kFetch[] = "FETCH 500 FROM scan";

// "$first, $first+1, …" for `n` parameters: SQL built from a count only.
std::string Marks(size_t first, size_t n) {
  std::vector<std::string> marks;
  for (size_t i = 0; i < n; ++i) marks.push_back(absl::StrCat("$", first + i));
  return absl::StrJoin(marks, ",");
}

absl::Status Migrate(Conn& conn, bool* created) {
  if (absl::Status s = conn.Run("BEGIN"); !s.ok()) return s;
  if (absl::Status s = conn.Run("SELECT pg_advisory_xact_lock($1)", Params().Int(kSchemaLockKey));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Result> exists = conn.Exec("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!exists.ok()) return exists.status();
  int64_t version = 0;
  *created = exists->Int(0, 0) == 0;
  if (*created) {
    if (absl::Status s = conn.Run(kSchema); !s.ok()) return s;
    version = 1;
  } else {
    absl::StatusOr<Result> v = conn.Exec("SELECT max(version) FROM schema_version");
    if (!v.ok()) return v.status();
    version = v->Int(0, 0);
  }
  if (version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("the database was written by a newer hromada (schema ", version,
                     "); upgrade hromada-server"));
  }
  for (int64_t v = version; v < kSchemaVersion; ++v) {
    if (absl::Status s = conn.Run(kUpgrades[v - 1]); !s.ok()) return s;
  }
  if (absl::Status s =
          conn.Run("UPDATE schema_version SET version=$1", Params().Int(kSchemaVersion));
      !s.ok()) {
    return s;
  }
  return CommitTimed(conn);
}

Device DeviceFromRow(const Result& r, int i) {
  Device d;
  d.id = std::string(r.Bytes(i, 0));
  d.name = std::string(r.Bytes(i, 1));
  d.role = static_cast<v1::Role>(r.Int(i, 2));
  d.created_ms = r.Int(i, 3);
  d.enrolled_ms = r.Int(i, 4);
  d.last_seen_ms = r.Int(i, 5);
  d.acked_through = static_cast<uint64_t>(r.Int(i, 6));
  ReadRevokedColumn(r.Int(i, 7), d);
  d.revoke_reason = std::string(r.Bytes(i, 8));
  d.retiring = r.Int(i, 9) != 0;
  d.retired_ms = r.Int(i, 10);
  d.last_sync_ms = r.Int(i, 11);
  d.refusals = static_cast<uint64_t>(r.Int(i, 12));
  d.bundle_keys = std::string(r.Bytes(i, 13));
  d.bundle_cursor = static_cast<uint64_t>(r.Int(i, 14));
  d.bundle_first_seq = static_cast<uint64_t>(r.Int(i, 15));
  d.token_hash = std::string(r.Bytes(i, 16));
  d.code_hash = std::string(r.Bytes(i, 17));
  d.code_expires_ms = r.Int(i, 18);
  return d;
}

// The devices `key` selects, communities included.
absl::StatusOr<std::vector<Device>> LoadDevices(Conn& conn, const DeviceKey& key) {
  const auto [where, params] = DeviceWhere(key);
  absl::StatusOr<Result> rows = conn.Exec(absl::StrCat(kDeviceColumns, where), params);
  if (!rows.ok()) return rows.status();
  std::vector<Device> devices;
  for (int i = 0; i < rows->rows(); ++i) devices.push_back(DeviceFromRow(*rows, i));
  if (devices.empty()) return devices;
  // One device: its own communities; several: all of them, grouped here.
  constexpr char kAll[] =
      "SELECT device_id, community_id FROM device_communities ORDER BY community_id";
  constexpr char kOne[] =
      "SELECT device_id, community_id FROM device_communities WHERE device_id=$1 "
      "ORDER BY community_id";
  absl::StatusOr<Result> c =
      devices.size() == 1 ? conn.Exec(kOne, Params().Bytes(devices[0].id)) : conn.Exec(kAll);
  if (!c.ok()) return c.status();
  std::map<absl::string_view, std::vector<std::string>> by_device;
  for (int i = 0; i < c->rows(); ++i) by_device[c->Bytes(i, 0)].emplace_back(c->Bytes(i, 1));
  for (Device& d : devices) {
    auto it = by_device.find(d.id);
    if (it != by_device.end()) d.communities = std::move(it->second);
  }
  return devices;
}

absl::StatusOr<std::optional<std::string>> LoadSetting(Conn& conn, absl::string_view name) {
  absl::StatusOr<Result> r = conn.Exec("SELECT value FROM meta WHERE key=$1", Params().Text(name));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return std::nullopt;
  return std::string(r->Bytes(0, 0));
}

absl::StatusOr<std::optional<v1::Record>> LoadRecord(Conn& conn, absl::string_view kind,
                                                     absl::string_view id) {
  absl::StatusOr<Result> r =
      conn.Exec("SELECT state FROM records WHERE kind=$1 AND id=$2", Params().Text(kind).Bytes(id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return std::nullopt;
  v1::Record record;
  const absl::string_view state = r->Bytes(0, 0);
  if (!record.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
    return absl::DataLossError(absl::StrCat("stored record ", kind, " is corrupt"));
  }
  return record;
}

absl::StatusOr<std::optional<std::string>> LoadRecordCommunity(Conn& conn, absl::string_view kind,
                                                               absl::string_view id) {
  absl::StatusOr<Result> r = conn.Exec("SELECT community_id FROM records WHERE kind=$1 AND id=$2",
                                       Params().Text(kind).Bytes(id));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return std::nullopt;
  return std::string(r->Bytes(0, 0));
}

absl::StatusOr<std::vector<v1::Rejection>> LoadRejections(Conn& conn, absl::string_view device,
                                                          uint64_t from, uint64_t through) {
  absl::StatusOr<Result> r = conn.Exec(
      "SELECT device_seq, code, field, message, kind, id FROM rejections "
      "WHERE device_id=$1 AND device_seq BETWEEN $2 AND $3 ORDER BY device_seq",
      Params().Bytes(device).Int(static_cast<int64_t>(from)).Int(static_cast<int64_t>(through)));
  if (!r.ok()) return r.status();
  std::vector<v1::Rejection> out;
  for (int i = 0; i < r->rows(); ++i) {
    v1::Rejection& j = out.emplace_back();
    j.set_device_seq(static_cast<uint64_t>(r->Int(i, 0)));
    j.set_code(static_cast<uint32_t>(r->Int(i, 1)));
    j.set_field(std::string(r->Bytes(i, 2)));
    j.set_message(std::string(r->Bytes(i, 3)));
    j.set_kind(std::string(r->Bytes(i, 4)));
    j.set_id(std::string(r->Bytes(i, 5)));
  }
  return out;
}

// Runs `declare` (a DECLARE of cursor "scan") in a read-only snapshot and
// calls `row` for each fetched row until it returns false. `first`, if
// set, runs first in the same snapshot.
absl::Status ScanInSnapshot(Conn& conn, const std::function<absl::Status()>& first,
                            absl::string_view declare, const Params& params,
                            const std::function<absl::StatusOr<bool>(const Result&, int)>& row) {
  if (absl::Status s = conn.Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s.ok()) {
    return s;
  }
  if (first) {
    if (absl::Status s = first(); !s.ok()) return s;
  }
  if (!declare.empty()) {
    if (absl::Status s = conn.Run(declare, params); !s.ok()) return s;
    bool more = true;
    while (more) {
      absl::StatusOr<Result> batch = conn.Exec(kFetch);
      if (!batch.ok()) return batch.status();
      if (batch->rows() == 0) break;
      for (int i = 0; i < batch->rows() && more; ++i) {
        absl::StatusOr<bool> go = row(*batch, i);
        if (!go.ok()) return go.status();
        more = *go;
      }
    }
  }
  return conn.Run("COMMIT");  // a read: not counted as a commit
}

absl::Status InsertAudit(Conn& conn, const AuditEntry& e) {
  return conn.Run("INSERT INTO audit(at_ms, event, device_id, detail) VALUES($1,$2,$3,$4)",
                  Params().Int(e.at_ms).Text(e.event).Bytes(e.device_id).Text(e.detail));
}

}  // namespace

std::string PgChangeSql(bool with_state, size_t communities) {
  const std::string columns =
      absl::StrCat("updated_seq, community_id, sole_writer", with_state ? ", state" : "");
  std::vector<std::string> parts;
  for (size_t i = 0; i < communities; ++i) {
    parts.push_back(absl::StrCat("(SELECT ", columns, " FROM records WHERE community_id=$", i + 2,
                                 " AND updated_seq > $1 ORDER BY updated_seq)"));
  }
  return absl::StrCat("SELECT * FROM (", absl::StrJoin(parts, " UNION ALL "),
                      ") AS wanted ORDER BY updated_seq");
}

bool IsPostgresUrl(absl::string_view db) {
  return absl::StartsWith(db, "postgresql://") || absl::StartsWith(db, "postgres://");
}

PgStore::Lease::Lease(PgStore* store, std::unique_ptr<pg::Conn> conn)
    : store_(store), conn_(std::move(conn)) {}

PgStore::Lease::~Lease() {
  if (conn_ == nullptr) return;
  // A call that returned early leaves its transaction open: end it here.
  if (conn_->Healthy() && conn_->InTransaction()) (void)conn_->Run("ROLLBACK");
  if (!conn_->Healthy() || conn_->InTransaction()) {
    store_->Dropped();
    return;
  }
  constexpr size_t kMaxIdle = 16;
  absl::MutexLock lock(&store_->pool_mu_);
  if (store_->idle_.size() < kMaxIdle) {
    store_->idle_.push_back(std::move(conn_));
  } else {
    --store_->open_;
  }
}

void PgStore::Dropped() {
  absl::MutexLock lock(&pool_mu_);
  --open_;
}

absl::StatusOr<PgStore::Lease> PgStore::Acquire() {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!pool_mu_.AwaitWithTimeout(absl::Condition(this, &PgStore::CanLease), kConnectionWait)) {
      return absl::UnavailableError(absl::StrCat("all ", max_connections_,
                                                 " PostgreSQL connections stayed busy for ",
                                                 absl::FormatDuration(kConnectionWait)));
    }
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // counted before connecting, so that the cap holds meanwhile
  }
  absl::StatusOr<std::unique_ptr<Conn>> conn = Conn::Connect(url_);
  if (!conn.ok()) {
    Dropped();
    return conn.status();
  }
  return Lease(this, *std::move(conn));
}

int PgStore::OpenConnections() {
  absl::MutexLock lock(&pool_mu_);
  return open_;
}

class PgStore::Txn final : public WriteTxn {
 public:
  explicit Txn(Lease lease) : lease_(std::move(lease)) {}

  absl::StatusOr<std::optional<v1::Record>> GetRecord(absl::string_view kind,
                                                      absl::string_view id) override {
    if (absl::Status s = LockCounter(); !s.ok()) return s;
    return LoadRecord(*lease_, kind, id);
  }

  absl::StatusOr<std::optional<std::string>> GetRecordCommunity(absl::string_view kind,
                                                                absl::string_view id) override {
    if (absl::Status s = LockCounter(); !s.ok()) return s;
    return LoadRecordCommunity(*lease_, kind, id);
  }

  absl::Status PutRecord(const v1::Record& record) override {
    if (absl::Status s = LockCounter(); !s.ok()) return s;
    absl::StatusOr<Result> r = lease_->Exec(
        "INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, state) "
        "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(kind, id) DO UPDATE SET "
        "updated_seq=excluded.updated_seq, sole_writer=excluded.sole_writer, "
        "state=excluded.state",
        Row(record));
    if (!r.ok()) return r.status();
    ++last_seq_;
    return absl::OkStatus();
  }

  absl::StatusOr<bool> InsertRecord(const v1::Record& record) override {
    if (absl::Status s = LockCounter(); !s.ok()) return s;
    absl::StatusOr<Result> r = lease_->Exec(
        "INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, state) "
        "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(kind, id) DO NOTHING",
        Row(record));
    if (!r.ok()) return r.status();
    if (r->Affected() == 0) return false;
    ++last_seq_;
    return true;
  }

  // The row stays locked (FOR UPDATE) until the transaction ends; a
  // transaction that waited for it reads it as the other one committed it.
  absl::StatusOr<Device> GetDevice(absl::string_view device_id) override {
    absl::Status s =
        lease_->Run("SELECT 1 FROM devices WHERE id=$1 FOR UPDATE", Params().Bytes(device_id));
    if (!s.ok()) return s;
    absl::StatusOr<std::vector<Device>> devices = LoadDevices(*lease_, DeviceKey::Id(device_id));
    if (!devices.ok()) return devices.status();
    if (devices->empty()) return absl::NotFoundError("no such device");
    return std::move(devices->front());
  }

  absl::Status PutDevice(const Device& d) override {
    absl::Status s = lease_->Run(kPutDevice, Params()
                                                 .Bytes(d.id)
                                                 .Text(d.name)
                                                 .Int(d.role)
                                                 .Int(d.created_ms)
                                                 .Int(d.enrolled_ms)
                                                 .Int(d.last_seen_ms)
                                                 .Int(static_cast<int64_t>(d.acked_through))
                                                 .Int(RevokedColumn(d))
                                                 .Text(d.revoke_reason)
                                                 .Int(d.retiring ? 1 : 0)
                                                 .Int(d.retired_ms)
                                                 .Int(d.last_sync_ms)
                                                 .Bytes(d.bundle_keys)
                                                 .Int(static_cast<int64_t>(d.bundle_cursor))
                                                 .Int(static_cast<int64_t>(d.bundle_first_seq))
                                                 .Bytes(d.token_hash)
                                                 .Bytes(d.code_hash)
                                                 .Int(d.code_expires_ms));
    if (!s.ok()) return s;
    s = lease_->Run("DELETE FROM device_communities WHERE device_id=$1", Params().Bytes(d.id));
    if (!s.ok()) return s;
    for (const std::string& c : d.communities) {
      s = lease_->Run("INSERT INTO device_communities(device_id, community_id) VALUES($1,$2)",
                      Params().Bytes(d.id).Bytes(c));
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status DeleteDevice(absl::string_view device_id) override {
    for (const char* sql :
         {"DELETE FROM device_communities WHERE device_id=$1",
          "DELETE FROM rejections WHERE device_id=$1", "DELETE FROM devices WHERE id=$1"}) {
      if (absl::Status s = lease_->Run(sql, Params().Bytes(device_id)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status SaveRejection(absl::string_view device_id, const v1::Rejection& r) override {
    return lease_->Run(
        "INSERT INTO rejections(device_id, device_seq, code, field, message, kind, id) "
        "VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT(device_id, device_seq) DO UPDATE SET "
        "code=excluded.code, field=excluded.field, message=excluded.message, "
        "kind=excluded.kind, id=excluded.id",
        Params()
            .Bytes(device_id)
            .Int(static_cast<int64_t>(r.device_seq()))
            .Int(r.code())
            .Text(r.field())
            .Text(r.message())
            .Text(r.kind())
            .Bytes(r.id()));
  }

  absl::StatusOr<std::vector<v1::Rejection>> Rejections(absl::string_view device_id,
                                                        uint64_t from_seq,
                                                        uint64_t through_seq) override {
    return LoadRejections(*lease_, device_id, from_seq, through_seq);
  }

  absl::Status ForgetRejections(absl::string_view device_id, uint64_t before_seq) override {
    return lease_->Run("DELETE FROM rejections WHERE device_id=$1 AND device_seq<$2",
                       Params().Bytes(device_id).Int(static_cast<int64_t>(before_seq)));
  }

  absl::StatusOr<std::string> PutSetting(absl::string_view name, absl::string_view value,
                                         SettingPut mode) override {
    // One statement: it waits for a concurrent insert of the name to end,
    // and DO UPDATE returns the row that won, even one committed after this
    // statement's snapshot began.
    absl::StatusOr<Result> r =
        lease_->Exec(mode == SettingPut::kReplace
                         ? "INSERT INTO meta(key, value) VALUES ($1, $2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value"
                         : "INSERT INTO meta(key, value) VALUES ($1, $2) "
                           "ON CONFLICT (key) DO UPDATE SET value = meta.value RETURNING value",
                     Params().Text(name).Bytes(value));
    if (!r.ok()) return r.status();
    if (r->rows() == 0) return absl::InternalError("a server setting could not be kept");
    return std::string(r->Bytes(0, 0));
  }

  absl::Status AppendAudit(const AuditEntry& entry) override { return InsertAudit(*lease_, entry); }

  absl::Status Commit() override {
    // The counter moves in the same transaction as the rows it numbered.
    if (counter_locked_ && last_seq_ != first_seq_) {
      if (absl::Status s =
              lease_->Run("UPDATE seq_counter SET last_seq=$1", Params().Int(last_seq_));
          !s.ok()) {
        return s;
      }
    }
    if (lease_->InFailedTransaction()) {
      return absl::AbortedError("the write transaction failed; retry the call");
    }
    return CommitTimed(*lease_);
  }

 private:
  // The pull-order lock (pg_store.h), taken before the transaction's first
  // record is read or written and held until COMMIT or ROLLBACK.
  absl::Status LockCounter() {
    if (counter_locked_) return absl::OkStatus();
    absl::StatusOr<Result> r = lease_->Exec("SELECT last_seq FROM seq_counter FOR UPDATE");
    if (!r.ok()) return r.status();
    first_seq_ = last_seq_ = r->Int(0, 0);
    counter_locked_ = true;
    return absl::OkStatus();
  }

  // The six columns of a records row, updated_seq (the next one) first.
  Params Row(const v1::Record& record) const {
    return std::move(Params()
                         .Int(last_seq_ + 1)
                         .Text(record.kind())
                         .Bytes(record.id())
                         .Bytes(record.community_id())
                         .Bytes(SoleWriter(record))
                         .Bytes(record.SerializeAsString()));
  }

  Lease lease_;
  bool counter_locked_ = false;
  int64_t first_seq_ = 0;
  int64_t last_seq_ = 0;
};

absl::StatusOr<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url,
                                                       int max_connections) {
  auto store = std::unique_ptr<PgStore>(new PgStore(url, max_connections));
  absl::StatusOr<Lease> lease = store->Acquire();
  if (!lease.ok()) return lease.status();
  if (absl::Status s = Migrate(**lease, &store->created_); !s.ok()) return s;
  return store;
}

absl::StatusOr<std::unique_ptr<WriteTxn>> PgStore::BeginWrite() {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  if (absl::Status s = (*lease)->Run("BEGIN"); !s.ok()) return s;
  return std::unique_ptr<WriteTxn>(new Txn(*std::move(lease)));
}

absl::StatusOr<std::vector<Device>> PgStore::ReadDevices(const DeviceKey& key) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return LoadDevices(**lease, key);
}

// Read at every call (the epoch is one, read at each handshake): with
// several servers, and no lock that keeps `admin new-epoch` from running
// beside them, a cached value could outlive a restore.
absl::StatusOr<std::optional<std::string>> PgStore::ReadSetting(absl::string_view name) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return LoadSetting(**lease, name);
}

absl::StatusOr<std::vector<AuditEntry>> PgStore::ReadAudit(const AuditQuery& query) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<Result> r = (*lease)->Exec(
      "SELECT seq, at_ms, event, device_id, detail FROM audit "
      "WHERE at_ms>=$1 AND (octet_length($2)=0 OR device_id=$2) ORDER BY seq LIMIT $3",
      Params().Int(query.since_ms).Bytes(query.device_id).Int(static_cast<int64_t>(query.limit)));
  if (!r.ok()) return r.status();
  std::vector<AuditEntry> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back({static_cast<uint64_t>(r->Int(i, 0)), r->Int(i, 1), std::string(r->Bytes(i, 2)),
                   std::string(r->Bytes(i, 3)), std::string(r->Bytes(i, 4))});
  }
  return out;
}

absl::StatusOr<uint64_t> PgStore::ScanChanges(const ChangeQuery& query, const ChangeFn& fn) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  Conn& conn = **lease;
  // The counter and the rows from one snapshot: every number at or below
  // the counter committed with it (pg_store.h), every later one is above.
  uint64_t high_mark = 0;
  const auto read_counter = [&]() -> absl::Status {
    if (absl::Status s = conn.Run(kPgChangeScanSetup); !s.ok()) return s;
    absl::StatusOr<Result> top = conn.Exec("SELECT last_seq FROM seq_counter");
    if (!top.ok()) return top.status();
    high_mark = static_cast<uint64_t>(top->Int(0, 0));
    return absl::OkStatus();
  };
  std::string declare;
  Params params;
  const std::vector<std::string>& communities = query.communities;
  if (!communities.empty()) {
    declare = absl::StrCat("DECLARE scan NO SCROLL CURSOR FOR ",
                           PgChangeSql(query.with_state, communities.size()));
    params.Int(static_cast<int64_t>(query.after_seq));
    for (const std::string& c : communities) params.Bytes(c);
  }
  ChangeRow row;
  absl::Status s = ScanInSnapshot(conn, read_counter, declare, params,
                                  [&](const Result& r, int i) -> absl::StatusOr<bool> {
                                    row.updated_seq = static_cast<uint64_t>(r.Int(i, 0));
                                    row.community_id = r.Bytes(i, 1);
                                    row.sole_writer = r.Bytes(i, 2);
                                    if (query.with_state) row.state = r.Bytes(i, 3);
                                    return fn(row);
                                  });
  if (!s.ok()) return s;
  return high_mark;
}

absl::StatusOr<std::optional<v1::Record>> PgStore::ReadRecord(absl::string_view kind,
                                                              absl::string_view id) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return LoadRecord(**lease, kind, id);
}

absl::Status PgStore::ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) {
  if (kinds.empty()) return absl::OkStatus();
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  Params params;
  for (const std::string& k : kinds) params.Text(k);
  absl::Status failed;
  absl::Status s = ScanInSnapshot(
      **lease, nullptr,
      absl::StrCat("DECLARE scan NO SCROLL CURSOR FOR SELECT kind, state FROM records "
                   "WHERE kind IN (",
                   Marks(1, kinds.size()), ")"),
      params, [&](const Result& r, int i) -> absl::StatusOr<bool> {
        failed = fn(r.Bytes(i, 0), r.Bytes(i, 1));
        return failed.ok();
      });
  if (!s.ok()) return s;
  return failed;
}

absl::StatusOr<StoreStats> PgStore::Stats() {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<Result> size = (*lease)->Exec("SELECT pg_database_size(current_database())");
  if (!size.ok()) return size.status();
  StoreStats stats;
  stats.bytes = size->Int(0, 0);
  stats.commits = commits.load(std::memory_order_relaxed);
  stats.commit_nanos = commit_nanos.load(std::memory_order_relaxed);
  return stats;
}

absl::Status CheckPgSchemaIsOwn(const std::string& url) {
  absl::StatusOr<std::unique_ptr<Conn>> conn = Conn::Connect(url);
  if (!conn.ok()) return conn.status();
  // Every object of the current schema a restore could bring in, as
  // "kind name"; the server's own tables are left out.
  absl::StatusOr<Result> r = (*conn)->Exec(R"sql(
SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = current_schema()
  AND tablename NOT IN ('schema_version', 'seq_counter', 'records', 'devices', 'rejections',
                        'device_communities', 'audit', 'meta', 'blobs', 'blob_chunks')
UNION ALL SELECT 'view ' || viewname FROM pg_views WHERE schemaname = current_schema()
UNION ALL SELECT 'materialized view ' || matviewname FROM pg_matviews
  WHERE schemaname = current_schema()
UNION ALL SELECT 'rule ' || rulename FROM pg_rules WHERE schemaname = current_schema()
UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::text::regnamespace
LIMIT 1)sql");
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("the database holds ", r->Bytes(0, 0),
                   ", which hromada-server does not make: it was not restored from a dump of "
                   "this server's, or the dump was changed; drop it, or restore a clean dump"));
}

}  // namespace hromada::server
