// Schema 1 -> 2: a profile written before encryption at rest is sealed in
// place on its first open with a key (store.h). Every payload is rewritten
// in one transaction; secure_delete zeroes the clear cells it frees, and a
// VACUUM and a truncating checkpoint leave no clear page in the file or
// the WAL. A crash before the commit leaves schema 1, done again next time.
//
// Schema 7: each attendance's refs copied in clear beside its sealed state
// (AddReportRefs), read from that state.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/store/store.h"
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

}  // namespace

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

namespace {

// Whether `records` has the refs column yet (schema 6 is added once; every
// older step is run again on an upgrade, so this one checks too).
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

}  // namespace

absl::StatusOr<bool> HasColumn(sql::Db* db, absl::string_view table, absl::string_view column) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt =
      db->PrepareOnce("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, table).BindText(2, column);
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return *row && (*stmt)->Int(0) > 0;
}

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

}  // namespace hromada::client
