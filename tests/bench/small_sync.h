// The small sync of docs/performance.md: how long one device's sync takes
// when there is almost nothing to send, through a link that adds a round
// trip of latency to every exchange and to every new connection's TCP set-up
// (TcpProxy::SetConnectDelay), over h2c or TLS. Counted in round trips, so
// that the figure says how many times the sync waits on the link.
#ifndef HROMADA_TESTS_BENCH_SMALL_SYNC_H_
#define HROMADA_TESTS_BENCH_SMALL_SYNC_H_

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hromada::bench {

struct SmallSyncOptions {
  // A folder of the bench's own; the scenario makes small-h2c/ or
  // small-tls/ in it for its server, profiles and certificate.
  std::string dir;
  bool tls = false;
  absl::Duration rtt = absl::Milliseconds(500);
  int rounds = 3;  // each figure is the median of this many syncs
};

// One JSON line: scenario "small_sync", transport, rtt_ms, and for an
// empty sync and for one record each way (a record pushed, another pulled)
// the median seconds and the round trips they make (seconds / rtt).
// Errors: a server or client that fails to start, enrol or sync.
absl::StatusOr<nlohmann::json> SmallSync(SmallSyncOptions options);

}  // namespace hromada::bench

#endif  // HROMADA_TESTS_BENCH_SMALL_SYNC_H_
