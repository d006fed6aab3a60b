#include "shared/report/state_pipe.h"

#include <algorithm>
#include <utility>

namespace hromada::report {
namespace {

constexpr size_t kBatchBytes = 1 << 20;
constexpr size_t kMaxQueued = 4;  // batches waiting: bounds memory at a few MiB

}  // namespace

StatePipe::StatePipe(ReportBuilder* builder) : builder_(builder) {
  counter_ = std::thread([this] { Count(); });
}

StatePipe::~StatePipe() {
  if (counter_.joinable()) Close().IgnoreError();
}

absl::Status StatePipe::Push(absl::string_view kind, absl::string_view state) {
  const std::vector<std::string>& kinds = ReportKinds();
  const auto it = std::find(kinds.begin(), kinds.end(), kind);
  if (it == kinds.end()) return absl::OkStatus();  // not read by reports
  filling_.bytes.append(state.data(), state.size());
  filling_.items.emplace_back(static_cast<uint32_t>(it - kinds.begin()),
                              static_cast<uint32_t>(state.size()));
  if (filling_.bytes.size() < kBatchBytes) return absl::OkStatus();
  Send(std::exchange(filling_, Batch{}));
  absl::MutexLock lock(&mu_);
  return error_;
}

void StatePipe::Send(Batch batch) {
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queue_.size() < kMaxQueued || !error_.ok();
  };
  mu_.Await(absl::Condition(&room));
  queue_.push_back(std::move(batch));
}

absl::Status StatePipe::Close() {
  Send(std::exchange(filling_, Batch{}));
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }
  counter_.join();
  absl::MutexLock lock(&mu_);
  return error_;
}

void StatePipe::Count() {
  const std::vector<std::string>& kinds = ReportKinds();
  for (;;) {
    Batch batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || closed_;
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // closed and drained
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    absl::string_view rest = batch.bytes;
    for (const auto& [kind, size] : batch.items) {
      absl::Status s = builder_->Add(kinds[kind], rest.substr(0, size));
      rest.remove_prefix(size);
      if (s.ok()) continue;
      absl::MutexLock lock(&mu_);
      if (error_.ok()) error_ = s;
      queue_.clear();  // nothing more to count; unblocks Send
      return;
    }
  }
}

}  // namespace hromada::report
