#include "server/sync/pull_rules.h"

#include <algorithm>

namespace hromada::server {

bool IsSent(const ChangeRow& row, const ReadScope& scope) {
  return row.sole_writer != scope.device_id;
}

absl::StatusOr<ChangePage> SelectPullPage(Store& store, const ReadScope& scope, uint64_t cursor,
                                          size_t max_bytes) {
  ChangePage page;
  page.next_cursor = cursor;
  size_t bytes = 0;
  const ChangeQuery query{cursor, scope.communities, /*with_state=*/true};
  absl::StatusOr<uint64_t> high_mark = store.ScanChanges(query, [&](const ChangeRow& row) {
    if (IsSent(row, scope)) {
      if (!page.records.empty() && bytes + row.state.size() > max_bytes) {
        page.more = true;
        return false;
      }
      bytes += row.state.size();
      page.records.emplace_back(row.state);
    }
    // A record not sent is passed too: the device never needs it from here.
    page.next_cursor = row.updated_seq;
    return true;
  });
  if (!high_mark.ok()) return high_mark.status();
  // Nothing left for this device: skip past other scopes' records too.
  if (!page.more) page.next_cursor = std::max(page.next_cursor, *high_mark);
  return page;
}

absl::StatusOr<uint64_t> EstimatePending(Store& store, const ReadScope& scope, uint64_t cursor) {
  bool any = false;
  absl::StatusOr<uint64_t> high_mark = store.ScanChanges(
      ChangeQuery{cursor, scope.communities, /*with_state=*/false}, [&](const ChangeRow& row) {
        any = IsSent(row, scope);
        return !any;  // stop at the first record a pull would send
      });
  if (!high_mark.ok()) return high_mark.status();
  return any && *high_mark > cursor ? *high_mark - cursor : 0;
}

}  // namespace hromada::server
