#include "tests/support/faulty_transport.h"

#include <utility>

namespace hromada {
namespace {

int Lookup(const std::map<std::string, int, std::less<>>& counts, absl::string_view key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void Bump(std::map<std::string, int, std::less<>>& counts, absl::string_view key) {
  auto it = counts.find(key);
  if (it == counts.end()) it = counts.emplace(std::string(key), 0).first;
  ++it->second;
}

// Uniform in [0, 1) from the top 53 bits: the same on every standard library.
double Uniform(std::mt19937_64& generator) {
  return static_cast<double>(generator() >> 11) * 0x1.0p-53;
}

}  // namespace

FaultyTransport::FaultyTransport(Transport* inner) : inner_(inner) {}

FaultyTransport::FaultyTransport(std::unique_ptr<Transport> inner)
    : owned_(std::move(inner)), inner_(owned_.get()) {}

void FaultyTransport::FailCall(int n, Fault fault) {
  absl::MutexLock lock(&mu_);
  call_rules_[n] = std::move(fault);
}

void FaultyTransport::FailMethod(std::string method, Fault fault, int times) {
  absl::MutexLock lock(&mu_);
  method_rules_.push_back(MethodRule{std::move(method), std::move(fault), times});
}

void FaultyTransport::FailRandomly(double p, uint64_t seed, Fault fault) {
  absl::MutexLock lock(&mu_);
  random_rule_ = RandomRule{p, std::mt19937_64(seed), std::move(fault)};
}

void FaultyTransport::ClearFaults() {
  absl::MutexLock lock(&mu_);
  call_rules_.clear();
  method_rules_.clear();
  random_rule_.reset();
}

std::optional<FaultyTransport::Fault> FaultyTransport::Plan(absl::string_view method) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  Bump(calls_by_method_, method);
  // Draw on every call, matched or not, so the sequence depends only on
  // the seed and the call count.
  const bool random_hit = random_rule_ && Uniform(random_rule_->generator) < random_rule_->p;
  std::optional<Fault> fault;
  if (auto it = call_rules_.find(calls_); it != call_rules_.end()) {
    fault = it->second;
  } else {
    for (MethodRule& rule : method_rules_) {
      if (rule.method != method || rule.times == 0) continue;
      if (rule.times > 0) --rule.times;
      fault = rule.fault;
      break;
    }
  }
  if (!fault && random_hit) fault = random_rule_->fault;
  if (fault) ++faults_;
  if (!fault || fault->timing == Timing::kAfterForward) Bump(forwarded_by_method_, method);
  return fault;
}

absl::StatusOr<std::string> FaultyTransport::Call(absl::string_view method,
                                                  absl::string_view request,
                                                  const CallOptions& options, CallBytes* bytes) {
  const std::optional<Fault> fault = Plan(method);
  if (fault && fault->timing == Timing::kBeforeForward) {
    if (bytes != nullptr) *bytes = CallBytes{};
    return fault->status;
  }
  absl::StatusOr<std::string> result = inner_->Call(method, request, options, bytes);
  if (fault) return fault->status;  // the answer, good or bad, is lost
  return result;
}

int FaultyTransport::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

int FaultyTransport::calls(absl::string_view method) const {
  absl::MutexLock lock(&mu_);
  return Lookup(calls_by_method_, method);
}

int FaultyTransport::forwarded(absl::string_view method) const {
  absl::MutexLock lock(&mu_);
  return Lookup(forwarded_by_method_, method);
}

int FaultyTransport::faults() const {
  absl::MutexLock lock(&mu_);
  return faults_;
}

}  // namespace hromada
