// Phase 4 of a sync round (sync_engine.h): attachment contents. Each
// content the device holds whole and has not yet seen on the server (the
// clear `blobs` table says which, so a device with all sent opens no
// record) is offered under one attachment record naming it; the server
// answers how much it holds (from another device, or from a round cut
// off), and the rest goes a chunk per call, each retried as any call is.
// A repeated chunk (its answer lost) is harmless: the server says what it
// holds. Each call carries what the push budget says the link takes.
//
// It never fails the round: the records are synced by then. A file that
// cannot go (too large, its record refused, a fault of the server's)
// holds up no other, and the first failure is kept in the report
// (SyncReport::attachment_error); a lost link ends the phase, and the
// next round resumes where the server's copy stops.
//
// Thread-compatible: one Run at a time, on the round's thread. The round
// and budget are borrowed and must outlive the phase.
#ifndef HROMADA_CLIENT_SRC_SYNC_SYNC_ATTACHMENTS_H_
#define HROMADA_CLIENT_SRC_SYNC_SYNC_ATTACHMENTS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/src/sync/handshake.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_round.h"

namespace hromada::client {

class AttachmentPhase {
 public:
  AttachmentPhase(SyncRound* round, LinkBudget* push_budget, const HandshakeOutcome& handshake);
  AttachmentPhase(const AttachmentPhase&) = delete;
  AttachmentPhase& operator=(const AttachmentPhase&) = delete;
  ~AttachmentPhase();

  void Run();

 private:
  // The phase's bytes_done as of now.
  uint64_t BytesDone() const;
  // Sends what the server lacks of one content (attachment record `id`).
  absl::Status Send(const std::string& id, const std::string& sha256, uint64_t size);
  // Reads local chunks from `offset` up to `max` bytes (at least one chunk).
  absl::StatusOr<std::string> ReadUpload(const std::string& sha256, uint64_t offset, uint64_t size,
                                         size_t max);

  SyncRound& round_;
  LinkBudget& budget_;
  const uint64_t server_max_;  // 0: a server without attachments
  // Bytes the server holds of the files sent this round (as it last
  // answered), and the upload in flight (its size and the wire bytes up
  // when it started), so bytes_done moves within a call.
  uint64_t finished_ = 0;  // of the files done or given up on
  uint64_t held_ = 0;      // finished_ plus the current file's
  uint64_t flight_ = 0;
  uint64_t flight_start_ = 0;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_SYNC_ATTACHMENTS_H_
