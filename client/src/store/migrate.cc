// The profile's schema, made in a new file or brought up to date in an
// old one (migrate.h).
//
// Schema 1 -> 2: a profile written before encryption at rest is sealed in
// place on its first open with a key (store.h). Every payload is rewritten
// in one transaction; secure_delete zeroes the clear cells it frees, and a
// VACUUM and a truncating checkpoint leave no clear page in the file or
// the WAL. A crash before the commit leaves schema 1, done again next time.
//
// Schema 7: each attendance's refs copied in clear beside its sealed state
// (AddReportRefs), read from that state. Schema 9: each unsent change's
// stamp in clear (AddOutboxStamps), read from the change.
#include "client/src/store/migrate.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/store/blob_table.h"
#include "client/src/store/outbox.h"
#include "hromada/v1/record.pb.h"
#include "shared/report/report.h"

namespace hromada::client {
namespace {

using Row = std::pair<std::vector<std::string>, std::string>;  // key columns, payload

// Reads every row of `select` (key columns..., payload) before rewriting.
absl::StatusOr<std::vector<Row>> ReadAll(sql::Db* db, absl::string_view select, int keys) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt = db->PrepareOnce(select);
  if (!stmt.ok()) return stmt.status();
  std::vector<Row> rows;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    Row r;
    for (int i = 0; i < keys; ++i) r.first.emplace_back((*stmt)->Blob(i));
    r.second = std::string((*stmt)->Blob(keys));
    rows.push_back(std::move(r));
  }
}

uint64_t Seq(const std::string& text) { return std::stoull(text); }

// Seals column `column` of `table` for each row that `select` reads.
absl::Status SealColumn(sql::Db* db, const RowCipher& cipher, absl::string_view select, int keys,
                        const std::string& update,
                        const std::function<std::string(const Row&)>& ad) {
  absl::StatusOr<std::vector<Row>> rows = ReadAll(db, select, keys);
  if (!rows.ok()) return rows.status();
  for (const Row& r : *rows) {
    absl::StatusOr<sql::Stmt*> put = db->Prepare(update);
    if (!put.ok()) return put.status();
    (*put)->BindBlob(1, cipher.Seal(r.second, ad(r)));
    for (int i = 0; i < keys; ++i) (*put)->BindBlob(2 + i, r.first[i]);
    if (absl::Status s = (*put)->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Encrypts a schema-1 (clear) profile in place, then purges the clear
// pages from the file and the WAL.
absl::Status EncryptV1(sql::Db* db, const RowCipher& cipher) {
  if (absl::Status s = db->Exec("PRAGMA secure_delete=ON"); !s.ok()) return s;
  {
    absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db, "BEGIN IMMEDIATE");
    if (!txn.ok()) return txn.status();
    const absl::Status steps[] = {
        SealColumn(db, cipher, "SELECT CAST(rowid AS TEXT), kind, id, state FROM records", 3,
                   "UPDATE records SET state = ? WHERE rowid = CAST(? AS INTEGER) "
                   "AND kind = CAST(? AS TEXT) AND id = ?",
                   [](const Row& r) { return RecordAd(r.first[1], r.first[2]); }),
        SealColumn(db, cipher, "SELECT CAST(device_seq AS TEXT), change FROM outbox", 1,
                   "UPDATE outbox SET change = ? WHERE device_seq = CAST(? AS INTEGER)",
                   [](const Row& r) { return ChangeAd(Seq(r.first[0])); }),
        SealColumn(db, cipher, "SELECT CAST(device_seq AS TEXT), change FROM rejected", 1,
                   "UPDATE rejected SET change = ? WHERE device_seq = CAST(? AS INTEGER)",
                   [](const Row& r) { return ChangeAd(Seq(r.first[0])); }),
        SealColumn(db, cipher, "SELECT CAST(device_seq AS TEXT), message FROM rejected", 1,
                   "UPDATE rejected SET message = ? WHERE device_seq = CAST(? AS INTEGER)",
                   [](const Row& r) { return RefusalAd(Seq(r.first[0])); }),
        SealColumn(db, cipher,
                   "SELECT key, value FROM settings WHERE key IN "
                   "('server_url', 'token', 'last_error')",
                   1, "UPDATE settings SET value = ? WHERE key = CAST(? AS TEXT)",
                   [](const Row& r) { return SettingAd(r.first[0]); }),
    };
    for (const absl::Status& s : steps) {
      if (!s.ok()) return s;
    }
    if (absl::Status s = db->Exec("PRAGMA user_version = 2"); !s.ok()) return s;
    if (absl::Status s = txn->Commit(); !s.ok()) return s;
  }
  if (absl::Status s = db->Exec("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"); !s.ok()) return s;
  return db->Exec("PRAGMA secure_delete=OFF");
}

// Fills refs for up to `limit` attendances after rowid `after`; returns
// the last rowid read, or `after` when none was left.
absl::StatusOr<int64_t> FillRefs(sql::Db* db, const RowCipher& cipher, int64_t after, int limit) {
  absl::StatusOr<std::vector<Row>> rows =
      ReadAll(db,
              absl::StrCat("SELECT CAST(rowid AS TEXT), id, state FROM records WHERE kind = "
                           "'attendance' AND refs IS NULL AND rowid > ",
                           after, " ORDER BY rowid LIMIT ", limit),
              2);
  if (!rows.ok()) return rows.status();
  std::string plain;
  v1::Record state;
  for (const Row& r : *rows) {
    after = std::stoll(r.first[0]);
    absl::Status opened = cipher.Open(r.second, RecordAd("attendance", r.first[1]), &plain);
    if (!opened.ok()) return opened;
    if (!state.ParseFromString(plain)) {
      return absl::DataLossError("a stored attendance record does not parse");
    }
    const std::string refs = ReportRefs(state);
    if (refs.empty()) continue;  // read from its state, as before
    absl::StatusOr<sql::Stmt*> put =
        db->Prepare("UPDATE records SET refs = ? WHERE rowid = CAST(? AS INTEGER)");
    if (!put.ok()) return put.status();
    if (absl::Status s = (*put)->BindBlob(1, refs).BindText(2, r.first[0]).Run(); !s.ok()) return s;
  }
  return after;
}

// Whether `table` has `column` (an upgrade step may meet a file that got
// it already).
absl::StatusOr<bool> HasColumn(sql::Db* db, absl::string_view table, absl::string_view column) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt =
      db->PrepareOnce("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, table).BindText(2, column);
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return *row && (*stmt)->Int(0) > 0;
}

// Schema 7: adds records.refs if missing and fills it for every attendance
// that has none, in the caller's transaction.
absl::Status AddReportRefs(sql::Db* db, const RowCipher& cipher) {
  absl::StatusOr<bool> has = HasColumn(db, "records", "refs");
  if (!has.ok()) return has.status();
  if (!*has) {
    if (absl::Status s = db->Exec("ALTER TABLE records ADD COLUMN refs BLOB"); !s.ok()) return s;
  }
  // In slices of rows, so a phone with a million attendances never holds
  // them all in memory at once.
  for (int64_t after = 0;;) {
    absl::StatusOr<int64_t> last = FillRefs(db, cipher, after, 10000);
    if (!last.ok()) return last.status();
    if (*last == after) break;
    after = *last;
  }
  return db->Exec("PRAGMA user_version = 7");
}

// Records live in rowid order (arrival), with a unique index on (kind, id)
// that also serves listing by kind. Ids are random (UUIDv4/v5), so a page
// of pulled records lands all over the key space: keyed on (kind, id)
// itself (WITHOUT ROWID) every commit would rewrite most of the table's
// pages; keyed on rowid only the small index pages are scattered, and a
// commit writes a few MB instead of the whole file.
//
// Schema 2 seals every personal payload (crypto.h): records.state,
// outbox.change, rejected.change and .message, and the settings named in
// kSealedSettings (settings.cc). Ids, kinds, community ids, flags and counters stay clear
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

// Schema 5: when each record's last change was acked (Outbox::SyncStateOf), for
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
// have jumped (Outbox::SyncStateOf). 0 in rows from schema 5: compared by time.
constexpr absl::string_view kRecordSyncSeq = R"sql(
ALTER TABLE record_sync ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
)sql";

// Schema 7: records.refs, an attendance's meeting and person ids in clear
// (ReportRefs), so a report counts it without opening its state; NULL for
// other kinds. Ids only, which the attendance's own clear id is derived
// from anyway (docs/security.md). Added and filled by AddReportRefs
// (migrate.cc).

// Schema 8: attachment contents by SHA-256 (blob_table.h). Each chunk is
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
  chunk INTEGER NOT NULL,       -- offset / BlobTable::kChunkBytes
  data BLOB NOT NULL,           -- sealed
  PRIMARY KEY (sha256, chunk)
) WITHOUT ROWID;
PRAGMA user_version = 8;
)sql";

// Schema 9: outbox.hlc, each unsent change's stamp in clear, so that the
// re-dating at every handshake (restamp.h) reads the outbox's clear
// columns and opens only the changes that move; indexed, because a new
// stamp must not take one a change holds. A stamp tells when the edit was
// made, which the change's outbox_clock row (schema 3) already tells in
// clear: it adds nothing (docs/security.md). Added, then filled from the
// sealed changes (Outbox::FillStamps).
absl::Status AddOutboxStamps(sql::Db* db, const RowCipher& cipher) {
  absl::StatusOr<bool> has = HasColumn(db, "outbox", "hlc");
  if (!has.ok()) return has.status();
  if (!*has) {
    if (absl::Status s = db->Exec("ALTER TABLE outbox ADD COLUMN hlc INTEGER"); !s.ok()) return s;
  }
  if (absl::Status s = db->Exec("CREATE INDEX IF NOT EXISTS outbox_by_hlc ON outbox (hlc)");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Outbox(db, &cipher).FillStamps(); !s.ok()) return s;
  return db->Exec("PRAGMA user_version = 9");
}

}  // namespace

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
absl::Status CreateOrUpgradeSchema(sql::Db* db, const RowCipher& cipher) {
  absl::StatusOr<int64_t> version = SchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version == kProfileSchemaVersion) return absl::OkStatus();
  if (*version > kProfileSchemaVersion) {
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
  if (absl::Status s = AddOutboxStamps(db, cipher); !s.ok()) return s;
  return txn->Commit();
}

}  // namespace hromada::client
