// A pulled page kept as the bytes that came off the wire: the records are
// views into them, so each record state is stored exactly as the server
// sent it (unknown fields included) without a parse-and-serialize round,
// and a page costs its own size in memory, not a tree of messages.
#ifndef HROMADA_CLIENT_SRC_PULLED_PAGE_H_
#define HROMADA_CLIENT_SRC_PULLED_PAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::client {

struct PulledPage {
  std::string bytes;                       // a serialized hromada.v1.PullResponse
  std::vector<absl::string_view> records;  // serialized Records, into `bytes`
  uint64_t next_cursor = 0;
  bool more = false;
  int64_t server_time_ms = 0;
};

// Splits `bytes` (a PullResponse) into `*page`, which takes them over.
// INTERNAL if they are not a well-formed PullResponse.
absl::Status DecodePullResponse(std::string bytes, PulledPage* page);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_PULLED_PAGE_H_
