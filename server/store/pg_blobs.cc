// PgStore's attachment contents: table `blobs` has a row per content
// (keyed by its name, BlobKey::whole or BlobKey::partial) saying how much
// has arrived, who is sending it and when it last grew; `blob_chunks`
// holds the bytes as the appends brought them. An append runs in one
// transaction with the partial content's row locked (FOR UPDATE), so
// appends of one upload from several servers are serialized. A partial
// content that checks out becomes the whole one by renaming its chunks.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/pg_conn.h"
#include "server/store/pg_store.h"
#include "shared/base/sha256.h"

namespace hromada::server {

using pg::Params;
using pg::Result;

namespace {

absl::StatusOr<BlobState> LoadBlob(pg::Conn& conn, absl::string_view name, bool lock) {
  absl::StatusOr<Result> r = conn.Exec(
      absl::StrCat("SELECT held, complete FROM blobs WHERE sha256=$1", lock ? " FOR UPDATE" : ""),
      Params().Text(name));
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return BlobState{};
  return BlobState{static_cast<uint64_t>(r->Int(0, 0)), r->Int(0, 1) != 0};
}

// The whole content if complete, else the uploader's partial one.
absl::StatusOr<BlobState> LoadKey(pg::Conn& conn, const BlobKey& key, bool lock) {
  absl::StatusOr<BlobState> whole = LoadBlob(conn, key.whole, false);
  if (!whole.ok() || whole->complete) return whole;
  return LoadBlob(conn, key.partial, lock);
}

// The digest of the chunks held, read in order a batch at a time.
absl::StatusOr<std::string> DigestOf(pg::Conn& conn, absl::string_view name) {
  Sha256 hash;
  int64_t next = 0;
  for (;;) {
    absl::StatusOr<Result> r = conn.Exec(
        "SELECT start, data FROM blob_chunks WHERE sha256=$1 AND start >= $2 ORDER BY start "
        "LIMIT 64",
        Params().Text(name).Int(next));
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

absl::Status DropPartial(pg::Conn& conn, absl::string_view name) {
  if (absl::Status s = conn.Run("DELETE FROM blob_chunks WHERE sha256=$1", Params().Text(name));
      !s.ok()) {
    return s;
  }
  return conn.Run("DELETE FROM blobs WHERE sha256=$1", Params().Text(name));
}

// Checks the partial content's digest: makes it the whole content (unless
// another upload made it first), or drops it (DATA_LOSS once the
// transaction commits).
absl::StatusOr<BlobState> Finish(pg::Conn& conn, const BlobKey& key, uint64_t size, bool* dropped) {
  absl::StatusOr<std::string> digest = DigestOf(conn, key.partial);
  if (!digest.ok()) return digest.status();
  if (*digest != key.sha256) {
    *dropped = true;
    if (absl::Status s = DropPartial(conn, key.partial); !s.ok()) return s;
    return BlobState{};
  }
  absl::StatusOr<Result> made = conn.Exec(
      "INSERT INTO blobs(sha256, size, held, complete) VALUES($1,$2,$2,true) "
      "ON CONFLICT(sha256) DO NOTHING RETURNING sha256",
      Params().Text(key.whole).Int(static_cast<int64_t>(size)));
  if (!made.ok()) return made.status();
  if (made->rows() == 1) {
    if (absl::Status s = conn.Run("UPDATE blob_chunks SET sha256=$2 WHERE sha256=$1",
                                  Params().Text(key.partial).Text(key.whole));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = DropPartial(conn, key.partial); !s.ok()) return s;
  return BlobState{size, true};
}

}  // namespace

absl::StatusOr<BlobState> PgStore::GetBlob(const BlobKey& key) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return LoadKey(**lease, key, false);
}

absl::StatusOr<BlobState> PgStore::AppendBlob(const BlobKey& key, uint64_t size, uint64_t offset,
                                              absl::string_view data) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  pg::Conn& conn = **lease;
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  if (absl::Status s = conn.Run("BEGIN"); !s.ok()) return s;
  if (absl::Status s =
          conn.Run("INSERT INTO blobs(sha256, size, held, complete, uploader, touched_ms) "
                   "VALUES($1,$2,0,false,$3,$4) ON CONFLICT(sha256) DO NOTHING",
                   Params()
                       .Text(key.partial)
                       .Int(static_cast<int64_t>(size))
                       .Text(key.uploader)
                       .Int(now_ms));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<BlobState> held = LoadKey(conn, key, true);
  if (!held.ok()) return held.status();
  absl::StatusOr<BlobAppend> plan = BlobAppendPlan(*held, size, offset, data);
  if (!plan.ok()) return plan.status();  // the lease rolls back
  if (held->complete) {
    // Taken whole from another upload: this one's empty row goes.
    if (absl::Status s = DropPartial(conn, key.partial); !s.ok()) return s;
  } else if (plan->write) {
    const absl::string_view fresh = data.substr(plan->skip);
    if (absl::Status s =
            conn.Run("INSERT INTO blob_chunks(sha256, start, data) VALUES($1,$2,$3)",
                     Params().Text(key.partial).Int(static_cast<int64_t>(held->held)).Bytes(fresh));
        !s.ok()) {
      return s;
    }
    held->held += fresh.size();
    if (absl::Status s =
            conn.Run("UPDATE blobs SET held=$2, touched_ms=$3 WHERE sha256=$1",
                     Params().Text(key.partial).Int(static_cast<int64_t>(held->held)).Int(now_ms));
        !s.ok()) {
      return s;
    }
  }
  bool dropped = false;
  if (!held->complete && held->held == size) {
    held = Finish(conn, key, size, &dropped);
    if (!held.ok()) return held.status();
  }
  if (absl::Status s = conn.Run("COMMIT"); !s.ok()) return s;
  if (dropped) {
    return absl::DataLossError(
        "the attachment's bytes do not match its SHA-256; they were dropped: send them again");
  }
  return *held;
}

absl::StatusOr<std::string> PgStore::ReadBlob(absl::string_view whole, uint64_t offset,
                                              size_t max_bytes) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<BlobState> held = LoadBlob(**lease, whole, false);
  if (!held.ok()) return held.status();
  if (!held->complete) return absl::NotFoundError("the server does not hold this attachment");
  const int64_t from = static_cast<int64_t>(offset);
  const int64_t to = from + static_cast<int64_t>(max_bytes);
  absl::StatusOr<Result> r = (*lease)->Exec(
      "SELECT start, data FROM blob_chunks WHERE sha256=$1 AND start < $3 "
      "AND start + length(data) > $2 ORDER BY start",
      Params().Text(whole).Int(from).Int(to));
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

absl::StatusOr<PartialBlobs> PgStore::PartialBlobsOf(absl::string_view uploader) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<Result> r = (*lease)->Exec(
      "SELECT count(*), coalesce(sum(held), 0)::bigint FROM blobs "
      "WHERE uploader=$1 AND NOT complete",
      Params().Text(uploader));
  if (!r.ok()) return r.status();
  return PartialBlobs{static_cast<uint64_t>(r->Int(0, 0)), static_cast<uint64_t>(r->Int(0, 1))};
}

absl::Status PgStore::DropPartialBlobs(absl::Time cutoff) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  pg::Conn& conn = **lease;
  if (absl::Status s = conn.Run("BEGIN"); !s.ok()) return s;
  // Rows an append holds are skipped: they are being touched now.
  absl::StatusOr<Result> stale = conn.Exec(
      "SELECT sha256 FROM blobs WHERE NOT complete AND touched_ms < $1 FOR UPDATE SKIP LOCKED",
      Params().Int(absl::ToUnixMillis(cutoff)));
  if (!stale.ok()) return stale.status();
  for (int i = 0; i < stale->rows(); ++i) {
    if (absl::Status s = DropPartial(conn, stale->Bytes(i, 0)); !s.ok()) return s;
  }
  return conn.Run("COMMIT");
}

}  // namespace hromada::server
