#include "client/src/sync/sync_round.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace hromada::client {
namespace {

// A call on a measured link still gets this long before it is given up.
constexpr absl::Duration kMinDeadline = absl::Seconds(15);

}  // namespace

SyncRound::SyncRound(Store* store, Transport* transport, const Clock* clock, SyncConfig config)
    : store_(store),
      transport_(transport),
      clock_(clock),
      config_(std::move(config)),
      retry_(config_.retry),
      link_clock_(config_.link_clock ? config_.link_clock : SteadyLinkClock()),
      live_tick_([this] { ReportLive(false); }) {
  retry_.on_retry = [this, told = config_.retry.on_retry](int attempt, const absl::Status& status,
                                                          absl::Duration pause) {
    watch_.Retrying(pause);
    if (told) told(attempt, status, pause);
    if (OnRunThread()) ReportLive(true);
  };
}

void SyncRound::Start(const ProgressCallback& progress, std::string token, int64_t offset_ms) {
  progress_ = progress;
  run_thread_ = std::this_thread::get_id();
  token_ = std::move(token);
  offset_ms_ = offset_ms;
}

void SyncRound::Report(SyncPhase phase) {
  if (phase != wire_phase_) {
    wire_phase_ = phase;
    phase_wire_start_ = phase == SyncPhase::kPull ? watch_.down() : watch_.up();
  }
  state_.phase = phase;
  state_.clock_offset_ms = offset_ms_;
  watch_.Fill(&state_);
  if (phase == SyncPhase::kPush) state_.bytes_done = watch_.up() - phase_wire_start_;
  if (phase == SyncPhase::kPull) state_.bytes_done = watch_.down() - phase_wire_start_;
  if (phase == SyncPhase::kAttachments && attachment_bytes_) {
    state_.bytes_done = attachment_bytes_();
  }
  state_.records_expected = std::max(state_.records_expected, state_.records_done);
  state_.bytes_expected = std::max(state_.bytes_expected, state_.bytes_done);
  last_live_ = absl::Now();
  if (progress_) progress_(state_);
}

void SyncRound::ReportLive(bool force) {
  if (!progress_ || !OnRunThread()) return;
  if (!force && absl::Now() - last_live_ < absl::Milliseconds(100)) return;
  Report(state_.phase);
}

absl::StatusOr<std::string> SyncRound::CallOn(Transport* transport, const char* method,
                                              const std::string& request, CallTiming* timing,
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

absl::StatusOr<std::string> SyncRound::CallOnce(const char* method, const std::string& request,
                                                CallTiming* timing, const LinkBudget* budget) {
  CallStats stats;
  absl::StatusOr<std::string> answer = CallOn(transport_, method, request, timing, &stats, budget);
  Count(stats);
  return answer;
}

void SyncRound::Count(const CallStats& stats) {
  report_.calls += stats.calls;
  report_.bytes_up += stats.up;
  report_.bytes_down += stats.down;
}

absl::Status SyncRound::Call(const char* method, const google::protobuf::MessageLite& request,
                             google::protobuf::MessageLite* response, CallTiming* timing) {
  const std::string bytes = request.SerializeAsString();
  absl::StatusOr<std::string> answer =
      Retry(retry_, [&] { return CallOnce(method, bytes, timing); });
  if (!answer.ok()) return answer.status();
  if (!response->ParseFromString(*answer)) {
    return absl::InternalError(absl::StrCat("the server's answer to ", method, " is unreadable"));
  }
  return absl::OkStatus();
}

void SyncRound::LearnOffset(int64_t server_time_ms, const CallTiming& timing) {
  if (server_time_ms <= 0) return;
  const int64_t rtt = std::max<int64_t>(0, timing.received_ms - timing.sent_ms);
  if (best_rtt_ms_ >= 0 && rtt > best_rtt_ms_) return;
  best_rtt_ms_ = rtt;
  offset_ms_ = server_time_ms - (timing.sent_ms + rtt / 2);
  store_->hlc().set_offset_ms(offset_ms_);
}

}  // namespace hromada::client
