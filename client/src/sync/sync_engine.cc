#include "client/src/sync/sync_engine.h"

#include <algorithm>
#include <future>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "shared/sync/schema.h"
#include "shared/sync/scope.h"
#include "shared/sync/wire/push_writer.h"

namespace hromada::client {
namespace {

constexpr size_t kInitialBytes = 16 << 10;
// A call on a measured link still gets this long before it is given up.
constexpr absl::Duration kMinDeadline = absl::Seconds(15);

}  // namespace

SyncEngine::SyncEngine(Store* store, Transport* transport, const Clock* clock, SyncConfig config,
                       Transport* prefetch)
    : store_(store),
      transport_(transport),
      prefetch_(prefetch),
      clock_(clock),
      config_(std::move(config)),
      retry_(config_.retry),
      live_tick_([this] { ReportLive(false); }),
      link_clock_(config_.link_clock ? config_.link_clock : SteadyLinkClock()) {
  retry_.on_retry = [this, told = config_.retry.on_retry](int attempt, const absl::Status& status,
                                                          absl::Duration pause) {
    watch_.Retrying(pause);
    if (told) told(attempt, status, pause);
    if (OnRunThread()) ReportLive(true);
  };
}

absl::Status SyncEngine::Run(const ProgressCallback& progress) {
  const absl::Time start = absl::Now();
  progress_ = progress;
  run_thread_ = std::this_thread::get_id();
  const Profile profile = store_->profile();
  if (!profile.enrolled()) {
    return absl::FailedPreconditionError("this device is not enrolled yet; enrol it first");
  }
  token_ = profile.token;
  offset_ms_ = profile.clock_offset_ms;
  absl::Status status = Handshake();
  if (status.ok()) status = PushAll();
  // A retiring device has nothing more to learn: once all it made is
  // acked, the next handshake answers the wipe order.
  if (status.ok() && retiring_) status = Handshake();
  if (status.ok() && (pending_records_ > 0 || must_pull_)) status = PullAll();
  if (status.ok()) SendAttachments();
  if (status.ok()) Report(SyncPhase::kDone);
  report_.duration = absl::Now() - start;
  report_.clock_offset_ms = offset_ms_;
  absl::Status saved = store_->SaveClockOffset(offset_ms_);
  if (!status.ok() && IsRetryable(status)) {
    const bool pulling = state_.phase == SyncPhase::kPull;
    return GaveUp(status, report_.acked, report_.pulled, pulling ? state_.records_expected : 0);
  }
  return status.ok() ? saved : status;
}

void SyncEngine::Report(SyncPhase phase) {
  if (phase != wire_phase_) {
    wire_phase_ = phase;
    phase_wire_start_ = phase == SyncPhase::kPull ? watch_.down() : watch_.up();
  }
  state_.phase = phase;
  state_.clock_offset_ms = offset_ms_;
  watch_.Fill(&state_);
  if (phase == SyncPhase::kPush) state_.bytes_done = watch_.up() - phase_wire_start_;
  if (phase == SyncPhase::kPull) state_.bytes_done = watch_.down() - phase_wire_start_;
  if (phase == SyncPhase::kAttachments) state_.bytes_done = AttachmentBytesDone();
  state_.records_expected = std::max(state_.records_expected, state_.records_done);
  state_.bytes_expected = std::max(state_.bytes_expected, state_.bytes_done);
  last_live_ = absl::Now();
  if (progress_) progress_(state_);
}

void SyncEngine::ReportLive(bool force) {
  if (!progress_ || !OnRunThread()) return;
  if (!force && absl::Now() - last_live_ < absl::Milliseconds(100)) return;
  Report(state_.phase);
}

absl::StatusOr<std::string> SyncEngine::CallOn(Transport* transport, const char* method,
                                               const std::string& request, Timing* timing,
                                               CallStats* stats, const LinkBudget* budget) const {
  CallOptions options;
  options.token = token_;
  options.deadline = config_.deadline;
  if (budget != nullptr) {
    options.deadline = budget->Deadline(std::min(kMinDeadline, config_.deadline), config_.deadline);
  }
  // What the watch has of this call, so that it gets each byte once.
  CallBytes told;
  options.on_progress = [this, &told](const CallBytes& now) {
    watch_.AddBytes(now.up - told.up, now.down - told.down);
    told = now;
    if (OnRunThread()) live_tick_();
  };
  CallBytes bytes;
  timing->sent_ms = clock_->NowMillis();
  absl::StatusOr<std::string> answer = transport->Call(method, request, options, &bytes);
  timing->received_ms = clock_->NowMillis();
  // The transport's final count may differ from its last tick (a
  // transport without ticks, or bytes after the last one).
  watch_.AddBytes(bytes.up >= told.up ? bytes.up - told.up : 0,
                  bytes.down >= told.down ? bytes.down - told.down : 0);
  ++stats->calls;
  stats->last = bytes;
  stats->up += bytes.up;
  stats->down += bytes.down;
  return answer;
}

absl::StatusOr<std::string> SyncEngine::CallOnce(const char* method, const std::string& request,
                                                 Timing* timing, const LinkBudget* budget) {
  CallStats stats;
  absl::StatusOr<std::string> answer = CallOn(transport_, method, request, timing, &stats, budget);
  Count(stats);
  return answer;
}

void SyncEngine::Count(const CallStats& stats) {
  report_.calls += stats.calls;
  report_.bytes_up += stats.up;
  report_.bytes_down += stats.down;
}

absl::Status SyncEngine::Call(const char* method, const google::protobuf::MessageLite& request,
                              google::protobuf::MessageLite* response, Timing* timing) {
  const std::string bytes = request.SerializeAsString();
  absl::StatusOr<std::string> answer =
      Retry(retry_, [&] { return CallOnce(method, bytes, timing); });
  if (!answer.ok()) return answer.status();
  if (!response->ParseFromString(*answer)) {
    return absl::InternalError(absl::StrCat("the server's answer to ", method, " is unreadable"));
  }
  return absl::OkStatus();
}

void SyncEngine::LearnOffset(int64_t server_time_ms, const Timing& timing) {
  if (server_time_ms <= 0) return;
  const int64_t rtt = std::max<int64_t>(0, timing.received_ms - timing.sent_ms);
  if (best_rtt_ms_ >= 0 && rtt > best_rtt_ms_) return;
  best_rtt_ms_ = rtt;
  offset_ms_ = server_time_ms - (timing.sent_ms + rtt / 2);
  store_->hlc().set_offset_ms(offset_ms_);
}

void SyncEngine::MakeBudgets() {
  size_t push_cap = config_.max_push_bytes;
  if (server_max_push_ > 0) push_cap = std::min(push_cap, server_max_push_);
  size_t pull_cap = config_.max_pull_bytes;
  if (server_max_pull_ > 0) pull_cap = std::min<size_t>(pull_cap, server_max_pull_);
  const auto make = [&](size_t cap) {
    LinkBudgetConfig c;
    c.min_bytes = std::min(config_.min_push_bytes, cap);
    c.max_bytes = cap;
    c.initial_bytes = std::min(kInitialBytes, cap);
    return std::make_unique<LinkBudget>(c, link_clock_);
  };
  push_budget_ = make(push_cap);
  push_cap_ = push_cap;
  push_ratio_ = 1.0;
  pull_budget_ = make(pull_cap);
}

absl::Status SyncEngine::Handshake() {
  state_ = SyncProgress{};
  Report(SyncPhase::kHandshake);
  const Profile profile = store_->profile();
  v1::HandshakeRequest request;
  request.set_protocol_version(kProtocolVersion);
  request.set_schema_version(kSchemaVersion);
  request.set_client_version(kClientVersion);
  request.set_cursor(profile.cursor);
  absl::StatusOr<OutboxStats> outbox = store_->GetOutboxStats();
  if (!outbox.ok()) return outbox.status();
  request.set_outbox_first_seq(outbox->count > 0 ? outbox->first_seq : profile.next_seq);
  request.set_next_seq(profile.next_seq);
  v1::HandshakeResponse response;
  Timing timing;
  if (absl::Status s = Call("Handshake", request, &response, &timing); !s.ok()) return s;
  LearnOffset(response.server_time_ms(), timing);
  if (absl::Status s = store_->SaveClockOffset(offset_ms_); !s.ok()) return s;
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
    absl::StatusOr<uint64_t> again = store_->AdoptEpoch(
        response.epoch(), /*resend=*/!profile.epoch.empty(), response.acked_through());
    if (!again.ok()) return again.status();
    // It may lack attachment contents it held too.
    if (!profile.epoch.empty()) {
      if (absl::Status s = store_->ForgetBlobsSent(); !s.ok()) return s;
    }
  }
  std::vector<std::string> communities(response.community_ids().begin(),
                                       response.community_ids().end());
  const ReadScope before = ReadScopeOf(static_cast<v1::Role>(profile.role), profile.communities);
  if (ReadScopeOf(response.role(), communities).Widens(before) && profile.cursor > 0) {
    // Records of a community added to this device (or conflicts, to a new
    // coordinator) may lie behind the cursor: pull from the start once
    // (merging what is here is a no-op).
    if (absl::Status s = store_->ApplyPage({}, 0); !s.ok()) return s;
    must_pull_ = true;
  }
  if (absl::Status s = store_->SaveScope(response.role(), communities); !s.ok()) return s;
  retiring_ = response.retiring();
  acked_through_ = response.acked_through();
  // Changes handled by the server whose ack was lost leave the outbox now,
  // the refused ones into the rejected table with the server's reasons.
  std::vector<v1::Rejection> refused(response.rejections().begin(), response.rejections().end());
  absl::StatusOr<uint64_t> dropped = store_->Ack(acked_through_, refused, ServerNow());
  if (!dropped.ok()) return dropped.status();
  report_.acked += *dropped;
  // What is left in the outbox never reached the server: date it in server
  // time by the offset just measured (or the monotonic clock, if the wall
  // clock jumped since the edit), never later than half the server's
  // tolerance ahead, so that the push that follows is within it.
  const int64_t limit = response.server_time_ms() + response.max_clock_ahead_ms() / 2;
  if (absl::StatusOr<uint64_t> n = store_->CorrectStamps(offset_ms_, limit); !n.ok()) {
    return n.status();
  }
  server_max_push_ = response.max_push_bytes();
  deflate_pushes_ = response.accepts_deflated_changes();
  server_max_pull_ = response.max_pull_bytes();
  server_max_attachment_ = response.max_attachment_bytes();
  pending_records_ = response.pending_records();
  MakeBudgets();
  return absl::OkStatus();
}

absl::Status SyncEngine::PushAll() {
  absl::StatusOr<OutboxStats> stats = store_->GetOutboxStats();
  if (!stats.ok()) return stats.status();
  state_ = SyncProgress{};
  state_.phase = SyncPhase::kPush;
  state_.records_expected = stats->count;
  state_.bytes_expected = stats->bytes;
  push_left_bytes_ = stats->bytes;
  Report(SyncPhase::kPush);
  const absl::Status fast = PushPipelined();
  if (fast.ok()) return fast;
  // A call failed. If it is worth another try, go on one batch at a time,
  // re-reading each batch at every retry so that it shrinks with the budget
  // on a slow link, or below the size the server refused (PushBatch).
  const bool again = fast.code() == absl::StatusCode::kResourceExhausted ||
                     (IsRetryable(fast) && config_.retry.max_attempts > 1);
  if (!again) return fast;
  if (IsRetryable(fast)) {
    // That call was the first attempt: pause and say so as Retry would.
    const absl::Duration pause = Backoff(retry_, 1);
    retry_.on_retry(1, fast, pause);
    retry_internal::Sleep(retry_, pause);
  }
  for (;;) {
    absl::StatusOr<uint64_t> sent = PushBatch();
    if (!sent.ok()) return sent.status();
    if (*sent == 0) return absl::OkStatus();
  }
}

// The fast path while the link holds: one push in flight on a second
// thread while this one reads the next batch from the outbox and commits
// the previous batch's ack, so the server applies batch N while the device
// prepares N+1. Batches still go out one after the other, each only after
// the one before was acknowledged, so the server never sees a gap. No
// retries here: the first failed call ends it, with nothing in flight.
absl::Status SyncEngine::PushPipelined() {
  LinkBudget& budget = *push_budget_;
  auto send = [this, &budget](std::string request, size_t wire_budget) {
    return std::async(
        std::launch::async, [this, &budget, wire_budget, request = std::move(request)] {
          SentPush sent;
          sent.budget = wire_budget;
          sent.start = link_clock_();
          absl::StatusOr<std::string> answer =
              CallOn(transport_, "Push", request, &sent.timing, &sent.stats, &budget);
          sent.status = answer.status();
          if (answer.ok() && !sent.response.ParseFromString(*answer)) {
            sent.status = absl::InternalError("the server's answer to Push is unreadable");
          }
          return sent;
        });
  };
  absl::StatusOr<OutboxBatch> batch = store_->ReadOutbox(acked_through_, PushBatchBytes());
  if (!batch.ok() || batch->changes.empty()) return batch.status();
  std::future<SentPush> in_flight = send(EncodePush(*batch), budget.bytes());
  for (;;) {
    const uint64_t last = batch->first_seq + batch->changes.size() - 1;
    SentPush sent = Await(in_flight);
    Count(sent.stats);
    if (!sent.status.ok()) {
      budget.OnFailure(sent.status, sent.stats.last.up);
      return sent.status;
    }
    budget.OnSuccess(sent.budget, sent.stats.last.up, sent.start);
    LearnPushRatio(batch->bytes, sent.stats.last.up);
    // Read after the budget learned from this call, so that the next batch
    // follows the link; the read is local and short next to a call.
    absl::StatusOr<OutboxBatch> next = store_->ReadOutbox(last, PushBatchBytes());
    if (!next.ok()) return next.status();
    if (!next->changes.empty()) in_flight = send(EncodePush(*next), budget.bytes());
    LearnOffset(sent.response.server_time_ms(), sent.timing);
    report_.pushed += batch->changes.size();
    if (absl::Status s = AfterPush(*batch, sent.response, {}); !s.ok()) return s;
    if (next->changes.empty()) return absl::OkStatus();
    batch = std::move(next);
  }
}

// Sends the next batch (re-read at each attempt, as the budget may have
// shrunk) and commits its ack. Returns the changes that left the outbox
// through this batch; 0 when the outbox is empty.
absl::StatusOr<uint64_t> SyncEngine::PushBatch() {
  LinkBudget& budget = *push_budget_;
  OutboxBatch batch;
  v1::PushResponse response;
  Timing timing;
  absl::Status status = Retry(retry_, [&]() -> absl::Status {
    const size_t limit = budget.bytes();
    absl::StatusOr<OutboxBatch> read = store_->ReadOutbox(acked_through_, PushBatchBytes());
    if (!read.ok()) return read.status();
    batch = *std::move(read);
    if (batch.changes.empty()) return absl::OkStatus();
    const absl::Time start = link_clock_();
    const uint64_t up_before = report_.bytes_up;
    absl::Status s = SendPush(EncodePush(batch), &response, &timing, &budget);
    const uint64_t wire = report_.bytes_up - up_before;
    if (s.ok()) {
      budget.OnSuccess(limit, wire, start);
      LearnPushRatio(batch.bytes, wire);
    } else {
      budget.OnFailure(s, wire);
    }
    return s;
  });
  if (batch.changes.empty() && status.ok()) return 0;
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    if (batch.changes.size() == 1) return PushOversized(batch);
    // Too large for the server whatever it announced: halve below what it
    // refused, so the batches shrink to one change if they must.
    refused_limit_ = std::max<size_t>(1, (batch.bytes + wire::PushHeadMaxSize()) / 2);
    return 1;  // not progress, but bounded: the next batch is smaller
  }
  if (!status.ok()) return status;
  LearnOffset(response.server_time_ms(), timing);
  report_.pushed += batch.changes.size();
  const uint64_t before = acked_through_;
  if (absl::Status s = AfterPush(batch, response, {}); !s.ok()) return s;
  return acked_through_ - before;
}

size_t SyncEngine::PushBatchBytes() const {
  const double ratio = std::clamp(push_ratio_, 0.05, 1.5);
  const double batch = static_cast<double>(push_budget_->bytes()) / ratio;
  const double cap = static_cast<double>(std::min(push_cap_, refused_limit_));
  return static_cast<size_t>(std::clamp(batch, 1.0, cap));
}

void SyncEngine::LearnPushRatio(uint64_t bytes, uint64_t wire) {
  if (bytes > 0 && wire > 0) push_ratio_ = static_cast<double>(wire) / static_cast<double>(bytes);
}

absl::StatusOr<v1::PushRequest> SyncEngine::BuildPush(const OutboxBatch& batch) const {
  v1::PushRequest request;
  request.set_first_seq(batch.first_seq);
  request.mutable_changes()->Reserve(static_cast<int>(batch.changes.size()));
  for (const std::string& change : batch.changes) {
    if (!request.add_changes()->ParseFromString(change)) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
  }
  return request;
}

// The outbox holds each change serialized: the request is written around
// those bytes instead of parsing every change only to serialize it again,
// and deflated inside the message (the server refuses gRPC compression).
std::string SyncEngine::EncodePush(const OutboxBatch& batch) const {
  return deflate_pushes_ ? wire::WriteDeflatedPushRequest(batch.first_seq, batch.changes)
                         : wire::WritePushRequest(batch.first_seq, batch.changes);
}

absl::Status SyncEngine::SendPush(const std::string& request, v1::PushResponse* response,
                                  Timing* timing, const LinkBudget* budget) {
  absl::StatusOr<std::string> answer = CallOnce("Push", request, timing, budget);
  if (!answer.ok()) return answer.status();
  if (!response->ParseFromString(*answer)) {
    return absl::InternalError("the server's answer to Push is unreadable");
  }
  return absl::OkStatus();
}

// One change the server will never take for its size. device_seq numbers
// must stay contiguous, so its place is taken by the same change without
// fields (a no-op on the server, or refused there for lacking required
// fields: handled either way) and the change itself is kept aside with
// the reason, as a refused change is (invariant 8).
absl::StatusOr<uint64_t> SyncEngine::PushOversized(const OutboxBatch& batch) {
  absl::StatusOr<v1::PushRequest> request = BuildPush(batch);
  if (!request.ok()) return request.status();
  v1::Record* stub = request->mutable_changes(0);
  stub->clear_fields();
  v1::PushResponse response;
  Timing timing;
  const std::string bytes = request->SerializeAsString();
  absl::Status s = Retry(retry_, [&] { return SendPush(bytes, &response, &timing); });
  if (!s.ok()) return s;
  LearnOffset(response.server_time_ms(), timing);
  report_.pushed += 1;
  v1::Rejection too_large;
  too_large.set_device_seq(batch.first_seq);
  too_large.set_code(static_cast<uint32_t>(absl::StatusCode::kResourceExhausted));
  too_large.set_message(absl::StrCat("this change is too large to send (", batch.bytes,
                                     " bytes); split its text into smaller fields"));
  const uint64_t before = acked_through_;
  if (absl::Status s = AfterPush(batch, response, {too_large}); !s.ok()) return s;
  return acked_through_ - before;
}

absl::Status SyncEngine::AfterPush(const OutboxBatch& batch, const v1::PushResponse& response,
                                   std::vector<v1::Rejection> rejections) {
  if (response.acked_through() < batch.first_seq) {
    return absl::InternalError(
        "the server did not acknowledge the changes it was sent; try again later");
  }
  // Ours go last: when the server also refused the change, ours says why.
  rejections.insert(rejections.begin(), response.rejections().begin(), response.rejections().end());
  absl::StatusOr<uint64_t> dropped = store_->Ack(response.acked_through(), rejections, ServerNow());
  if (!dropped.ok()) return dropped.status();
  const uint64_t last = batch.first_seq + batch.changes.size() - 1;
  const uint64_t handled = std::min(response.acked_through(), last) - acked_through_;
  acked_through_ = std::max(acked_through_, response.acked_through());
  report_.acked += *dropped;
  std::set<uint64_t> refused;
  for (const v1::Rejection& r : rejections) refused.insert(r.device_seq());
  report_.rejected += refused.size();
  state_.records_done += handled;
  // The outbox's bytes cross deflated: what is left is expected at the
  // compression batches have had, so bytes_expected settles on the wire
  // bytes actually sent.
  push_left_bytes_ -= std::min(push_left_bytes_, batch.bytes);
  state_.bytes_expected =
      watch_.up() - phase_wire_start_ +
      static_cast<uint64_t>(static_cast<double>(push_left_bytes_) * std::min(push_ratio_, 1.5));
  Report(SyncPhase::kPush);
  return absl::OkStatus();
}

}  // namespace hromada::client
