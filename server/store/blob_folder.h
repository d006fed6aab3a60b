// Attachment contents as files beside a SQLite database (SqliteStore's
// blobs; the Store contract is store.h's GetBlob, AppendBlob, ReadBlob):
// "<db>.attachments/<sha256>" holds a complete, checked content, and
// "<db>.attachments/partial/<sha256>" one still arriving, renamed into
// place once whole and its SHA-256 matches. The folders are 0700 and the
// files 0600 (shared/base/private_file.h): they hold personal data. Each append
// is fdatasync'ed before it is answered, and the rename's folder fsync'ed,
// so what a device is told is held survives a crash.
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

  absl::StatusOr<BlobState> Get(absl::string_view sha256) const;
  absl::StatusOr<BlobState> Append(absl::string_view sha256, uint64_t size, uint64_t offset,
                                   absl::string_view data) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::string> Read(absl::string_view sha256, uint64_t offset,
                                   size_t max_bytes) const;

 private:
  std::string CompletePath(absl::string_view sha256) const;
  std::string PartialPath(absl::string_view sha256) const;
  // Checks the partial content's digest: renames it into place, or
  // removes it (DATA_LOSS).
  absl::StatusOr<BlobState> Finish(absl::string_view sha256, uint64_t size)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string folder_;
  absl::Mutex mu_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_BLOB_FOLDER_H_
