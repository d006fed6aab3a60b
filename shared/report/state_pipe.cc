#include "shared/report/state_pipe.h"

#include <algorithm>
#include <utility>

namespace hromada::report {
namespace {

constexpr size_t kBatchBytes = 1 << 20;
constexpr size_t kMaxQueued = 4;  // batches waiting per queue

// Threads that open sealed states: all cores but the reader's, and the
// counter's when there are enough (the counter is the lighter stage).
int OpenerCount() {
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(cores - 1, 1, 4);
}

}  // namespace

StatePipe::StatePipe(ReportBuilder* builder, const StateOpenFn* open)
    : builder_(builder), open_(open) {
  if (open_ != nullptr) {
    const int n = OpenerCount();
    {
      absl::MutexLock lock(&mu_);
      openers_left_ = n;
    }
    for (int i = 0; i < n; ++i) openers_.emplace_back([this] { OpenBatches(); });
  }
  counter_ = std::thread([this] { Count(); });
}

StatePipe::~StatePipe() {
  if (counter_.joinable()) Close().IgnoreError();
}

absl::Status StatePipe::Push(absl::string_view kind, absl::string_view id, absl::string_view state,
                             absl::string_view refs) {
  if (!refs.empty()) {
    if (refs.size() != 32) return absl::DataLossError("a stored attendance's refs are damaged");
    return Append(&filling_refs_, &plain_, {kRefs, 0, 32}, {}, refs);
  }
  const std::vector<std::string>& kinds = ReportKinds();
  const auto it = std::find(kinds.begin(), kinds.end(), kind);
  if (it == kinds.end()) return absl::OkStatus();  // not read by reports
  if (open_ == nullptr) id = {};
  const Item item{static_cast<uint32_t>(it - kinds.begin()), static_cast<uint32_t>(id.size()),
                  static_cast<uint32_t>(state.size())};
  return Append(&filling_, open_ != nullptr ? &sealed_ : &plain_, item, id, state);
}

absl::Status StatePipe::Append(Batch* batch, Queue* queue, Item item, absl::string_view id,
                               absl::string_view state) {
  batch->bytes.append(id.data(), id.size());
  batch->bytes.append(state.data(), state.size());
  batch->items.push_back(item);
  if (batch->bytes.size() < kBatchBytes) return absl::OkStatus();
  Put(queue, std::exchange(*batch, Batch{}));
  absl::MutexLock lock(&mu_);
  return error_;
}

void StatePipe::Put(Queue* queue, Batch batch) {
  absl::MutexLock lock(&mu_);
  auto room = [this, queue]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queue->batches.size() < kMaxQueued || !error_.ok();
  };
  mu_.Await(absl::Condition(&room));
  if (error_.ok()) queue->batches.push_back(std::move(batch));
}

bool StatePipe::Take(Queue* queue, Batch* batch) {
  absl::MutexLock lock(&mu_);
  auto ready = [queue]() { return !queue->batches.empty() || queue->closed; };
  mu_.Await(absl::Condition(&ready));
  if (queue->batches.empty()) return false;  // closed and drained
  *batch = std::move(queue->batches.front());
  queue->batches.pop_front();
  return true;
}

void StatePipe::Fail(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  if (error_.ok()) error_ = status;
  sealed_.batches.clear();  // nothing more to do; unblocks Put
  plain_.batches.clear();
}

absl::Status StatePipe::Close() {
  // The counter's queue closes after the openers' last batch (OpenBatches),
  // so this one must be in before the openers can finish.
  if (!filling_refs_.items.empty()) Put(&plain_, std::exchange(filling_refs_, Batch{}));
  Put(open_ != nullptr ? &sealed_ : &plain_, std::exchange(filling_, Batch{}));
  {
    absl::MutexLock lock(&mu_);
    (open_ != nullptr ? sealed_ : plain_).closed = true;
  }
  for (std::thread& t : openers_) t.join();
  openers_.clear();
  counter_.join();
  absl::MutexLock lock(&mu_);
  return error_;
}

void StatePipe::OpenBatches() {
  const std::vector<std::string>& kinds = ReportKinds();
  std::string state;
  for (Batch sealed; Take(&sealed_, &sealed);) {
    Batch plain;
    plain.bytes.reserve(sealed.bytes.size());
    plain.items.reserve(sealed.items.size());
    absl::string_view rest = sealed.bytes;
    for (const Item& item : sealed.items) {
      const absl::string_view id = rest.substr(0, item.id_size);
      const absl::string_view bytes = rest.substr(item.id_size, item.state_size);
      rest.remove_prefix(item.id_size + item.state_size);
      if (absl::Status s = (*open_)(kinds[item.kind], id, bytes, &state); !s.ok()) {
        Fail(s);
        break;
      }
      plain.bytes.append(state);
      plain.items.push_back({item.kind, 0, static_cast<uint32_t>(state.size())});
    }
    Put(&plain_, std::move(plain));
  }
  absl::MutexLock lock(&mu_);
  if (--openers_left_ == 0) plain_.closed = true;
}

void StatePipe::Count() {
  const std::vector<std::string>& kinds = ReportKinds();
  for (Batch batch; Take(&plain_, &batch);) {
    absl::string_view rest = batch.bytes;
    for (const Item& item : batch.items) {
      const absl::string_view state = rest.substr(0, item.state_size);
      rest.remove_prefix(item.state_size);
      if (item.kind == kRefs) {
        builder_->AddAttendance(state.substr(0, 16), state.substr(16));
        continue;
      }
      absl::Status s = builder_->Add(kinds[item.kind], state);
      if (!s.ok()) {
        Fail(s);
        break;
      }
    }
  }
}

}  // namespace hromada::report
