// Phase 3 of a sync round (sync_engine.h): the pull. Pages after the
// cursor until the server has no more, each page's records and its cursor
// committed in one local transaction (Store::ApplyPage; invariants 5, 6 of docs/design.md),
// so a round cut off resumes after the last page saved. Each page asks
// for max_bytes from the pull LinkBudget, so a page fits the link. With a
// second transport, the next page is fetched while the current one is
// written, so the server's read and the local write overlap; at most two
// pages are in memory.
//
// Errors: the calls' (after retries), the store's, DATA_LOSS for a page
// or record that does not parse, INTERNAL for a server that says there is
// more but sends none.
//
// Thread-compatible: one Run at a time, on the round's thread; the
// prefetch runs FetchPage on a helper thread. The round, budget and
// prefetch transport are borrowed and must outlive the phase.
#ifndef HROMADA_CLIENT_SRC_SYNC_PULL_H_
#define HROMADA_CLIENT_SRC_SYNC_PULL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "client/src/sync/handshake.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_round.h"
#include "client/src/transport/transport.h"

namespace hromada::client {

class PullPhase {
 public:
  // `prefetch` (optional) is a second transport to the same server.
  PullPhase(SyncRound* round, LinkBudget* budget, const HandshakeOutcome& handshake,
            Transport* prefetch);
  PullPhase(const PullPhase&) = delete;
  PullPhase& operator=(const PullPhase&) = delete;

  // Pulls until the server has nothing more for this device.
  absl::Status Run();
  // The same, starting with `page` (a serialized PullResponse) that came
  // inside the handshake (handshake.h, Exchange) at `timing`, applied as a
  // page this phase fetched would be.
  absl::Status Run(std::string page, const CallTiming& timing);

 private:
  struct Fetched;  // a fetched page; parsed on its own arena

  // A page with retries, over `transport`. Touches no mutable member but
  // the atomic ratio, so the prefetch thread may run it.
  std::unique_ptr<Fetched> FetchPage(Transport* transport, uint64_t cursor) const;
  // The max_bytes of the next PullRequest: the budget (wire bytes) in the
  // page's own bytes, by the compression the last page had.
  uint32_t MaxBytes() const;
  absl::Status Apply(const Fetched& fetched);
  // Starts the phase's progress.
  void Begin();
  // Applies `first` and fetches and applies the pages after it.
  absl::Status From(std::unique_ptr<Fetched> first);

  SyncRound& round_;
  LinkBudget& budget_;
  Transport* const prefetch_;
  const uint32_t server_max_;  // 0: none announced
  const uint64_t pending_;     // the handshake's count, for progress
  // Wire bytes per page byte of the last page (compression), shared with
  // the prefetching thread.
  mutable std::atomic<double> ratio_{1.0};
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_PULL_H_
