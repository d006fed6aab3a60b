#include "client/src/sync/push.h"

#include <algorithm>
#include <future>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "shared/sync/wire/push_writer.h"

namespace hromada::client {
namespace {

// `batch` as a request of parsed changes.
absl::StatusOr<v1::PushRequest> BuildPush(const OutboxBatch& batch) {
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

}  // namespace

PushPhase::PushPhase(SyncRound* round, LinkBudget* budget, const HandshakeOutcome& handshake)
    : round_(*round),
      budget_(*budget),
      deflate_(handshake.deflate_pushes),
      cap_(PushCap(round->config(), handshake)),
      acked_through_(handshake.acked_through) {}

absl::Status PushPhase::Run() {
  absl::StatusOr<OutboxStats> stats = round_.store().GetOutboxStats();
  if (!stats.ok()) return stats.status();
  round_.progress() = SyncProgress{};
  round_.progress().phase = SyncPhase::kPush;
  round_.progress().records_expected = stats->count;
  round_.progress().bytes_expected = stats->bytes;
  left_bytes_ = stats->bytes;
  round_.Report(SyncPhase::kPush);
  const absl::Status fast = Pipelined();
  if (fast.ok()) return fast;
  // A call failed. If it is worth another try, go on one batch at a time,
  // re-reading each batch at every retry so that it shrinks with the budget
  // on a slow link, or below the size the server refused (OneBatch).
  const bool again = fast.code() == absl::StatusCode::kResourceExhausted ||
                     (IsRetryable(fast) && round_.config().retry.max_attempts > 1);
  if (!again) return fast;
  if (IsRetryable(fast)) {
    // That call was the first attempt: pause and say so as Retry would.
    const absl::Duration pause = Backoff(round_.retry(), 1);
    round_.retry().on_retry(1, fast, pause);
    retry_internal::Sleep(round_.retry(), pause);
  }
  for (;;) {
    absl::StatusOr<uint64_t> sent = OneBatch();
    if (!sent.ok()) return sent.status();
    if (*sent == 0) return absl::OkStatus();
  }
}

absl::Status PushPhase::Adopt(const OutboxBatch& batch, const v1::PushResponse& response) {
  round_.report().pushed += batch.changes.size();
  return AfterPush(batch, response, {});
}

// The fast path while the link holds: one push in flight on a second
// thread while this one reads, opens and frames the next batch and
// commits the previous batch's ack, so the server applies batch N while
// the device prepares N+1. Batches still go out one after the other, each
// only after the one before was acknowledged, so the server never sees a
// gap. No retries here: the first failed call ends it, with nothing in
// flight.
absl::Status PushPhase::Pipelined() {
  auto send = [this](std::string request, size_t wire_budget) {
    return std::async(std::launch::async, [this, wire_budget, request = std::move(request)] {
      SentPush sent;
      sent.budget = wire_budget;
      sent.start = round_.link_clock()();
      absl::StatusOr<std::string> answer =
          round_.CallOn(round_.transport(), "Push", request, &sent.timing, &sent.stats, &budget_);
      sent.status = answer.status();
      if (answer.ok() && !sent.response.ParseFromString(*answer)) {
        sent.status = absl::InternalError("the server's answer to Push is unreadable");
      }
      return sent;
    });
  };
  absl::StatusOr<OutboxBatch> batch = round_.store().ReadOutbox(acked_through_, BatchBytes());
  if (!batch.ok() || batch->changes.empty()) return batch.status();
  std::future<SentPush> in_flight = send(Encode(*batch), budget_.bytes());
  for (;;) {
    const uint64_t last = batch->first_seq + batch->changes.size() - 1;
    // The next batch, read at the budget as it stands while the server
    // works on this one.
    const size_t read_at = BatchBytes();
    absl::StatusOr<OutboxBatch> next = round_.store().ReadOutbox(last, read_at);
    if (!next.ok()) return next.status();
    std::string request = next->changes.empty() ? std::string() : Encode(*next);
    SentPush sent = round_.Await(in_flight);
    round_.Count(sent.stats);
    if (!sent.status.ok()) {
      budget_.OnFailure(sent.status, sent.stats.last.up);
      return sent.status;
    }
    budget_.OnSuccess(sent.budget, sent.stats.last.up, sent.start);
    LearnRatio(batch->bytes, sent.stats.last.up);
    // This call moved the budget: if the link slowed down below what was
    // read, or a link that keeps up doubled it (slow start), read again, so
    // that a call never outgrows the link and batches grow as fast as
    // they did one call at a time.
    if (!next->changes.empty() &&
        (request.size() > budget_.bytes() || BatchBytes() >= 2 * read_at)) {
      next = round_.store().ReadOutbox(last, BatchBytes());
      if (!next.ok()) return next.status();
      request = Encode(*next);
    }
    if (!next->changes.empty()) in_flight = send(std::move(request), budget_.bytes());
    round_.LearnOffset(sent.response.server_time_ms(), sent.timing);
    round_.report().pushed += batch->changes.size();
    if (absl::Status s = AfterPush(*batch, sent.response, {}); !s.ok()) return s;
    if (next->changes.empty()) return absl::OkStatus();
    batch = std::move(next);
  }
}

// Sends the next batch (re-read at each attempt, as the budget may have
// shrunk) and commits its ack. Returns the changes that left the outbox
// through this batch; 0 when the outbox is empty.
absl::StatusOr<uint64_t> PushPhase::OneBatch() {
  OutboxBatch batch;
  v1::PushResponse response;
  CallTiming timing;
  absl::Status status = Retry(round_.retry(), [&]() -> absl::Status {
    const size_t limit = budget_.bytes();
    absl::StatusOr<OutboxBatch> read = round_.store().ReadOutbox(acked_through_, BatchBytes());
    if (!read.ok()) return read.status();
    batch = *std::move(read);
    if (batch.changes.empty()) return absl::OkStatus();
    const absl::Time start = round_.link_clock()();
    const uint64_t up_before = round_.report().bytes_up;
    absl::Status s = Send(Encode(batch), &response, &timing, &budget_);
    const uint64_t wire = round_.report().bytes_up - up_before;
    if (s.ok()) {
      budget_.OnSuccess(limit, wire, start);
      LearnRatio(batch.bytes, wire);
    } else {
      budget_.OnFailure(s, wire);
    }
    return s;
  });
  if (batch.changes.empty() && status.ok()) return 0;
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    if (batch.changes.size() == 1) return Oversized(batch);
    // Too large for the server whatever it announced: halve below what it
    // refused, so the batches shrink to one change if they must.
    refused_limit_ = std::max<size_t>(1, (batch.bytes + wire::PushHeadMaxSize()) / 2);
    return 1;  // not progress, but bounded: the next batch is smaller
  }
  if (!status.ok()) return status;
  round_.LearnOffset(response.server_time_ms(), timing);
  round_.report().pushed += batch.changes.size();
  const uint64_t before = acked_through_;
  if (absl::Status s = AfterPush(batch, response, {}); !s.ok()) return s;
  return acked_through_ - before;
}

size_t PushPhase::BatchBytes() const {
  const double ratio = std::clamp(ratio_, 0.05, 1.5);
  const double batch = static_cast<double>(budget_.bytes()) / ratio;
  const double cap = static_cast<double>(std::min(cap_, refused_limit_));
  return static_cast<size_t>(std::clamp(batch, 1.0, cap));
}

void PushPhase::LearnRatio(uint64_t bytes, uint64_t wire) {
  if (bytes > 0 && wire > 0) ratio_ = static_cast<double>(wire) / static_cast<double>(bytes);
}

// The outbox holds each change serialized: the request is written around
// those bytes instead of parsing every change only to serialize it again,
// and deflated inside the message (the server refuses gRPC compression).
std::string PushPhase::Encode(const OutboxBatch& batch) const {
  return deflate_ ? wire::WriteDeflatedPushRequest(batch.first_seq, batch.changes)
                  : wire::WritePushRequest(batch.first_seq, batch.changes);
}

absl::Status PushPhase::Send(const std::string& request, v1::PushResponse* response,
                             CallTiming* timing, const LinkBudget* budget) {
  absl::StatusOr<std::string> answer = round_.CallOnce("Push", request, timing, budget);
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
// the reason, as a refused change is (invariant 8 of docs/design.md).
absl::StatusOr<uint64_t> PushPhase::Oversized(const OutboxBatch& batch) {
  absl::StatusOr<v1::PushRequest> request = BuildPush(batch);
  if (!request.ok()) return request.status();
  v1::Record* stub = request->mutable_changes(0);
  stub->clear_fields();
  v1::PushResponse response;
  CallTiming timing;
  const std::string bytes = request->SerializeAsString();
  absl::Status s = Retry(round_.retry(), [&] { return Send(bytes, &response, &timing); });
  if (!s.ok()) return s;
  round_.LearnOffset(response.server_time_ms(), timing);
  round_.report().pushed += 1;
  v1::Rejection too_large;
  too_large.set_device_seq(batch.first_seq);
  too_large.set_code(static_cast<uint32_t>(absl::StatusCode::kResourceExhausted));
  too_large.set_message(absl::StrCat("this change is too large to send (", batch.bytes,
                                     " bytes); split its text into smaller fields"));
  const uint64_t before = acked_through_;
  if (absl::Status s = AfterPush(batch, response, {too_large}); !s.ok()) return s;
  return acked_through_ - before;
}

absl::Status PushPhase::AfterPush(const OutboxBatch& batch, const v1::PushResponse& response,
                                  std::vector<v1::Rejection> rejections) {
  if (response.acked_through() < batch.first_seq) {
    return absl::InternalError(
        "the server did not acknowledge the changes it was sent; try again later");
  }
  // Ours go last: when the server also refused the change, ours says why.
  rejections.insert(rejections.begin(), response.rejections().begin(), response.rejections().end());
  absl::StatusOr<uint64_t> dropped =
      round_.store().Ack(response.acked_through(), rejections, round_.ServerNow(), &batch);
  if (!dropped.ok()) return dropped.status();
  const uint64_t last = batch.first_seq + batch.changes.size() - 1;
  const uint64_t handled = std::min(response.acked_through(), last) - acked_through_;
  acked_through_ = std::max(acked_through_, response.acked_through());
  round_.report().acked += *dropped;
  std::set<uint64_t> refused;
  for (const v1::Rejection& r : rejections) refused.insert(r.device_seq());
  round_.report().rejected += refused.size();
  round_.progress().records_done += handled;
  // The outbox's bytes cross deflated: what is left is expected at the
  // compression batches have had, so bytes_expected settles on the wire
  // bytes actually sent.
  left_bytes_ -= std::min(left_bytes_, batch.bytes);
  round_.progress().bytes_expected =
      round_.watch().up() - round_.phase_wire_start() +
      static_cast<uint64_t>(static_cast<double>(left_bytes_) * std::min(ratio_, 1.5));
  round_.Report(SyncPhase::kPush);
  return absl::OkStatus();
}

}  // namespace hromada::client
