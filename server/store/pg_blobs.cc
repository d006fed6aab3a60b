// PgStore's attachment contents: table `blobs` says how much of each has
// arrived, `blob_chunks` holds the bytes as the appends brought them. An
// append runs in one transaction with the content's row locked (FOR
// UPDATE), so appends of one content from several servers are serialized.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/pg_conn.h"
#include "server/store/pg_store.h"
#include "shared/base/sha256.h"

namespace hromada::server {

using pg::Params;
using pg::Result;

namespace {

absl::StatusOr<BlobState> LoadBlob(pg::Conn& conn, absl::string_view sha256, bool lock) {
  absl::StatusOr<Result> r = conn.Exec(
      absl::StrCat("SELECT held, complete FROM blobs WHERE sha256=$1", lock ? " FOR UPDATE" : ""),
      Params().Text(sha256));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return BlobState{};
  return BlobState{static_cast<uint64_t>(r->Int(0, 0)), r->Int(0, 1) != 0};
}

// The digest of the chunks held, read in order a batch at a time.
absl::StatusOr<std::string> DigestOf(pg::Conn& conn, absl::string_view sha256) {
  Sha256 hash;
  int64_t next = 0;
  for (;;) {
    absl::StatusOr<Result> r = conn.Exec(
        "SELECT start, data FROM blob_chunks WHERE sha256=$1 AND start >= $2 ORDER BY start "
        "LIMIT 64",
        Params().Text(sha256).Int(next));
    if (!r.ok()) return r.status();
    if (r->rows() == 0) break;
    for (int i = 0; i < r->rows(); ++i) {
      if (r->Int(i, 0) != next)
        return absl::DataLossError("an attachment's stored chunks have a gap");
      hash.Update(r->Bytes(i, 1));
      next += static_cast<int64_t>(r->Bytes(i, 1).size());
    }
  }
  return hash.HexDigest();
}

// Checks the whole content's digest: marks it complete, or drops its
// chunks (DATA_LOSS once the transaction commits).
absl::StatusOr<BlobState> Finish(pg::Conn& conn, absl::string_view sha256, uint64_t size,
                                 bool* dropped) {
  absl::StatusOr<std::string> digest = DigestOf(conn, sha256);
  if (!digest.ok()) return digest.status();
  if (*digest == sha256) {
    if (absl::Status s =
            conn.Run("UPDATE blobs SET complete=true WHERE sha256=$1", Params().Text(sha256));
        !s.ok()) {
      return s;
    }
    return BlobState{size, true};
  }
  *dropped = true;
  if (absl::Status s = conn.Run("DELETE FROM blob_chunks WHERE sha256=$1", Params().Text(sha256));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = conn.Run("UPDATE blobs SET held=0 WHERE sha256=$1", Params().Text(sha256));
      !s.ok()) {
    return s;
  }
  return BlobState{};
}

}  // namespace

absl::StatusOr<BlobState> PgStore::GetBlob(absl::string_view sha256) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return LoadBlob(**lease, sha256, false);
}

absl::StatusOr<BlobState> PgStore::AppendBlob(absl::string_view sha256, uint64_t size,
                                              uint64_t offset, absl::string_view data) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  pg::Conn& conn = **lease;
  if (absl::Status s = conn.Run("BEGIN"); !s.ok()) return s;
  if (absl::Status s =
          conn.Run("INSERT INTO blobs(sha256, size, held, complete) VALUES($1,$2,0,false) "
                   "ON CONFLICT(sha256) DO NOTHING",
                   Params().Text(sha256).Int(static_cast<int64_t>(size)));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<BlobState> held = LoadBlob(conn, sha256, true);
  if (!held.ok()) return held.status();
  absl::StatusOr<BlobAppend> plan = BlobAppendPlan(*held, size, offset, data);
  if (!plan.ok()) return plan.status();  // the lease rolls back
  if (plan->write) {
    const absl::string_view fresh = data.substr(plan->skip);
    if (absl::Status s =
            conn.Run("INSERT INTO blob_chunks(sha256, start, data) VALUES($1,$2,$3)",
                     Params().Text(sha256).Int(static_cast<int64_t>(held->held)).Bytes(fresh));
        !s.ok()) {
      return s;
    }
    held->held += fresh.size();
    if (absl::Status s = conn.Run("UPDATE blobs SET held=$2 WHERE sha256=$1",
                                  Params().Text(sha256).Int(static_cast<int64_t>(held->held)));
        !s.ok()) {
      return s;
    }
  }
  bool dropped = false;
  if (!held->complete && held->held == size) {
    held = Finish(conn, sha256, size, &dropped);
    if (!held.ok()) return held.status();
  }
  if (absl::Status s = conn.Run("COMMIT"); !s.ok()) return s;
  if (dropped) {
    return absl::DataLossError(
        "the attachment's bytes do not match its SHA-256; they were dropped: send them again");
  }
  return *held;
}

absl::StatusOr<std::string> PgStore::ReadBlob(absl::string_view sha256, uint64_t offset,
                                              size_t max_bytes) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<BlobState> held = LoadBlob(**lease, sha256, false);
  if (!held.ok()) return held.status();
  if (!held->complete) return absl::NotFoundError("the server does not hold this attachment");
  const int64_t from = static_cast<int64_t>(offset);
  const int64_t to = from + static_cast<int64_t>(max_bytes);
  absl::StatusOr<Result> r = (*lease)->Exec(
      "SELECT start, data FROM blob_chunks WHERE sha256=$1 AND start < $3 "
      "AND start + length(data) > $2 ORDER BY start",
      Params().Text(sha256).Int(from).Int(to));
  if (!r.ok()) return r.status();
  std::string out;
  for (int i = 0; i < r->rows(); ++i) {
    const int64_t start = r->Int(i, 0);
    absl::string_view bytes = r->Bytes(i, 1);
    const int64_t lo = std::max(from, start) - start;
    const int64_t hi = std::min(to, start + static_cast<int64_t>(bytes.size())) - start;
    out.append(bytes.data() + lo, static_cast<size_t>(hi - lo));
  }
  return out;
}

}  // namespace hromada::server
