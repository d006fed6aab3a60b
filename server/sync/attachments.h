// The attachment calls of hromada.v1.Sync without gRPC (docs/protocol.md
// "Attachments"): a device names an `attachment` record; the server takes
// the content's SHA-256 and size from its own copy of that record, so the
// record's scope decides who may send and who may fetch the bytes (the
// device must be able to read it: server/sync/scope.h MayRead).
//
// Who shares what (the BlobKey this file makes): a complete content is
// kept once per community, SHA-256 and size, so a record reaches only
// bytes that a device sent for a record of its own community declaring
// the same SHA-256 and size; naming another community's hash, or the
// right hash with another size, finds nothing. A content still arriving
// belongs to the device sending it: no other device's upload can add to
// it or drop it. A device may leave at most `max_partials` of them (so at
// most max_partials * max_bytes; RESOURCE_EXHAUSTED for another until one
// is finished), and one not appended to for `partial_lifetime` is dropped
// when any device next begins an upload.
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
#include "absl/time/time.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"

namespace hromada::server {

struct AttachmentLimits {
  uint64_t max_bytes = 0;        // the largest content
  uint32_t max_chunk_bytes = 0;  // the largest chunk sent or fetched
  uint32_t max_partials = 4;     // unfinished uploads one device may leave
  absl::Duration partial_lifetime = absl::Hours(24 * 7);
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
