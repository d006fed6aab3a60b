// The sync engine: one Sync round against the server, a short sequence of
// phases, each step committed before the next (docs/design.md invariants 2,
// 4-6, 8), each phase a part with its own contract:
//
//   1. Handshake (handshake.h): versions, the server's time, what it has
//      handled of this device's changes, the scope, the limits, a new
//      epoch after a restore.
//   2. Push (push.h): the outbox in byte-bounded batches, each ack
//      committed before the next batch.
//   3. Pull (pull.h): pages after the cursor, each page and its cursor one
//      local transaction. Skipped when the handshake said nothing is
//      pending (the server counts neither this device's own changes nor
//      the ones it pushes now).
//   4. Attachments (sync_attachments.h): the contents the server lacks; a
//      failure is kept in the report and never fails the round.
//
// A device that knows the server's epoch sends its first pull, and its
// first push batch when the stamps need no re-dating, inside the
// handshake (handshake.h, Exchange); the push and pull phases commit the
// answers with their own code and go on after them, so that a small sync
// is one call. What the server left out, the phases call for themselves.
//
// A retiring device shakes hands again after its push, so that the
// server's answer carries the wipe order once all it made is acked.
//
// What the phases share, the calls with their retries, the progress and
// the clock offset, is the round (sync_round.h); the phases share the
// push LinkBudget (push and attachments both go up) and the pull one.
// A round that gives up on the link returns the failure with what it
// saved (GaveUp) and leaves everything done so far committed, so the
// next round resumes where this one stopped.
//
// Thread-compatible: one Run at a time. The store and transports are
// borrowed and must outlive the engine.
#ifndef HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_
#define HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_

#include <memory>

#include "absl/status/status.h"
#include "client/src/store/store.h"
#include "client/src/sync/handshake.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_round.h"
#include "client/src/transport/transport.h"
#include "hromada/client.h"
#include "shared/base/clock.h"

namespace hromada::client {

class SyncEngine {
 public:
  // `prefetch` (optional) is a second transport to the same server: while
  // one pulled page is written locally the next one is fetched over it.
  SyncEngine(Store* store, Transport* transport, const Clock* clock, SyncConfig config,
             Transport* prefetch = nullptr);

  // One round. On failure everything committed so far stays; `report()`
  // still tells what happened.
  absl::Status Run(const ProgressCallback& progress);
  const SyncReport& report() const { return round_.report(); }

 private:
  // The phases in order; the first failure ends the round.
  absl::Status RunPhases();
  // What goes inside the first handshake (see PlanExchange in the .cc).
  absl::Status PlanExchange(Exchange* exchange);
  // The handshake carrying `exchange` (optional), and the link budgets
  // within our caps and its limits.
  absl::Status Handshake(Exchange* exchange);

  Store* const store_;
  Transport* const prefetch_;
  SyncRound round_;
  HandshakeOutcome handshake_;
  bool must_pull_ = false;                   // a handshake reset the cursor this round
  std::unique_ptr<LinkBudget> push_budget_;  // made once the limits are known
  std::unique_ptr<LinkBudget> pull_budget_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_
