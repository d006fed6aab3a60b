// Schema 1 -> 2: a profile written before encryption at rest is sealed in
// place on its first open with a key (store.h). Every payload is rewritten
// in one transaction; secure_delete zeroes the clear cells it frees, and a
// VACUUM and a truncating checkpoint leave no clear page in the file or
// the WAL. A crash before the commit leaves schema 1, done again next time.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "client/src/store.h"

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

}  // namespace hromada::client
