#include "server/sync/attachments.h"

#include <algorithm>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/sync/scope.h"
#include "shared/base/sha256.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "shared/sync/merge.h"
#include "shared/sync/record_fields.h"
#include "shared/sync/validate_kinds.h"

namespace hromada::server {
namespace {

// What an attachment record says of its content, and where it is kept.
struct Content {
  std::string sha256;
  uint64_t size = 0;
  BlobKey key;
};

// Names bound to who may reach them: the whole content by the record's
// community, SHA-256 and size; the partial one by the sending device too.
BlobKey KeyOf(const Device& device, const v1::Record& record, const std::string& sha256,
              uint64_t size) {
  BlobKey key;
  key.sha256 = sha256;
  key.whole = Sha256Hex(absl::StrCat("hromada attachment", absl::string_view("\0", 1),
                                     record.community_id(), sha256, ":", size));
  key.uploader = absl::BytesToHexString(device.id);
  key.partial =
      Sha256Hex(absl::StrCat("hromada upload", absl::string_view("\0", 1), device.id, key.whole));
  return key;
}

// The content of the live attachment record `id` that `device` may read.
absl::StatusOr<Content> ContentOf(Store& store, const Device& device, absl::string_view id,
                                  const AttachmentLimits& limits) {
  if (id.size() != Uuid::kSize) {
    return absl::InvalidArgumentError("attachment_id must be a 16-byte record id");
  }
  absl::StatusOr<std::optional<v1::Record>> record = store.ReadRecord("attachment", id);
  if (!record.ok()) return record.status();
  if (!record->has_value() || IsDeleted(**record) || !MayRead(device, **record)) {
    return absl::NotFoundError(
        "the server has no such attachment record for this device; sync the records first");
  }
  const v1::Value* hash = FindField(**record, "sha256");
  const v1::Value* size = FindField(**record, "size");
  if (hash == nullptr || size == nullptr || !IsSha256Hex(hash->text()) || size->integer() <= 0) {
    return absl::InvalidArgumentError("the attachment record has no valid sha256 and size");
  }
  const uint64_t bytes = static_cast<uint64_t>(size->integer());
  if (bytes > limits.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("the attachment is ", BytesText(bytes),
                                                     "; this server takes at most ",
                                                     BytesText(limits.max_bytes)));
  }
  return Content{hash->text(), bytes, KeyOf(device, **record, hash->text(), bytes)};
}

v1::AttachmentStatusResponse Answer(const BlobState& held, const Content& content,
                                    const AttachmentLimits& limits) {
  v1::AttachmentStatusResponse out;
  out.set_held(held.held);
  out.set_complete(held.complete);
  out.set_size(content.size);
  out.set_max_chunk_bytes(limits.max_chunk_bytes);
  return out;
}

// Whether the uploader of `key` may begin it: first drops everyone's
// stale uploads, then counts the device's unfinished ones. Two uploads
// begun at once may both pass: the count can be passed by one, never more.
absl::Status MayBegin(Store& store, const BlobKey& key, const AttachmentLimits& limits) {
  if (absl::Status s = store.DropPartialBlobs(absl::Now() - limits.partial_lifetime); !s.ok()) {
    return s;
  }
  absl::StatusOr<PartialBlobs> left = store.PartialBlobsOf(key.uploader);
  if (!left.ok()) return left.status();
  if (left->count >= limits.max_partials) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this device has ", left->count, " attachments half sent (",
                     BytesText(left->bytes), "); finish sending them before starting another"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::AttachmentStatusResponse> AttachmentStatus(
    Store& store, const Device& device, const v1::AttachmentStatusRequest& request,
    const AttachmentLimits& limits) {
  absl::StatusOr<Content> content = ContentOf(store, device, request.attachment_id(), limits);
  if (!content.ok()) return content.status();
  absl::StatusOr<BlobState> held = store.GetBlob(content->key);
  if (!held.ok()) return held.status();
  return Answer(*held, *content, limits);
}

absl::StatusOr<v1::AttachmentStatusResponse> UploadAttachment(
    Store& store, const Device& device, const v1::UploadAttachmentRequest& request,
    const AttachmentLimits& limits) {
  if (request.data().size() > limits.max_chunk_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("the chunk is ", request.data().size(),
                                                     " bytes; at most ", limits.max_chunk_bytes,
                                                     " are taken at once"));
  }
  absl::StatusOr<Content> content = ContentOf(store, device, request.attachment_id(), limits);
  if (!content.ok()) return content.status();
  absl::StatusOr<BlobState> before = store.GetBlob(content->key);
  if (!before.ok()) return before.status();
  if (!before->complete && before->held == 0 && !request.data().empty()) {
    if (absl::Status s = MayBegin(store, content->key, limits); !s.ok()) return s;
  }
  absl::StatusOr<BlobState> held =
      store.AppendBlob(content->key, content->size, request.offset(), request.data());
  if (!held.ok()) return held.status();
  return Answer(*held, *content, limits);
}

absl::StatusOr<v1::FetchAttachmentResponse> FetchAttachment(
    Store& store, const Device& device, const v1::FetchAttachmentRequest& request,
    const AttachmentLimits& limits) {
  absl::StatusOr<Content> content = ContentOf(store, device, request.attachment_id(), limits);
  if (!content.ok()) return content.status();
  absl::StatusOr<BlobState> held = store.GetBlob(content->key);
  if (!held.ok()) return held.status();
  if (!held->complete) {
    return absl::FailedPreconditionError(
        "the server does not have this attachment's file yet; the device that added it has "
        "not sent it all");
  }
  uint32_t max = request.max_bytes() == 0 ? limits.max_chunk_bytes : request.max_bytes();
  max = std::min(max, limits.max_chunk_bytes);
  absl::StatusOr<std::string> data = store.ReadBlob(content->key.whole, request.offset(), max);
  if (!data.ok()) return data.status();
  v1::FetchAttachmentResponse out;
  out.set_data(*std::move(data));
  out.set_size(content->size);
  return out;
}

}  // namespace hromada::server
