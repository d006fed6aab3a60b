// Phase 1 of a sync round (sync_engine.h): the handshake. It sends the
// versions, the cursor and where the outbox stands, and commits what the
// answer says, each in the store before the phase returns:
//
//   - the server's time: the clock offset, and the outbox's changes dated
//     in server time by it (Store::CorrectStamps);
//   - a new epoch (the server's database was restored from a backup):
//     this device's changes the server lacks back in the outbox, the
//     cursor at 0 and the attachments to be offered again
//     (Store::AdoptEpoch);
//   - the device's role and communities (Store::SaveScope); a read scope
//     that widened pulls again from the start (shared/sync/scope.h);
//   - what the server has handled of this device's changes: those whose
//     ack was lost leave the outbox, the refused ones aside (Store::Ack).
//
// One exchange (docs/protocol.md): a device that knows the server's epoch
// may send its first push batch and its first pull inside the handshake
// (Exchange), so that a small sync waits on the link once. The answers
// come back to the caller, which commits them with the Push and Pull
// phases' own code; the server leaves out what it did not run, and the
// phases then make those calls themselves. Both are idempotent (a push by
// device_seq, a pull by cursor), so a handshake retried after a lost
// answer is safe.
//
// Errors: the call's (retried as SyncRound::Call does), the store's, and
// FAILED_PRECONDITION when the server holds newer changes of this device
// than the profile (restored from a backup or copied): pushing would
// reuse device_seq numbers.
#ifndef HROMADA_CLIENT_SRC_SYNC_HANDSHAKE_H_
#define HROMADA_CLIENT_SRC_SYNC_HANDSHAKE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "client/src/store/outbox.h"
#include "client/src/sync/sync_round.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::client {

constexpr uint32_t kProtocolVersion = 1;
constexpr char kClientVersion[] = "hromada-client/0.1.0";

// What the handshake tells the phases after it.
struct HandshakeOutcome {
  uint64_t acked_through = 0;  // the server has handled this device's changes to here
  uint64_t pending_records = 0;
  bool must_pull = false;       // the cursor went back to 0: pull whatever the count said
  bool retiring = false;        // the server retires this device
  size_t max_push_bytes = 0;    // 0: no limit announced
  bool deflate_pushes = false;  // the server accepts deflated changes
  uint32_t max_pull_bytes = 0;
  uint64_t max_attachment_bytes = 0;  // 0: a server without attachments
};

// What a handshake carries besides itself, and what came back of it.
struct Exchange {
  // Set by the caller. The batch (read from the outbox's start, its stamps
  // fixed with Store::KeepStamps) goes as the handshake's push.
  std::optional<OutboxBatch> push;
  std::optional<v1::PullRequest> pull;
  // Set by Handshake when the server ran them: the push's answer, and the
  // pulled page (a serialized PullResponse) if the cursor it was asked from
  // still stands after the handshake (a widened scope or a new epoch
  // resets it), with the call's timing.
  std::optional<v1::PushResponse> pushed;
  std::optional<std::string> page;
  CallTiming timing;
};

// `exchange` (optional) is sent with the handshake and gets the answers.
absl::StatusOr<HandshakeOutcome> Handshake(SyncRound& round, Exchange* exchange = nullptr);

// The most change bytes a push batch may carry and the most wire bytes a
// pulled page may take: our own caps (`config`), within the limits the
// server announced.
size_t PushCap(const SyncConfig& config, const HandshakeOutcome& handshake);
size_t PullCap(const SyncConfig& config, const HandshakeOutcome& handshake);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_HANDSHAKE_H_
