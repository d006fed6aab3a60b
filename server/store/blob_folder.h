// Attachment contents as files beside a SQLite database (SqliteStore's
// blobs; the Store contract is store.h's GetBlob, AppendBlob, ReadBlob,
// PartialBlobsOf, DropPartialBlobs): "<db>.attachments/<whole>" holds a
// complete, checked content, and "<db>.attachments/partial/<uploader>/
// <partial>" one still arriving from one device, renamed into place once
// whole and its SHA-256 matches. A partial file's mtime is its last append. The folders are 0700
// and the files 0600 (shared/base/private_file.h): they hold personal data. Each append is
// fdatasync'ed before it is answered, and the rename's folder fsync'ed, so what a device is told is
// held survives a crash.
//
// Thread-safe: appends are serialized by one mutex (one server process
// serves a SQLite database: ServingLock); reads of complete files need no
// lock, as a complete file never changes.
#ifndef HROMADA_SERVER_STORE_BLOB_FOLDER_H_
#define HROMADA_SERVER_STORE_BLOB_FOLDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

namespace hromada::server {

class BlobFolder {
 public:
  // `db_path`: the database the folder sits beside (created on first use).
  explicit BlobFolder(const std::string& db_path);

  absl::StatusOr<BlobState> Get(const BlobKey& key) const;
  absl::StatusOr<BlobState> Append(const BlobKey& key, uint64_t size, uint64_t offset,
                                   absl::string_view data) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::string> Read(absl::string_view whole, uint64_t offset,
                                   size_t max_bytes) const;
  absl::StatusOr<PartialBlobs> PartialsOf(absl::string_view uploader) const;
  absl::Status DropPartials(absl::Time cutoff) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  std::string CompletePath(absl::string_view whole) const;
  std::string PartialPath(const BlobKey& key) const;
  // Checks the partial content's digest: renames it into place, or
  // removes it (DATA_LOSS).
  absl::StatusOr<BlobState> Finish(const BlobKey& key, uint64_t size)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string folder_;
  absl::Mutex mu_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_BLOB_FOLDER_H_
