#include "client/src/sync/sync_engine.h"

#include <algorithm>
#include <string>
#include <utility>

#include "client/src/sync/pull.h"
#include "client/src/sync/push.h"
#include "client/src/sync/sync_attachments.h"
#include "shared/sync/hlc.h"

namespace hromada::client {
namespace {

constexpr size_t kInitialBytes = 16 << 10;
// A change stamped further ahead of the server's time than this (the HLC
// saw a later stamp) waits for the handshake to date it within the
// server's tolerance (Store::CorrectStamps) instead of going with it.
constexpr int64_t kInlineAheadMs = 10 * 1000;

// Whether every change of `batch` is stamped at most kInlineAheadMs past
// `server_now_ms`.
bool StampsWithin(const OutboxBatch& batch, int64_t server_now_ms) {
  const uint64_t latest = HlcPack(server_now_ms + kInlineAheadMs, 0);
  v1::Record change;
  for (const std::string& bytes : batch.changes) {
    if (!change.ParseFromString(bytes)) return false;
    if (change.hlc() > latest || change.deleted_hlc() > latest) return false;
  }
  return true;
}

}  // namespace

SyncEngine::SyncEngine(Store* store, Transport* transport, const Clock* clock, SyncConfig config,
                       Transport* prefetch)
    : store_(store), prefetch_(prefetch), round_(store, transport, clock, std::move(config)) {}

absl::Status SyncEngine::Run(const ProgressCallback& progress) {
  const absl::Time start = absl::Now();
  const Profile profile = store_->profile();
  if (!profile.enrolled()) {
    return absl::FailedPreconditionError("this device is not enrolled yet; enrol it first");
  }
  round_.Start(progress, profile.token, profile.clock_offset_ms);
  const absl::Status status = RunPhases();
  SyncReport& report = round_.report();
  report.duration = absl::Now() - start;
  report.clock_offset_ms = round_.offset_ms();
  absl::Status saved = store_->SaveClockOffset(round_.offset_ms());
  if (!status.ok() && IsRetryable(status)) {
    const SyncProgress& at = round_.progress();
    const bool pulling = at.phase == SyncPhase::kPull;
    return GaveUp(status, report.acked, report.pulled, pulling ? at.records_expected : 0);
  }
  return status.ok() ? saved : status;
}

absl::Status SyncEngine::RunPhases() {
  Exchange exchange;
  if (absl::Status s = PlanExchange(&exchange); !s.ok()) return s;
  if (absl::Status s = Handshake(&exchange); !s.ok()) return s;
  PushPhase push(&round_, push_budget_.get(), handshake_);
  if (exchange.pushed.has_value()) {
    if (absl::Status s = push.Adopt(*exchange.push, *exchange.pushed); !s.ok()) return s;
  }
  if (absl::Status s = push.Run(); !s.ok()) return s;
  // A retiring device has nothing more to learn: once all it made is
  // acked, the next handshake answers the wipe order.
  if (handshake_.retiring) {
    if (absl::Status s = Handshake(nullptr); !s.ok()) return s;
  }
  PullPhase pull(&round_, pull_budget_.get(), handshake_, prefetch_);
  if (exchange.page.has_value()) {
    if (absl::Status s = pull.Run(*std::move(exchange.page), exchange.timing); !s.ok()) return s;
  } else if (handshake_.pending_records > 0 || must_pull_) {
    if (absl::Status s = pull.Run(); !s.ok()) return s;
  }
  AttachmentPhase(&round_, push_budget_.get(), handshake_).Run();
  round_.Report(SyncPhase::kDone);
  return absl::OkStatus();
}

// What goes inside the handshake: only for a server whose epoch the device
// knows (another would not run them), the first pull from the cursor, and
// the first push batch when its stamps need no re-dating by the offset the
// handshake measures: the offset kept from the last sync still holds
// (Store::OffsetHolds) and no stamp runs ahead of it. Sent so, the stamps
// are fixed (Store::KeepStamps): the server may hold the batch as it is
// even if its answer is lost.
absl::Status SyncEngine::PlanExchange(Exchange* exchange) {
  const Profile profile = store_->profile();
  if (profile.epoch.empty()) return absl::OkStatus();
  const SyncConfig& config = round_.config();
  v1::PullRequest pull;
  pull.set_cursor(profile.cursor);
  pull.set_max_bytes(static_cast<uint32_t>(std::min(kInitialBytes, config.max_pull_bytes)));
  exchange->pull = pull;
  if (!store_->OffsetHolds()) return absl::OkStatus();
  absl::StatusOr<OutboxBatch> batch =
      store_->ReadOutbox(0, std::min(kInitialBytes, config.max_push_bytes));
  if (!batch.ok()) return batch.status();
  if (batch->changes.empty() || !StampsWithin(*batch, round_.ServerNow())) {
    return absl::OkStatus();
  }
  const uint64_t last = batch->first_seq + batch->changes.size() - 1;
  if (absl::Status s = store_->KeepStamps(last); !s.ok()) return s;
  exchange->push = *std::move(batch);
  return absl::OkStatus();
}

absl::Status SyncEngine::Handshake(Exchange* exchange) {
  absl::StatusOr<HandshakeOutcome> outcome = client::Handshake(round_, exchange);
  if (outcome.status().code() == absl::StatusCode::kResourceExhausted && exchange != nullptr &&
      exchange->push.has_value()) {
    // The batch made the handshake larger than the server takes: its own
    // limit, not known before this answer. The push phase sends it.
    exchange->push.reset();
    outcome = client::Handshake(round_, exchange);
  }
  if (!outcome.ok()) return outcome.status();
  handshake_ = *outcome;
  must_pull_ = must_pull_ || handshake_.must_pull;
  const SyncConfig& config = round_.config();
  const auto make = [&](size_t cap) {
    LinkBudgetConfig c;
    c.min_bytes = std::min(config.min_push_bytes, cap);
    c.max_bytes = cap;
    c.initial_bytes = std::min(kInitialBytes, cap);
    return std::make_unique<LinkBudget>(c, round_.link_clock());
  };
  push_budget_ = make(PushCap(config, handshake_));
  pull_budget_ = make(PullCap(config, handshake_));
  return absl::OkStatus();
}

}  // namespace hromada::client
