// The sync engine: one Sync round against the server, in three phases,
// each step committed before the next (docs/design.md invariants 2, 4-6, 8):
//
//   1. Handshake: versions, the server's time (clock offset), what the
//      server has already handled of this device's changes (acked_through:
//      drops outbox entries whose ack was lost), the scope and the limits.
//      A new epoch (the server's database was restored from a backup)
//      puts this device's changes the server lacks back in the outbox and
//      the cursor at 0 (Store::AdoptEpoch).
//   2. Push: the outbox oldest-first in contiguous, byte-bounded batches
//      (sized by a LinkBudget, capped by the server's max_push_bytes), one
//      batch in memory at a time, each ack committed before the next batch.
//   3. Pull: pages after the cursor until `more` is false, each asked for
//      with max_bytes from a second LinkBudget; each page and its cursor
//      are one local transaction. Skipped when the handshake said nothing
//      is pending (the server counts neither this device's own changes
//      nor the ones it pushes now), so that a small sync is two calls.
//   4. Attachments (sync_attachments.cc): the contents of this device's
//      attachments the server lacks, a chunk per call from where the
//      server's copy stops. A failure here is kept in the report
//      (attachment_error) and never fails the round: the records are synced.
//
// Each call is retried with backoff (Retry), and each retry is reported
// (SyncProgress::retries, retry_in). A round that gives up returns the
// failure with what it saved (GaveUp) and leaves everything done so far
// committed, so the next round resumes where this one stopped. Progress
// is reported on the thread running Run, also for calls on the helper
// threads (pipelined push, prefetched pull), and moves within a call by
// the bytes on the wire.
//
// Thread-compatible: one Run at a time. The store and transport are
// borrowed and must outlive the engine.
#ifndef HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_
#define HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/src/store/store.h"
#include "client/src/sync/link_budget.h"
#include "client/src/sync/sync_engine_progress.h"
#include "client/src/transport/retry.h"
#include "client/src/transport/transport.h"
#include "google/protobuf/message_lite.h"
#include "hromada/client.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"

namespace hromada::client {

constexpr uint32_t kProtocolVersion = 1;
constexpr char kClientVersion[] = "hromada-client/0.1.0";

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

class SyncEngine {
 public:
  // `prefetch` (optional) is a second transport to the same server: while
  // one pulled page is written locally the next one is fetched over it.
  SyncEngine(Store* store, Transport* transport, const Clock* clock, SyncConfig config,
             Transport* prefetch = nullptr);

  // One round. On failure everything committed so far stays; `report()`
  // still tells what happened.
  absl::Status Run(const ProgressCallback& progress);
  const SyncReport& report() const { return report_; }

 private:
  absl::Status Handshake();
  // The link budgets, within our caps and the limits the handshake gave.
  void MakeBudgets();
  absl::Status PushAll();
  absl::StatusOr<uint64_t> PushBatch();
  absl::Status PushPipelined();
  absl::Status PullAll();
  // Step 4: never fails the round; a failure goes to the report.
  void SendAttachments();
  // The attachment phase's bytes_done as of now.
  uint64_t AttachmentBytesDone() const;
  // Sends what the server lacks of one content (attachment record `id`).
  absl::Status SendAttachment(const std::string& id, const std::string& sha256, uint64_t size);
  absl::StatusOr<std::string> ReadUpload(const std::string& sha256, uint64_t offset, uint64_t size,
                                         size_t max);
  // Device-clock times around the last attempt of a call.
  struct Timing {
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
  // The outcome of a push sent on the pipelining thread.
  struct SentPush {
    absl::Status status;
    v1::PushResponse response;
    Timing timing;
    CallStats stats;
    size_t budget = 0;  // the push budget (wire bytes) it was read with
    absl::Time start;   // on the link clock
  };
  // A fetched pull page; parsed on its own arena.
  struct Fetched;

  // One attempt over `transport`. Touches no mutable member, so a prefetch
  // thread may run it.
  // `budget` (optional) gives the call its deadline.
  absl::StatusOr<std::string> CallOn(Transport* transport, const char* method,
                                     const std::string& request, Timing* timing, CallStats* stats,
                                     const LinkBudget* budget = nullptr) const;
  // One attempt on the main transport, counted in the report.
  absl::StatusOr<std::string> CallOnce(const char* method, const std::string& request,
                                       Timing* timing, const LinkBudget* budget = nullptr);
  void Count(const CallStats& stats);
  // A pull page with retries, over `transport` (pull.cc).
  std::unique_ptr<Fetched> FetchPage(Transport* transport, uint64_t cursor) const;
  // The max_bytes of the next PullRequest: the pull budget (wire bytes) in
  // the page's own bytes, by the compression the last page had.
  uint32_t PullMaxBytes() const;
  // The outbox bytes of the next push batch: the push budget (wire bytes)
  // in change bytes, by the compression the last batch had (requests are
  // deflated), never past what the server takes once inflated.
  size_t PushBatchBytes() const;
  // Learns that compression from a batch of `bytes` that took `wire` up.
  void LearnPushRatio(uint64_t bytes, uint64_t wire);
  absl::Status ApplyFetched(const Fetched& fetched);
  // A call with retries; parses the answer into `response`.
  absl::Status Call(const char* method, const google::protobuf::MessageLite& request,
                    google::protobuf::MessageLite* response, Timing* timing);
  // Keeps server time minus the device clock at the call's midpoint,
  // preferring the round's sample with the shortest round trip.
  void LearnOffset(int64_t server_time_ms, const Timing& timing);
  // This device's clock corrected by the offset learnt: when acks are noted.
  int64_t ServerNow() const { return clock_->NowMillis() + offset_ms_; }
  absl::StatusOr<v1::PushRequest> BuildPush(const OutboxBatch& batch) const;
  // The request for `batch`: deflated inside the message if the server
  // said at the handshake that it accepts it, plain otherwise.
  std::string EncodePush(const OutboxBatch& batch) const;
  absl::Status SendPush(const std::string& request, v1::PushResponse* response, Timing* timing,
                        const LinkBudget* budget = nullptr);
  absl::StatusOr<uint64_t> PushOversized(const OutboxBatch& batch);
  absl::Status AfterPush(const OutboxBatch& batch, const v1::PushResponse& response,
                         std::vector<v1::Rejection> extra);
  void Report(SyncPhase phase);
  // Reports the wire bytes and the retry state between steps: at most
  // every 100 ms unless `force`; only on the thread running Run.
  void ReportLive(bool force);
  // Waits for a helper thread's result, reporting its progress meanwhile.
  template <typename T>
  T Await(std::future<T>& result);
  bool OnRunThread() const { return std::this_thread::get_id() == run_thread_; }

  Store* const store_;
  Transport* const transport_;
  Transport* const prefetch_;
  const Clock* const clock_;
  const SyncConfig config_;
  RetryPolicy retry_;        // config_.retry, telling watch_ of each retry
  mutable LinkWatch watch_;  // fed by calls on any thread
  std::thread::id run_thread_;
  absl::Time last_live_ = absl::InfinitePast();
  SyncPhase wire_phase_ = SyncPhase::kDone;  // the phase phase_wire_start_ is of
  uint64_t phase_wire_start_ = 0;            // watch_ bytes in the phase's direction at its start
  // ReportLive(false), for calls made from const methods on the run thread.
  std::function<void()> live_tick_;
  ProgressCallback progress_;
  SyncReport report_;
  SyncProgress state_;
  std::string token_;
  uint64_t acked_through_ = 0;
  uint64_t pending_records_ = 0;
  bool must_pull_ = false;       // the cursor was reset: pull whatever the count said
  bool retiring_ = false;        // the server retires this device (handshake)
  size_t server_max_push_ = 0;   // 0: no limit announced
  bool deflate_pushes_ = false;  // the handshake's accepts_deflated_changes
  uint32_t server_max_pull_ = 0;
  uint64_t server_max_attachment_ = 0;  // 0: a server without attachments
  // Attachment progress: bytes the server holds of the files sent this
  // round (as it last answered), and the upload in flight (its size and
  // watch_'s bytes up when it started), so bytes_done moves within a call.
  uint64_t attach_finished_ = 0;  // of the files done or given up on
  uint64_t attach_held_ = 0;      // attach_finished_ plus the current file's
  uint64_t attach_flight_ = 0;
  uint64_t attach_flight_start_ = 0;
  int64_t best_rtt_ms_ = -1;  // of the offset sample in use this round
  int64_t offset_ms_ = 0;
  LinkClock link_clock_;
  std::unique_ptr<LinkBudget> push_budget_;  // made once the limits are known
  std::unique_ptr<LinkBudget> pull_budget_;
  // Wire bytes per page byte of the last page (compression), shared with
  // the prefetching thread.
  mutable std::atomic<double> pull_ratio_{1.0};
  // Wire bytes per change byte of the last push batch (engine thread only).
  double push_ratio_ = 1.0;
  size_t push_cap_ = SIZE_MAX;    // the most change bytes a push may carry
  uint64_t push_left_bytes_ = 0;  // outbox bytes not yet acked this push
  // Below the size of a batch the server refused as too large, whatever
  // it announced; no limit until then.
  size_t refused_limit_ = SIZE_MAX;
};

template <typename T>
T SyncEngine::Await(std::future<T>& result) {
  while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    ReportLive(false);
  }
  return result.get();
}

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_H_
