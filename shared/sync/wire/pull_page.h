// The pull page codec: a hromada.v1.PullResponse written by the server
// around record states as they are stored, and read by the device as views
// into the bytes that arrived. Neither side parses or serializes a record:
// a page is mostly a copy (docs/performance.md, steps 2 and 7), and each
// record state is kept exactly as the server sent it, unknown fields
// included (docs/design.md invariant 10).
//
// Stateless functions; thread-safe.
#ifndef HROMADA_SHARED_SYNC_WIRE_PULL_PAGE_H_
#define HROMADA_SHARED_SYNC_WIRE_PULL_PAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::wire {

// A page read from the wire. It owns its bytes and `records` point into
// them: keep the page where it was read (a copy or a move may leave the
// views on the old bytes, e.g. those of a short string).
struct PullPage {
  std::string bytes;                       // a serialized PullResponse
  std::vector<absl::string_view> records;  // serialized v1::Record, in `bytes`
  uint64_t next_cursor = 0;
  bool more = false;
  int64_t server_time_ms = 0;
};

// A serialized PullResponse holding `records` (each a serialized v1::Record,
// copied as it is) and the scalars; the same bytes protobuf would write.
std::string WritePullPage(const std::vector<std::string>& records, uint64_t next_cursor, bool more,
                          int64_t server_time_ms);

// Splits `bytes` (a PullResponse) into `*page`, which takes them over.
// Fields a newer server adds are skipped, as protobuf skips them. INTERNAL
// if the bytes are not a well-formed PullResponse; the page's records are
// not parsed here, so a malformed record is found when it is applied.
absl::Status ReadPullPage(std::string bytes, PullPage* page);

}  // namespace hromada::wire

#endif  // HROMADA_SHARED_SYNC_WIRE_PULL_PAGE_H_
