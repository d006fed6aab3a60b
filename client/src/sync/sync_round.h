// What every phase of a sync round shares (sync_engine.h): the calls to
// the server, each with a deadline, retried with backoff and counted in
// the round's report; the progress shown while the round runs; and the
// clock offset learnt from the server's answers.
//
// Progress is reported on the thread running the round, also for calls
// on the phases' helper threads (pipelined push, prefetched pull), and
// moves within a call by the bytes on the wire.
//
// Thread-compatible, except CallOn, which touches no mutable member but
// the thread-safe LinkWatch, so a helper thread may run it. The store and
// transport are borrowed and must outlive the round.
#ifndef HROMADA_CLIENT_SRC_SYNC_SYNC_ROUND_H_
#define HROMADA_CLIENT_SRC_SYNC_SYNC_ROUND_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/src/store/store.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_engine_progress.h"
#include "client/src/transport/retry.h"
#include "client/src/transport/transport.h"
#include "google/protobuf/message_lite.h"
#include "hromada/client.h"
#include "shared/base/clock.h"

namespace hromada::client {

struct SyncConfig {
  RetryPolicy retry;
  size_t max_push_bytes = 1 << 20;  // our own cap on a batch
  size_t min_push_bytes = 4 << 10;  // LinkBudget floor, both ways
  size_t max_pull_bytes = 1 << 20;  // our own cap on a page (wire bytes)
  // The longest a call may take; a call on a measured link gets less
  // (LinkBudget::Deadline), so a silent link is given up on sooner.
  absl::Duration deadline = absl::Seconds(60);
  // Times calls for the link budgets. Empty: a steady clock.
  LinkClock link_clock;
};

// Device-clock times around the last attempt of a call.
struct CallTiming {
  int64_t sent_ms = 0;
  int64_t received_ms = 0;
};

// What the calls of a step cost, merged into the report by Count().
struct CallStats {
  int calls = 0;
  uint64_t up = 0;
  uint64_t down = 0;
  CallBytes last;  // of the last attempt
};

class SyncRound {
 public:
  SyncRound(Store* store, Transport* transport, const Clock* clock, SyncConfig config);
  SyncRound(const SyncRound&) = delete;
  SyncRound& operator=(const SyncRound&) = delete;

  // Starts a round on this thread: progress goes to `progress`, calls
  // carry `token`, and the offset starts from `offset_ms`.
  void Start(const ProgressCallback& progress, std::string token, int64_t offset_ms);

  // One attempt over `transport`; `budget` (optional) gives its deadline.
  absl::StatusOr<std::string> CallOn(Transport* transport, const char* method,
                                     const std::string& request, CallTiming* timing,
                                     CallStats* stats, const LinkBudget* budget = nullptr) const;
  // One attempt on the main transport, counted in the report.
  absl::StatusOr<std::string> CallOnce(const char* method, const std::string& request,
                                       CallTiming* timing, const LinkBudget* budget = nullptr);
  // A call with retries; parses the answer into `response`. INTERNAL if
  // it does not parse.
  absl::Status Call(const char* method, const google::protobuf::MessageLite& request,
                    google::protobuf::MessageLite* response, CallTiming* timing);
  // Adds a step's calls to the report.
  void Count(const CallStats& stats);

  // Keeps server time minus the device clock at the call's midpoint,
  // preferring the round's sample with the shortest round trip, and gives
  // it to the store's HLC.
  void LearnOffset(int64_t server_time_ms, const CallTiming& timing);
  int64_t offset_ms() const { return offset_ms_; }
  // This device's clock corrected by the offset learnt: when acks are noted.
  int64_t ServerNow() const { return clock_->NowMillis() + offset_ms_; }

  // Reports `phase` with progress() as it stands, the wire bytes of the
  // phase's direction, and for attachments the bytes from
  // `attachment_bytes` (set by that phase).
  void Report(SyncPhase phase);
  // Reports the wire bytes and the retry state between steps: at most
  // every 100 ms unless `force`; only on the thread running the round.
  void ReportLive(bool force);
  // Waits for a helper thread's result, reporting its progress meanwhile.
  template <typename T>
  T Await(std::future<T>& result);
  void set_attachment_bytes(std::function<uint64_t()> bytes) {
    attachment_bytes_ = std::move(bytes);
  }

  SyncProgress& progress() { return state_; }
  SyncReport& report() { return report_; }
  const SyncReport& report() const { return report_; }
  const LinkWatch& watch() const { return watch_; }
  // The wire bytes in the current phase's direction when it began.
  uint64_t phase_wire_start() const { return phase_wire_start_; }
  // config().retry, telling the progress of each retry.
  const RetryPolicy& retry() const { return retry_; }
  const SyncConfig& config() const { return config_; }
  const LinkClock& link_clock() const { return link_clock_; }
  Store& store() const { return *store_; }
  Transport* transport() const { return transport_; }

 private:
  bool OnRunThread() const { return std::this_thread::get_id() == run_thread_; }

  Store* const store_;
  Transport* const transport_;
  const Clock* const clock_;
  const SyncConfig config_;
  RetryPolicy retry_;
  mutable LinkWatch watch_;  // fed by calls on any thread
  const LinkClock link_clock_;
  std::thread::id run_thread_;
  absl::Time last_live_ = absl::InfinitePast();
  SyncPhase wire_phase_ = SyncPhase::kDone;  // the phase phase_wire_start_ is of
  uint64_t phase_wire_start_ = 0;            // watch_ bytes in the phase's direction at its start
  // ReportLive(false), for calls made from const methods on the run thread.
  std::function<void()> live_tick_;
  std::function<uint64_t()> attachment_bytes_;
  ProgressCallback progress_;
  SyncReport report_;
  SyncProgress state_;
  std::string token_;
  int64_t best_rtt_ms_ = -1;  // of the offset sample in use this round
  int64_t offset_ms_ = 0;
};

template <typename T>
T SyncRound::Await(std::future<T>& result) {
  while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    ReportLive(false);
  }
  return result.get();
}

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_SYNC_ROUND_H_
