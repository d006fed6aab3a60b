// The attachment calls of hromada.v1.Sync without gRPC (docs/protocol.md
// "Attachments"): a device names an `attachment` record; the server takes
// the content's SHA-256 and size from its own copy of that record, so the
// record's scope decides who may send and who may fetch the bytes (the
// device must be able to read it: server/sync/scope.h MayRead). The bytes are
// kept once per content (Store::AppendBlob), however many records name it.
//
// Errors: NOT_FOUND for a record the device lacks or may not read (one
// answer for both, so a device learns nothing of other communities),
// INVALID_ARGUMENT for a malformed request or record, RESOURCE_EXHAUSTED
// for a size over the server's limit or a chunk over the largest one,
// FAILED_PRECONDITION for a gap (UploadAttachment) or a content not held
// whole yet (FetchAttachment), DATA_LOSS when the bytes do not match the
// SHA-256 (dropped: send them again). Thread-safe (the Store is).
#ifndef HROMADA_SERVER_SYNC_ATTACHMENTS_H_
#define HROMADA_SERVER_SYNC_ATTACHMENTS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"

namespace hromada::server {

struct AttachmentLimits {
  uint64_t max_bytes = 0;        // the largest content
  uint32_t max_chunk_bytes = 0;  // the largest chunk sent or fetched
};

absl::StatusOr<v1::AttachmentStatusResponse> AttachmentStatus(
    Store& store, const Device& device, const v1::AttachmentStatusRequest& request,
    const AttachmentLimits& limits);
absl::StatusOr<v1::AttachmentStatusResponse> UploadAttachment(
    Store& store, const Device& device, const v1::UploadAttachmentRequest& request,
    const AttachmentLimits& limits);
absl::StatusOr<v1::FetchAttachmentResponse> FetchAttachment(
    Store& store, const Device& device, const v1::FetchAttachmentRequest& request,
    const AttachmentLimits& limits);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_ATTACHMENTS_H_
