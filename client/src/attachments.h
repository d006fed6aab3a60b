// The device's half of attachments (docs/protocol.md "Attachments"): a
// file is kept in the store by its SHA-256 (Store::AppendBlob, sealed) and
// described by an `attachment` record that syncs like any other; its bytes
// are sent by the sync engine after the records (sync_attachments.cc) and
// fetched on demand (FetchContent). Thread-compatible, like the Store.
#ifndef HROMADA_CLIENT_SRC_ATTACHMENTS_H_
#define HROMADA_CLIENT_SRC_ATTACHMENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/store/store.h"
#include "client/src/transport/retry.h"
#include "client/src/transport/transport.h"
#include "hromada/client.h"
#include "hromada/v1/record.pb.h"

namespace hromada::client {

// The bytes of the file at `path`, read only if it is at most `max_bytes`:
// RESOURCE_EXHAUSTED saying the size and the limit otherwise,
// INVALID_ARGUMENT for an empty file, NOT_FOUND for a missing one.
absl::StatusOr<std::string> ReadAttachmentFile(const std::string& path, uint64_t max_bytes);

// Keeps `content` in the store under its SHA-256 (once per content) and
// returns the digest.
absl::StatusOr<std::string> KeepContent(Store& store, absl::string_view content);

// The whole content of `sha256` from the store; NOT_FOUND unless whole.
absl::StatusOr<std::string> ReadContent(Store& store, absl::string_view sha256);

// Fetches what the store lacks of the content that attachment record
// `attachment_id` (16 bytes) names, chunk by chunk, each kept as it comes
// (a fetch cut off resumes there), each call retried by `retry`; checks
// the whole content's SHA-256 (DATA_LOSS, and the bytes dropped, if it
// does not match). Errors are the server's (attachments.h on the server).
absl::Status FetchContent(Store& store, Transport& transport, const RetryPolicy& retry,
                          const std::string& token, absl::string_view attachment_id,
                          absl::string_view sha256);

// An `attachment` record as the API shows it.
AttachmentInfo InfoOf(const v1::Record& record, const BlobInfo& blob);

// A media type for a file name by its extension ("" when unknown).
std::string MediaTypeOf(absl::string_view file_name);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_ATTACHMENTS_H_
