#include "client/src/sync/sync_engine.h"

#include <algorithm>
#include <utility>

#include "client/src/sync/pull.h"
#include "client/src/sync/push.h"
#include "client/src/sync/sync_attachments.h"

namespace hromada::client {
namespace {

constexpr size_t kInitialBytes = 16 << 10;

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
  if (absl::Status s = Handshake(); !s.ok()) return s;
  if (absl::Status s = PushPhase(&round_, push_budget_.get(), handshake_).Run(); !s.ok()) return s;
  // A retiring device has nothing more to learn: once all it made is
  // acked, the next handshake answers the wipe order.
  if (handshake_.retiring) {
    if (absl::Status s = Handshake(); !s.ok()) return s;
  }
  if (handshake_.pending_records > 0 || must_pull_) {
    PullPhase pull(&round_, pull_budget_.get(), handshake_, prefetch_);
    if (absl::Status s = pull.Run(); !s.ok()) return s;
  }
  AttachmentPhase(&round_, push_budget_.get(), handshake_).Run();
  round_.Report(SyncPhase::kDone);
  return absl::OkStatus();
}

absl::Status SyncEngine::Handshake() {
  absl::StatusOr<HandshakeOutcome> outcome = client::Handshake(round_);
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
