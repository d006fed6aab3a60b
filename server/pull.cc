#include "server/pull.h"

#include <algorithm>

#include "server/scope.h"

namespace hromada::server {

absl::StatusOr<v1::PullResponse> ReadPull(Store& store, const Device& device,
                                          const v1::PullRequest& request, size_t max_bytes) {
  const size_t budget =
      request.max_bytes() == 0 ? max_bytes : std::min<size_t>(request.max_bytes(), max_bytes);
  absl::StatusOr<ChangePage> page =
      store.ReadChanges(ReadScopeOf(device), request.cursor(), budget);
  if (!page.ok()) return page.status();
  v1::PullResponse response;
  response.mutable_records()->Reserve(static_cast<int>(page->records.size()));
  for (const std::string& state : page->records) {
    if (!response.add_records()->ParseFromString(state)) {
      return absl::DataLossError("a stored record is corrupt");
    }
  }
  response.set_next_cursor(page->next_cursor);
  response.set_more(page->more);
  return response;
}

}  // namespace hromada::server
