// Phase 2 of a sync round (sync_engine.h): the push. The outbox goes
// oldest-first in contiguous, byte-bounded batches (sized by the push
// LinkBudget, capped by the server's max_push_bytes), at most two batches
// in memory (the one in flight and the next), never the outbox, and each
// batch's ack is committed (Store::Ack) before the batch after next is
// sent, so the server never sees a gap.
//
// While the link holds, one push is in flight on a helper thread while
// this one reads, opens and frames the next batch and commits the last
// ack; the next batch is read again if the call moved the budget by half
// or more. After a failed
// call it goes on one batch at a time with retries, each batch re-read at
// every attempt so that it shrinks with the budget; a batch the server
// refuses as too large is halved, and a single change that is too large
// is kept aside as refused (invariant 8 of docs/design.md) with a stub in its place.
//
// Errors: the calls' (after retries), the store's, INTERNAL for an answer
// that does not parse or acknowledges nothing it was sent. Everything
// acked before a failure stays committed.
//
// Thread-compatible: one Run at a time, on the round's thread. The round
// and the budget are borrowed and must outlive the phase.
#ifndef HROMADA_CLIENT_SRC_SYNC_PUSH_H_
#define HROMADA_CLIENT_SRC_SYNC_PUSH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/src/store/outbox.h"
#include "client/src/sync/handshake.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_round.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::client {

class PushPhase {
 public:
  // With the limits and acked_through of `handshake`.
  PushPhase(SyncRound* round, LinkBudget* budget, const HandshakeOutcome& handshake);
  PushPhase(const PushPhase&) = delete;
  PushPhase& operator=(const PushPhase&) = delete;

  // Pushes the whole outbox.
  absl::Status Run();
  // Commits the server's answer to `batch`, which went inside the
  // handshake (handshake.h, Exchange), as if this phase had pushed it.
  // Call it before Run, which goes on after it.
  absl::Status Adopt(const OutboxBatch& batch, const v1::PushResponse& response);

 private:
  // The outcome of a push sent on the pipelining thread.
  struct SentPush {
    absl::Status status;
    v1::PushResponse response;
    CallTiming timing;
    CallStats stats;
    size_t budget = 0;  // the push budget (wire bytes) it was read with
    absl::Time start;   // on the link clock
  };

  absl::Status Pipelined();
  // Sends the next batch with retries and commits its ack. Returns the
  // changes that left the outbox through it; 0 when the outbox is empty.
  absl::StatusOr<uint64_t> OneBatch();
  // Sends one change the server will never take for its size.
  absl::StatusOr<uint64_t> Oversized(const OutboxBatch& batch);
  // The outbox bytes of the next batch: the budget (wire bytes) in change
  // bytes, by the compression the last batch had (requests are deflated),
  // never past what the server takes once inflated.
  size_t BatchBytes() const;
  // Learns that compression from a batch of `bytes` that took `wire` up.
  void LearnRatio(uint64_t bytes, uint64_t wire);
  // The request for `batch`: deflated inside the message if the server
  // said at the handshake that it accepts it, plain otherwise.
  std::string Encode(const OutboxBatch& batch) const;
  absl::Status Send(const std::string& request, v1::PushResponse* response, CallTiming* timing,
                    const LinkBudget* budget = nullptr);
  // Commits the ack of `batch` (and `extra` refusals of this device's own).
  absl::Status AfterPush(const OutboxBatch& batch, const v1::PushResponse& response,
                         std::vector<v1::Rejection> extra);

  SyncRound& round_;
  LinkBudget& budget_;
  const bool deflate_;
  const size_t cap_;         // the most change bytes a push may carry
  uint64_t acked_through_;   // the server has handled this device's changes to here
  double ratio_ = 1.0;       // wire bytes per change byte of the last batch
  uint64_t left_bytes_ = 0;  // outbox bytes not yet acked
  // Below the size of a batch the server refused as too large, whatever
  // it announced; no limit until then.
  size_t refused_limit_ = SIZE_MAX;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_PUSH_H_
