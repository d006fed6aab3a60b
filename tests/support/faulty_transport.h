// FaultyTransport: a test seam that wraps another Transport and fails
// chosen calls, for anomaly tests of the sync engine: fail call N for
// N = 1, 2, ... until a sync completes; fail every call of a method; or fail
// each call with probability p from a seeded generator (reproducible).
//
// A fault strikes either before the call is forwarded (the request never
// reaches the server) or after it (the server has processed the request
// but its answer is lost: a lost ack). Either way the caller gets the
// fault's status (UNAVAILABLE unless told otherwise).
//
// Thread-safe: the plan and the counters sit behind a mutex, and the
// wrapped transport is called outside it, so concurrent calls are as safe
// as the wrapped transport makes them. The wrapped transport is borrowed
// (and must outlive this one) or owned, by the constructor chosen.
#ifndef HROMADA_TESTS_SUPPORT_FAULTY_TRANSPORT_H_
#define HROMADA_TESTS_SUPPORT_FAULTY_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "client/src/transport/transport.h"

namespace hromada {

enum class FaultTiming {
  kBeforeForward,  // the server never sees the request
  kAfterForward,   // the server handles it; the answer is dropped
};

struct InjectedFault {
  FaultTiming timing = FaultTiming::kBeforeForward;
  absl::Status status = absl::UnavailableError("injected network fault");  // not OK
};

class FaultyTransport final : public Transport {
 public:
  using Timing = FaultTiming;
  using Fault = InjectedFault;

  explicit FaultyTransport(Transport* inner);  // borrowed
  explicit FaultyTransport(std::unique_ptr<Transport> inner);

  // Fails the `n`-th call (1-based) counted since construction.
  void FailCall(int n, Fault fault = {});
  // Fails the next `times` calls of `method`; a negative `times`: all of them.
  void FailMethod(std::string method, Fault fault = {}, int times = -1);
  // Fails each call with probability `p`; the draws depend only on `seed`
  // and the number of calls since this rule was set.
  void FailRandomly(double p, uint64_t seed, Fault fault = {});
  // Forgets every rule. The counters go on.
  void ClearFaults();

  // When several rules match a call, FailCall wins over FailMethod over
  // FailRandomly.
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override;

  int calls() const;                              // every call made here
  int calls(absl::string_view method) const;      // calls of one method
  int forwarded(absl::string_view method) const;  // of those, passed on
  int faults() const;                             // injected so far

 private:
  struct MethodRule {
    std::string method;
    Fault fault;
    int times;
  };
  struct RandomRule {
    double p;
    std::mt19937_64 generator;
    Fault fault;
  };

  // Counts the call and picks the fault that strikes it, if any.
  std::optional<Fault> Plan(absl::string_view method) ABSL_LOCKS_EXCLUDED(mu_);

  std::unique_ptr<Transport> owned_;
  Transport* const inner_;

  mutable absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  int faults_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, int, std::less<>> calls_by_method_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int, std::less<>> forwarded_by_method_ ABSL_GUARDED_BY(mu_);
  std::map<int, Fault> call_rules_ ABSL_GUARDED_BY(mu_);
  std::vector<MethodRule> method_rules_ ABSL_GUARDED_BY(mu_);
  std::optional<RandomRule> random_rule_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_FAULTY_TRANSPORT_H_
