#include "server/store/store.h"

#include "absl/strings/str_cat.h"

namespace hromada::server {

absl::string_view SoleWriter(const v1::Record& record) {
  const std::string& writer = record.device_id();
  for (const v1::Field& f : record.fields()) {
    if (!f.device_id().empty() && f.device_id() != writer) return "";
  }
  if (record.deleted_hlc() != 0 && record.deleted_device_id() != writer) return "";
  return writer;
}

absl::StatusOr<BlobAppend> BlobAppendPlan(const BlobState& held, uint64_t size, uint64_t offset,
                                          absl::string_view data) {
  if (held.complete) return BlobAppend{};
  if (offset > held.held) {
    return absl::FailedPreconditionError(absl::StrCat("the chunk starts at byte ", offset,
                                                      " but the server holds only ", held.held,
                                                      "; resume from there"));
  }
  if (offset + data.size() > size) {
    return absl::InvalidArgumentError(
        absl::StrCat("the chunk ends past the attachment's size (", size, " bytes)"));
  }
  if (offset + data.size() <= held.held) return BlobAppend{};
  return BlobAppend{static_cast<size_t>(held.held - offset), true};
}

}  // namespace hromada::server
