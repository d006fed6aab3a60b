// The blob table: attachment contents by SHA-256 (hex). Table `blobs`
// says how much of each content is held and whether the server has it
// whole, in clear, so a sync learns what waits without opening a record;
// `blob_chunks` holds the bytes in chunks of kChunkBytes, each sealed
// (BlobAd: bound to the content and the chunk), so a photo is sent or
// fetched a chunk at a time without being held whole, and a fetch cut off
// resumes at the chunk.
//
// It runs inside the Store's transactions (an append of several chunks,
// a drop of a content) and never begins or commits one itself. It checks
// only that appends follow what is held; whether the whole content
// matches its digest is the caller's to check (Digest, Drop). Errors:
// SQLite's (sql::Db), DATA_LOSS for a chunk that does not open with the
// profile's key.
//
// Thread-compatible: the Store calls it under its mutex. The Db and
// RowCipher are borrowed and must outlive it.
#ifndef HROMADA_CLIENT_SRC_STORE_BLOB_TABLE_H_
#define HROMADA_CLIENT_SRC_STORE_BLOB_TABLE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/crypto/crypto.h"
#include "shared/base/sqlite.h"

namespace hromada::client {

// What the device holds of one attachment's content.
struct BlobInfo {
  uint64_t size = 0;  // 0: nothing held
  uint64_t held = 0;  // bytes held, from 0; == size when whole
  bool sent = false;  // the server holds it whole
  bool whole() const { return size > 0 && held == size; }
};

class BlobTable {
 public:
  static constexpr size_t kChunkBytes = 16 * 1024;

  BlobTable(sql::Db* db, const RowCipher* cipher) : db_(db), cipher_(cipher) {}
  BlobTable(const BlobTable&) = delete;
  BlobTable& operator=(const BlobTable&) = delete;

  // What is held of `sha256`: {0, 0, false} if nothing.
  absl::StatusOr<BlobInfo> Get(absl::string_view sha256);
  // The contents held whole that the server is not known to hold, with
  // their sizes.
  absl::StatusOr<std::map<std::string, uint64_t>> ToSend();
  // Appends `data` at `offset` (== what is held, on a chunk boundary) to
  // the content of `size` bytes. FAILED_PRECONDITION for another offset,
  // or past `size`.
  absl::Status Append(absl::string_view sha256, uint64_t size, uint64_t offset,
                      absl::string_view data);
  // The chunk holding byte `offset`, from `offset` to the chunk's end.
  // NOT_FOUND if it is not held.
  absl::StatusOr<std::string> Read(absl::string_view sha256, uint64_t offset);
  // The SHA-256 (hex) of the bytes held, chunk by chunk.
  absl::StatusOr<std::string> Digest(absl::string_view sha256);
  absl::Status MarkSent(absl::string_view sha256);
  // Forgets that the server holds any content.
  absl::Status ForgetSent();
  // Removes what is held of `sha256`.
  absl::Status Drop(absl::string_view sha256);

 private:
  sql::Db* const db_;
  const RowCipher* const cipher_;
  std::string plain_;  // scratch
  std::string sealed_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_BLOB_TABLE_H_
