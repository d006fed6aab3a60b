#include "server/ops/metrics.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::server {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

constexpr std::array<const char*, kSyncMethods> kMethodNames = {
    "Handshake",        "Enrol",          "Push", "Pull", "AttachmentStatus",
    "UploadAttachment", "FetchAttachment"};
constexpr std::array<const char*, kRefusals> kRefusalNames = {
    "unauthenticated", "bad_token_rate", "enrol_rate", "device_calls",
    "server_busy",     "too_large",      "malformed",  "cancelled"};

int CodeIndex(int code) { return code >= 0 && code < 17 ? code : 2; /* UNKNOWN */ }

std::string CodeName(int code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

void AppendMetricHeader(std::string& out, absl::string_view name, absl::string_view type,
                        absl::string_view help) {
  absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

void Metrics::RecordCall(SyncMethod method, absl::StatusCode code, double seconds) {
  const int m = static_cast<int>(method);
  calls_[m][CodeIndex(static_cast<int>(code))].fetch_add(1, kRelaxed);
  Histogram& h = latency_[m];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  h.buckets[bucket].fetch_add(1, kRelaxed);
  h.sum_micros.fetch_add(static_cast<uint64_t>(std::llround(seconds * 1e6)), kRelaxed);
}

void Metrics::RecordRefusal(Refusal why) {
  refusals_[static_cast<int>(why)].fetch_add(1, kRelaxed);
}

void Metrics::RecordLogicRefusal(absl::StatusCode code) {
  logic_refusals_[CodeIndex(static_cast<int>(code))].fetch_add(1, kRelaxed);
}

void Metrics::RecordPushed(uint64_t changes) { pushed_.fetch_add(changes, kRelaxed); }
void Metrics::RecordPulled(uint64_t records) { pulled_.fetch_add(records, kRelaxed); }

void Metrics::RecordChangeRefused(uint32_t code) {
  changes_refused_[CodeIndex(static_cast<int>(code))].fetch_add(1, kRelaxed);
}

std::string Metrics::Render() const {
  std::string out;
  RenderCalls(out);
  RenderLatency(out);
  AppendMetricHeader(
      out, "hromada_records_pushed_total", "counter",
      "Changes received in pushes (applied or refused), a retried push's repeats not again.");
  absl::StrAppend(&out, "hromada_records_pushed_total ", pushed_.load(kRelaxed), "\n");
  AppendMetricHeader(out, "hromada_records_pulled_total", "counter", "Records sent in pulls.");
  absl::StrAppend(&out, "hromada_records_pulled_total ", pulled_.load(kRelaxed), "\n");
  AppendMetricHeader(out, "hromada_changes_refused_total", "counter",
                     "Changes of pushes refused for their content, by status code.");
  for (int code = 0; code < kCodes; ++code) {
    const uint64_t n = changes_refused_[code].load(kRelaxed);
    if (n > 0)
      absl::StrAppend(&out, "hromada_changes_refused_total{code=\"", CodeName(code), "\"} ", n,
                      "\n");
  }
  RenderRefusals(out);
  return out;
}

void Metrics::RenderCalls(std::string& out) const {
  AppendMetricHeader(out, "hromada_calls_total", "counter",
                     "hromada.v1.Sync calls answered, by method and gRPC status code.");
  for (int m = 0; m < kSyncMethods; ++m) {
    for (int code = 0; code < kCodes; ++code) {
      const uint64_t n = calls_[m][code].load(kRelaxed);
      if (n == 0) continue;
      absl::StrAppend(&out, "hromada_calls_total{method=\"", kMethodNames[m], "\",code=\"",
                      CodeName(code), "\"} ", n, "\n");
    }
  }
}

void Metrics::RenderLatency(std::string& out) const {
  AppendMetricHeader(out, "hromada_call_duration_seconds", "histogram",
                     "Time from a call's arrival to its answer, by method.");
  for (int m = 0; m < kSyncMethods; ++m) {
    const Histogram& h = latency_[m];
    const std::string label = absl::StrCat("method=\"", kMethodNames[m], "\"");
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += h.buckets[b].load(kRelaxed);
      const std::string le = b < kBuckets.size() ? absl::StrCat(kBuckets[b]) : "+Inf";
      absl::StrAppend(&out, "hromada_call_duration_seconds_bucket{", label, ",le=\"", le, "\"} ",
                      cumulative, "\n");
    }
    absl::StrAppend(&out, "hromada_call_duration_seconds_sum{", label, "} ",
                    static_cast<double>(h.sum_micros.load(kRelaxed)) / 1e6, "\n");
    absl::StrAppend(&out, "hromada_call_duration_seconds_count{", label, "} ", cumulative, "\n");
  }
}

void Metrics::RenderRefusals(std::string& out) const {
  AppendMetricHeader(out, "hromada_refusals_total", "counter",
                     "Calls refused: before their work (by limit or check) or by the sync logic "
                     "(by status code).");
  for (int r = 0; r < kRefusals; ++r) {
    absl::StrAppend(&out, "hromada_refusals_total{reason=\"", kRefusalNames[r], "\"} ",
                    refusals_[r].load(kRelaxed), "\n");
  }
  for (int code = 0; code < kCodes; ++code) {
    const uint64_t n = logic_refusals_[code].load(kRelaxed);
    if (n > 0)
      absl::StrAppend(&out, "hromada_refusals_total{reason=\"", CodeName(code), "\"} ", n, "\n");
  }
}

uint64_t CountPulledRecords(absl::string_view serialized) {
  using google::protobuf::internal::WireFormatLite;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(serialized.data()),
                                            static_cast<int>(serialized.size()));
  uint64_t records = 0;
  while (uint32_t tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == v1::PullResponse::kRecordsFieldNumber) ++records;
    if (!WireFormatLite::SkipField(&in, tag)) return 0;
  }
  return records;
}

}  // namespace hromada::server
