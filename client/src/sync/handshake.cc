#include "client/src/sync/handshake.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "shared/sync/schema.h"
#include "shared/sync/scope.h"
#include "shared/sync/wire/push_writer.h"

namespace hromada::client {

namespace {

// Puts `exchange`'s push and pull into `request`.
absl::Status Carry(const Profile& profile, const Exchange& exchange,
                   v1::HandshakeRequest* request) {
  request->set_epoch(profile.epoch);
  if (exchange.pull.has_value()) *request->mutable_pull() = *exchange.pull;
  if (exchange.push.has_value()) {
    const OutboxBatch& batch = *exchange.push;
    // The push exactly as the Push call would carry it (not deflated: the
    // device learns at this handshake whether the server takes that).
    if (!request->mutable_push()->ParseFromString(
            wire::WritePushRequest(batch.first_seq, batch.changes))) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
  }
  return absl::OkStatus();
}

// Moves the server's answers to what `request` carried into `exchange`.
void TakeAnswers(Store& store, const v1::HandshakeRequest& request, v1::HandshakeResponse& response,
                 Exchange* exchange) {
  if (request.has_push() && response.has_push()) {
    exchange->pushed = std::move(*response.mutable_push());
  }
  if (request.has_pull() && response.pull_ran() &&
      store.profile().cursor == request.pull().cursor()) {
    exchange->page = std::move(*response.mutable_pull_page());
  }
}

}  // namespace

absl::StatusOr<HandshakeOutcome> Handshake(SyncRound& round, Exchange* exchange) {
  Store& store = round.store();
  round.progress() = SyncProgress{};
  round.Report(SyncPhase::kHandshake);
  const Profile profile = store.profile();
  v1::HandshakeRequest request;
  request.set_protocol_version(kProtocolVersion);
  request.set_schema_version(kSchemaVersion);
  request.set_client_version(kClientVersion);
  request.set_cursor(profile.cursor);
  absl::StatusOr<OutboxStats> outbox = store.GetOutboxStats();
  if (!outbox.ok()) return outbox.status();
  request.set_outbox_first_seq(outbox->count > 0 ? outbox->first_seq : profile.next_seq);
  request.set_next_seq(profile.next_seq);
  if (exchange != nullptr) {
    if (absl::Status s = Carry(profile, *exchange, &request); !s.ok()) return s;
  }
  v1::HandshakeResponse response;
  CallTiming timing;
  if (absl::Status s = round.Call("Handshake", request, &response, &timing); !s.ok()) return s;
  round.LearnOffset(response.server_time_ms(), timing);
  if (absl::Status s = store.SaveMeasuredOffset(round.offset_ms()); !s.ok()) return s;
  if (response.acked_through() >= profile.next_seq) {
    // The server has changes of this device that this file never wrote:
    // the file was restored from a backup or copied. Pushing would reuse
    // device_seq numbers the server treats as done and lose those changes.
    return absl::FailedPreconditionError(
        "the server has newer changes from this device than this profile holds (restored from "
        "a backup or copied?); enrol this device again with a new profile");
  }
  if (!response.epoch().empty() && response.epoch() != profile.epoch) {
    // Another epoch than the one seen before: the server's database was
    // restored from a backup. It may lack changes it acknowledged, so they
    // go again, and its cursor positions mean nothing: pull from 0. A
    // first epoch (a new profile, or a server just upgraded) is only noted.
    absl::StatusOr<uint64_t> again = store.AdoptEpoch(
        response.epoch(), /*resend=*/!profile.epoch.empty(), response.acked_through());
    if (!again.ok()) return again.status();
    // It may lack attachment contents it held too.
    if (!profile.epoch.empty()) {
      if (absl::Status s = store.ForgetBlobsSent(); !s.ok()) return s;
    }
  }
  HandshakeOutcome outcome;
  std::vector<std::string> communities(response.community_ids().begin(),
                                       response.community_ids().end());
  const ReadScope before = ReadScopeOf(static_cast<v1::Role>(profile.role), profile.communities);
  if (ReadScopeOf(response.role(), communities).Widens(before) && profile.cursor > 0) {
    // Records of a community added to this device (or conflicts, to a new
    // coordinator) may lie behind the cursor: pull from the start once
    // (merging what is here is a no-op).
    if (absl::Status s = store.ApplyPage({}, 0); !s.ok()) return s;
    outcome.must_pull = true;
  }
  if (absl::Status s = store.SaveScope(response.role(), communities); !s.ok()) return s;
  outcome.retiring = response.retiring();
  outcome.acked_through = response.acked_through();
  // Changes handled by the server whose ack was lost leave the outbox now,
  // the refused ones into the rejected table with the server's reasons.
  std::vector<v1::Rejection> refused(response.rejections().begin(), response.rejections().end());
  absl::StatusOr<uint64_t> dropped = store.Ack(outcome.acked_through, refused, round.ServerNow());
  if (!dropped.ok()) return dropped.status();
  round.report().acked += *dropped;
  // What is left in the outbox never reached the server: date it in server
  // time by the offset just measured (or the monotonic clock, if the wall
  // clock jumped since the edit), never later than half the server's
  // tolerance ahead, so that the push that follows is within it.
  const int64_t limit = response.server_time_ms() + response.max_clock_ahead_ms() / 2;
  if (absl::StatusOr<uint64_t> n = store.CorrectStamps(round.offset_ms(), limit); !n.ok()) {
    return n.status();
  }
  outcome.max_push_bytes = response.max_push_bytes();
  outcome.deflate_pushes = response.accepts_deflated_changes();
  outcome.max_pull_bytes = response.max_pull_bytes();
  outcome.max_attachment_bytes = response.max_attachment_bytes();
  outcome.pending_records = response.pending_records();
  if (exchange != nullptr) {
    TakeAnswers(store, request, response, exchange);
    exchange->timing = timing;
  }
  return outcome;
}

size_t PushCap(const SyncConfig& config, const HandshakeOutcome& handshake) {
  if (handshake.max_push_bytes == 0) return config.max_push_bytes;
  return std::min(config.max_push_bytes, handshake.max_push_bytes);
}

size_t PullCap(const SyncConfig& config, const HandshakeOutcome& handshake) {
  if (handshake.max_pull_bytes == 0) return config.max_pull_bytes;
  return std::min<size_t>(config.max_pull_bytes, handshake.max_pull_bytes);
}

}  // namespace hromada::client
