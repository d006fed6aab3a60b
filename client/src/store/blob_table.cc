#include "client/src/store/blob_table.h"

#include "absl/strings/str_cat.h"
#include "shared/base/sha256.h"

namespace hromada::client {

absl::StatusOr<BlobInfo> BlobTable::Get(absl::string_view sha256) {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("SELECT size, held, sent FROM blobs WHERE sha256 = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, sha256);
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  BlobInfo info;
  if (*row) {
    info.size = static_cast<uint64_t>((*stmt)->Int(0));
    info.held = static_cast<uint64_t>((*stmt)->Int(1));
    info.sent = (*stmt)->Int(2) != 0;
  }
  (*stmt)->Reset();
  return info;
}

absl::StatusOr<std::map<std::string, uint64_t>> BlobTable::ToSend() {
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("SELECT sha256, size FROM blobs WHERE sent = 0 AND size > 0 AND held = size");
  if (!stmt.ok()) return stmt.status();
  std::map<std::string, uint64_t> out;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) {
      (*stmt)->Reset();
      return row.status();
    }
    if (!*row) break;
    out.emplace((*stmt)->Text(0), static_cast<uint64_t>((*stmt)->Int(1)));
  }
  (*stmt)->Reset();
  return out;
}

absl::Status BlobTable::Append(absl::string_view sha256, uint64_t size, uint64_t offset,
                               absl::string_view data) {
  absl::StatusOr<sql::Stmt*> insert =
      db_->Prepare("INSERT OR IGNORE INTO blobs (sha256, size, held, sent) VALUES (?, ?, 0, 0)");
  if (!insert.ok()) return insert.status();
  if (absl::Status s = (*insert)->BindText(1, sha256).Bind(2, static_cast<int64_t>(size)).Run();
      !s.ok()) {
    return s;
  }
  absl::StatusOr<sql::Stmt*> held = db_->Prepare("SELECT held FROM blobs WHERE sha256 = ?");
  if (!held.ok()) return held.status();
  (*held)->BindText(1, sha256);
  absl::StatusOr<bool> row = (*held)->Step();
  if (!row.ok()) return row.status();
  const uint64_t have = *row ? static_cast<uint64_t>((*held)->Int(0)) : 0;
  (*held)->Reset();
  if (offset != have || offset % kChunkBytes != 0 || offset + data.size() > size) {
    return absl::FailedPreconditionError(
        absl::StrCat("a chunk at byte ", offset, " does not follow the ", have, " bytes held"));
  }
  for (uint64_t at = 0; at < data.size(); at += kChunkBytes) {
    const uint64_t chunk = (offset + at) / kChunkBytes;
    cipher_->Seal(data.substr(at, kChunkBytes), BlobAd(sha256, chunk), &sealed_);
    absl::StatusOr<sql::Stmt*> put =
        db_->Prepare("INSERT OR REPLACE INTO blob_chunks (sha256, chunk, data) VALUES (?, ?, ?)");
    if (!put.ok()) return put.status();
    absl::Status s =
        (*put)->BindText(1, sha256).Bind(2, static_cast<int64_t>(chunk)).BindBlob(3, sealed_).Run();
    if (!s.ok()) return s;
  }
  absl::StatusOr<sql::Stmt*> update = db_->Prepare("UPDATE blobs SET held = ? WHERE sha256 = ?");
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, static_cast<int64_t>(offset + data.size())).BindText(2, sha256).Run();
}

absl::StatusOr<std::string> BlobTable::Read(absl::string_view sha256, uint64_t offset) {
  const uint64_t chunk = offset / kChunkBytes;
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("SELECT data FROM blob_chunks WHERE sha256 = ? AND chunk = ?");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, sha256).Bind(2, static_cast<int64_t>(chunk));
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    (*stmt)->Reset();
    return absl::NotFoundError("this part of the attachment is not on this device");
  }
  absl::Status s = cipher_->Open((*stmt)->Blob(0), BlobAd(sha256, chunk), &plain_);
  (*stmt)->Reset();
  if (!s.ok()) return s;
  const uint64_t within = offset - chunk * kChunkBytes;
  if (within > plain_.size()) return absl::NotFoundError("past the end of the attachment");
  return plain_.substr(within);
}

absl::StatusOr<std::string> BlobTable::Digest(absl::string_view sha256) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt =
      db_->PrepareOnce("SELECT chunk, data FROM blob_chunks WHERE sha256 = ? ORDER BY chunk");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, sha256);
  Sha256 hash;
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const uint64_t chunk = static_cast<uint64_t>((*stmt)->Int(0));
    if (absl::Status s = cipher_->Open((*stmt)->Blob(1), BlobAd(sha256, chunk), &plain_); !s.ok()) {
      return s;
    }
    hash.Update(plain_);
  }
  return hash.HexDigest();
}

absl::Status BlobTable::MarkSent(absl::string_view sha256) {
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare("UPDATE blobs SET sent = 1 WHERE sha256 = ?");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->BindText(1, sha256).Run();
}

absl::Status BlobTable::ForgetSent() { return db_->Exec("UPDATE blobs SET sent = 0"); }

absl::Status BlobTable::Drop(absl::string_view sha256) {
  for (const char* sql :
       {"DELETE FROM blob_chunks WHERE sha256 = ?", "DELETE FROM blobs WHERE sha256 = ?"}) {
    absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    if (absl::Status s = (*stmt)->BindText(1, sha256).Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace hromada::client
