// The pull phase: pages after the cursor until the server has no more,
// each page and its cursor committed in one local transaction
// (invariants 5, 6). With a second transport, the next page is fetched
// while the current one is written, so the server's read and the local
// write overlap; at most two pages are in memory. Each page asks for
// max_bytes from the pull LinkBudget, so a page fits the link.
#include <algorithm>
#include <future>

#include "client/src/sync/sync_engine.h"
#include "shared/sync/wire/pull_page.h"

namespace hromada::client {

struct SyncEngine::Fetched {
  absl::Status status;
  wire::PullPage page;
  Timing timing;
  CallStats stats;
};

std::unique_ptr<SyncEngine::Fetched> SyncEngine::FetchPage(Transport* transport,
                                                           uint64_t cursor) const {
  auto fetched = std::make_unique<Fetched>();
  LinkBudget& budget = *pull_budget_;
  // Re-asked at each attempt: after a cut the budget is smaller.
  absl::StatusOr<std::string> answer = Retry(retry_, [&] {
    v1::PullRequest request;
    request.set_cursor(cursor);
    const size_t limit = budget.bytes();
    request.set_max_bytes(PullMaxBytes());
    const absl::Time start = link_clock_();
    absl::StatusOr<std::string> got = CallOn(transport, "Pull", request.SerializeAsString(),
                                             &fetched->timing, &fetched->stats, &budget);
    if (got.ok()) {
      budget.OnSuccess(limit, fetched->stats.last.down, start);
      if (!got->empty()) {
        pull_ratio_.store(static_cast<double>(fetched->stats.last.down) / got->size());
      }
    } else {
      budget.OnFailure(got.status(), fetched->stats.last.down);
    }
    return got;
  });
  if (!answer.ok()) {
    fetched->status = answer.status();
    return fetched;
  }
  fetched->status = wire::ReadPullPage(*std::move(answer), &fetched->page);
  return fetched;
}

uint32_t SyncEngine::PullMaxBytes() const {
  const double ratio = std::clamp(pull_ratio_.load(), 0.05, 1.5);
  const double page = static_cast<double>(pull_budget_->bytes()) / ratio;
  const double cap = server_max_pull_ > 0 ? server_max_pull_ : config_.max_pull_bytes * 20.0;
  return static_cast<uint32_t>(std::clamp(page, 1.0, cap));
}

absl::Status SyncEngine::ApplyFetched(const Fetched& fetched) {
  Count(fetched.stats);
  if (!fetched.status.ok()) return fetched.status;
  const wire::PullPage& page = fetched.page;
  LearnOffset(page.server_time_ms, fetched.timing);
  if (absl::Status s = store_->ApplyPage(page.records, page.next_cursor); !s.ok()) return s;
  report_.pulled += page.records.size();
  state_.records_done += page.records.size();
  Report(SyncPhase::kPull);
  return absl::OkStatus();
}

absl::Status SyncEngine::PullAll() {
  state_ = SyncProgress{};
  state_.phase = SyncPhase::kPull;
  state_.records_expected = pending_records_;
  Report(SyncPhase::kPull);
  uint64_t cursor = store_->profile().cursor;
  std::unique_ptr<Fetched> current = FetchPage(transport_, cursor);
  for (;;) {
    const bool more = current->status.ok() && current->page.more;
    if (more && current->page.next_cursor <= cursor && current->page.records.empty()) {
      return absl::InternalError("the server keeps saying there is more to pull but sends none");
    }
    std::future<std::unique_ptr<Fetched>> next;
    if (more && prefetch_ != nullptr) {
      next = std::async(std::launch::async,
                        [this, c = current->page.next_cursor] { return FetchPage(prefetch_, c); });
    }
    // On failure the future's destructor waits for the prefetch to end.
    if (absl::Status s = ApplyFetched(*current); !s.ok()) return s;
    if (!more) return absl::OkStatus();
    cursor = current->page.next_cursor;
    current = next.valid() ? Await(next) : FetchPage(transport_, cursor);
  }
}

}  // namespace hromada::client
