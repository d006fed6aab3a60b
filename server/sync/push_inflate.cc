#include "server/sync/push_inflate.h"

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "shared/base/deflate.h"

namespace hromada::server {

absl::Status InflatePushChanges(size_t max_bytes, v1::PushRequest& request) {
  if (request.deflated_changes().empty()) return absl::OkStatus();
  if (request.changes_size() > 0) {
    return absl::InvalidArgumentError(
        "a push carries either changes or deflated_changes, not both");
  }
  absl::StatusOr<std::string> entries =
      BoundedInflate(request.deflated_changes(), max_bytes, DeflateWrap::kZlib);
  if (absl::IsResourceExhausted(entries.status())) {
    return absl::ResourceExhaustedError(absl::StrCat("the push's changes inflate past ", max_bytes,
                                                     " bytes; send smaller batches"));
  }
  if (!entries.ok()) {
    return absl::InvalidArgumentError("the push's deflated_changes are not a valid zlib stream");
  }
  request.clear_deflated_changes();
  // Only `changes` entries may be inside: anything else would let the
  // stream override first_seq or nest another deflated_changes.
  // `inner` lives on the request's arena (the service parses requests on
  // one), so the swap below moves pointers rather than copying each change.
  google::protobuf::Arena* arena = request.GetArena();
  std::unique_ptr<v1::PushRequest> owned;
  v1::PushRequest* inner = google::protobuf::Arena::CreateMessage<v1::PushRequest>(arena);
  if (arena == nullptr) owned.reset(inner);
  if (!inner->ParseFromString(*entries) || inner->first_seq() != 0 ||
      !inner->deflated_changes().empty()) {
    return absl::InvalidArgumentError("the push's deflated_changes do not hold changes");
  }
  request.mutable_changes()->Swap(inner->mutable_changes());
  return absl::OkStatus();
}

}  // namespace hromada::server
