#include "server/pull.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>

#include "server/pull_rules.h"
#include "server/scope.h"

namespace hromada::server {

absl::StatusOr<std::string> ReadPull(Store& store, const Device& device,
                                     const v1::PullRequest& request, size_t max_bytes,
                                     int64_t server_time_ms) {
  const size_t budget =
      request.max_bytes() == 0 ? max_bytes : std::min<size_t>(request.max_bytes(), max_bytes);
  absl::StatusOr<ChangePage> page =
      SelectPullPage(store, ReadScopeOf(device), request.cursor(), budget);
  if (!page.ok()) return page.status();
  v1::PullResponse tail;
  tail.set_next_cursor(page->next_cursor);
  tail.set_more(page->more);
  tail.set_server_time_ms(server_time_ms);
  // Serialized messages concatenate into their merge: the records, each
  // written as a length-delimited `records` field, then the scalar fields.
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const std::string& state : page->records) {
      google::protobuf::internal::WireFormatLite::WriteBytes(v1::PullResponse::kRecordsFieldNumber,
                                                             state, &coded);
    }
    tail.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace hromada::server
