// The sync service's counters, rendered in Prometheus' text format
// (version 0.0.4) for `serve --metrics-listen` (http_metrics.h):
//
//   hromada_calls_total{method,code}          calls answered, by gRPC status
//   hromada_call_duration_seconds{method}     a histogram of their latency
//   hromada_records_pushed_total              changes received in pushes, each once
//   hromada_records_pulled_total              records sent in pulls
//   hromada_changes_refused_total{code}       changes a push refused
//   hromada_refusals_total{reason}            calls refused, and why
//
// Gauges read at scrape time (devices, database size, commit time) are
// added by the caller (see metrics_gauges.h).
//
// Thread-safe and cheap: every Record… is a few relaxed atomic increments,
// no lock, so the gRPC and worker threads never wait on a scrape.
#ifndef HROMADA_SERVER_OPS_METRICS_H_
#define HROMADA_SERVER_OPS_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::server {

enum class SyncMethod {
  kHandshake,
  kEnrol,
  kPush,
  kPull,
  kAttachmentStatus,
  kUploadAttachment,
  kFetchAttachment
};
constexpr int kSyncMethods = 7;

// Why a call was refused before its work ran. A refusal by the sync logic
// itself (a wipe order, an unknown enrolment code, …) is counted by its
// status code instead (RecordLogicRefusal).
enum class Refusal {
  kUnauthenticated,  // no token, or a wrong one
  kBadTokenRate,     // the peer failed authentication too often
  kEnrolRate,        // the peer tried to enrol too often
  kDeviceCalls,      // the device has too many calls in flight
  kServerBusy,       // the worker pool's queue is full
  kTooLarge,         // the request is over its size limit
  kMalformed,        // the request is not a valid message
  kCancelled,        // the caller gave up before a worker took the call
};
constexpr int kRefusals = 8;

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered call of `method` with gRPC status `code` that took
  // `seconds` from arrival to answer.
  void RecordCall(SyncMethod method, absl::StatusCode code, double seconds);
  void RecordRefusal(Refusal why);
  void RecordLogicRefusal(absl::StatusCode code);
  void RecordPushed(uint64_t changes);
  void RecordPulled(uint64_t records);
  // One change of a push refused with `code` (a google.rpc.Code value).
  void RecordChangeRefused(uint32_t code);

  // Every series above as Prometheus text, each with HELP and TYPE lines.
  std::string Render() const;

  // The upper bounds (seconds) of the latency histogram's buckets.
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};

 private:
  static constexpr int kCodes = 17;  // gRPC status codes 0..16
  using Counter = std::atomic<uint64_t>;
  struct Histogram {
    std::array<Counter, kBuckets.size() + 1> buckets{};  // the last is +Inf
    Counter sum_micros{0};
  };

  void RenderCalls(std::string& out) const;
  void RenderLatency(std::string& out) const;
  void RenderRefusals(std::string& out) const;

  std::array<std::array<Counter, kCodes>, kSyncMethods> calls_{};
  std::array<Histogram, kSyncMethods> latency_{};
  std::array<Counter, kRefusals> refusals_{};
  std::array<Counter, kCodes> logic_refusals_{};
  std::array<Counter, kCodes> changes_refused_{};
  Counter pushed_{0};
  Counter pulled_{0};
};

// The number of records in a serialized v1::PullResponse (its field 1),
// counted without parsing them; 0 for bytes that are not one.
uint64_t CountPulledRecords(absl::string_view serialized_pull_response);

// Appends "# HELP name help\n# TYPE name type\n" to `out`.
void AppendMetricHeader(std::string& out, absl::string_view name, absl::string_view type,
                        absl::string_view help);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_OPS_METRICS_H_
