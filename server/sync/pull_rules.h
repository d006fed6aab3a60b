// The pull rules (docs/design.md invariant 5): which stored records a device is
// sent, and where its next pull starts. The store only reads rows in
// updated_seq order (Store::ScanChanges); these rules decide over them:
//
// - A record that the pulling device alone wrote is not sent: every edit
//   is applied on the device before it is pushed, so it has that state.
// - When nothing the device would be sent is left, the next cursor jumps
//   to the store's high mark, past other scopes' records, so the next pull
//   does not scan them again.
//
// Stateless functions; thread-safe as the Store is.
#ifndef HROMADA_SERVER_SYNC_PULL_RULES_H_
#define HROMADA_SERVER_SYNC_PULL_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/store.h"
#include "server/sync/scope.h"

namespace hromada::server {

// A byte-bounded run of records in updated_seq order.
struct ChangePage {
  std::vector<std::string> records;  // serialized canonical v1::Record, as stored
  uint64_t next_cursor = 0;          // resume after this
  bool more = false;
};

// Whether a pull in `scope` sends `row` (a row of the scope's communities).
bool IsSent(const ChangeRow& row, const ReadScope& scope);

// The records `scope` is sent after `cursor`, in updated_seq order, until
// their stored size would pass `max_bytes` (at least one), and the cursor
// to resume from. Errors are the store's.
absl::StatusOr<ChangePage> SelectPullPage(Store& store, const ReadScope& scope, uint64_t cursor,
                                          size_t max_bytes);

// At most how many records pulls from `cursor` would send, for the
// handshake's progress bar and for the device to skip a pull: 0 when no
// record in `scope` after `cursor` would be sent, else the store's high
// mark minus the cursor (an upper bound). It never counts rows: it reads
// the start of each of the scope's index ranges, and past the device's own
// records (which are not sent back; there are as many as it pushed), so a
// handshake costs the same in a database of ten million records.
absl::StatusOr<uint64_t> EstimatePending(Store& store, const ReadScope& scope, uint64_t cursor);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_PULL_RULES_H_
