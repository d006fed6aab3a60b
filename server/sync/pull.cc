#include "server/sync/pull.h"

#include <algorithm>

#include "server/sync/pull_rules.h"
#include "server/sync/scope.h"
#include "shared/sync/wire/pull_page.h"

namespace hromada::server {

absl::StatusOr<std::string> ReadPull(Store& store, const Device& device,
                                     const v1::PullRequest& request, size_t max_bytes,
                                     int64_t server_time_ms) {
  const size_t budget =
      request.max_bytes() == 0 ? max_bytes : std::min<size_t>(request.max_bytes(), max_bytes);
  absl::StatusOr<ChangePage> page =
      SelectPullPage(store, ReadScopeOf(device), request.cursor(), budget);
  if (!page.ok()) return page.status();
  return wire::WritePullPage(page->records, page->next_cursor, page->more, server_time_ms);
}

}  // namespace hromada::server
