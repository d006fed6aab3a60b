#include "client/src/store/record_table.h"

#include <algorithm>

#include "shared/report/report.h"
#include "shared/sync/merge.h"

namespace hromada::client {
namespace {

constexpr char kInsert[] =
    "INSERT INTO records (kind, id, community_id, state, deleted, refs) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING";
constexpr char kUpsert[] =
    "INSERT INTO records (kind, id, community_id, state, deleted, refs) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
    "state = excluded.state, deleted = excluded.deleted, refs = excluded.refs";

// Binds a records row (kind, id, community_id, state, deleted, refs) for
// `state`, sealed as `sealed`, to parameters 1-6 of `stmt`.
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

}  // namespace

absl::Status RecordTable::Open(absl::string_view sealed, absl::string_view kind,
                               absl::string_view id, v1::Record* state) {
  RecordAd(kind, id, &ad_);
  if (absl::Status s = cipher_->Open(sealed, ad_, &plain_); !s.ok()) return s;
  if (!state->ParseFromString(plain_)) {
    return absl::DataLossError("a record in the local profile is corrupt");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Record>> RecordTable::Get(absl::string_view kind,
                                                           absl::string_view id) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("SELECT state FROM records WHERE kind = ? AND id = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  v1::Record record;
  absl::Status s = Open((*stmt)->Blob(0), kind, id, &record);
  (*stmt)->Reset();
  if (!s.ok()) return s;
  return record;
}

absl::StatusOr<bool> RecordTable::Write(const v1::Record& state, bool replace) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(replace ? kUpsert : kInsert);
  if (!stmt.ok()) return stmt.status();
  state.SerializeToString(&plain_);
  RecordAd(state.kind(), state.id(), &ad_);
  BindRow(state, cipher_->Seal(plain_, ad_), *stmt);
  if (absl::Status s = (*stmt)->Run(); !s.ok()) return s;
  return db_->Changes() > 0;
}

absl::StatusOr<bool> RecordTable::InsertIfAbsent(const v1::Record& state) {
  return Write(state, /*replace=*/false);
}

absl::Status RecordTable::Put(const v1::Record& state) {
  return Write(state, /*replace=*/true).status();
}

absl::Status RecordTable::Delete(absl::string_view kind, absl::string_view id) {
  absl::StatusOr<sql::Stmt*> drop = db_->Prepare("DELETE FROM records WHERE kind = ? AND id = ?");
  if (!drop.ok()) return drop.status();
  return (*drop)->BindText(1, kind).BindBlob(2, id).Run();
}

// The fast path is an insert of the bytes as they came (sealed: one AEAD
// per record) that does nothing when the record is already here; only then
// is the local state read and merged. A fresh device's bootstrap is all
// inserts.
absl::Status RecordTable::MergePulled(absl::string_view bytes, const v1::Record& pulled) {
  RecordAd(pulled.kind(), pulled.id(), &ad_);
  cipher_->Seal(bytes, ad_, &sealed_);
  absl::StatusOr<sql::Stmt*> insert = db_->Prepare(kInsert);
  if (!insert.ok()) return insert.status();
  BindRow(pulled, sealed_, *insert);
  absl::Status s = (*insert)->Run();
  if (!s.ok() || db_->Changes() > 0) return s;
  absl::StatusOr<std::optional<v1::Record>> local = Get(pulled.kind(), pulled.id());
  if (!local.ok()) return local.status();
  v1::Record merged = **std::move(local);
  if (!Merge(pulled, &merged)) return absl::OkStatus();
  return Put(merged);
}

absl::Status RecordTable::ForEach(absl::string_view kind,
                                  const std::function<bool(const v1::Record&)>& fn) {
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
    absl::Status s = Open((*stmt)->Blob(1), kind, (*stmt)->Blob(0), &record);
    if (!s.ok()) return s;
    if (!fn(record)) return absl::OkStatus();
  }
}

absl::Status RecordTable::ScanSealed(
    const std::vector<std::string>& kinds,
    const std::function<absl::Status(absl::string_view, absl::string_view, absl::string_view,
                                     absl::string_view)>& fn) {
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

absl::Status RecordTable::DropUnreadConflicts(const ReadScope& scope) {
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

}  // namespace hromada::client
