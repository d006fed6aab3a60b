#include "client/src/sync/pull.h"

#include <algorithm>
#include <future>
#include <utility>

#include "shared/sync/wire/pull_page.h"

namespace hromada::client {

PullPhase::PullPhase(SyncRound* round, LinkBudget* budget, const HandshakeOutcome& handshake,
                     Transport* prefetch)
    : round_(*round),
      budget_(*budget),
      prefetch_(prefetch),
      server_max_(handshake.max_pull_bytes),
      pending_(handshake.pending_records) {}

struct PullPhase::Fetched {
  absl::Status status;
  wire::PullPage page;
  CallTiming timing;
  CallStats stats;
};

std::unique_ptr<PullPhase::Fetched> PullPhase::FetchPage(Transport* transport,
                                                         uint64_t cursor) const {
  auto fetched = std::make_unique<Fetched>();
  // Re-asked at each attempt: after a cut the budget is smaller.
  absl::StatusOr<std::string> answer = Retry(round_.retry(), [&] {
    v1::PullRequest request;
    request.set_cursor(cursor);
    const size_t limit = budget_.bytes();
    request.set_max_bytes(MaxBytes());
    const absl::Time start = round_.link_clock()();
    absl::StatusOr<std::string> got = round_.CallOn(transport, "Pull", request.SerializeAsString(),
                                                    &fetched->timing, &fetched->stats, &budget_);
    if (got.ok()) {
      budget_.OnSuccess(limit, fetched->stats.last.down, start);
      if (!got->empty()) {
        ratio_.store(static_cast<double>(fetched->stats.last.down) / got->size());
      }
    } else {
      budget_.OnFailure(got.status(), fetched->stats.last.down);
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

uint32_t PullPhase::MaxBytes() const {
  const double ratio = std::clamp(ratio_.load(), 0.05, 1.5);
  const double page = static_cast<double>(budget_.bytes()) / ratio;
  const double cap = server_max_ > 0 ? server_max_ : round_.config().max_pull_bytes * 20.0;
  return static_cast<uint32_t>(std::clamp(page, 1.0, cap));
}

absl::Status PullPhase::Apply(const Fetched& fetched) {
  round_.Count(fetched.stats);
  if (!fetched.status.ok()) return fetched.status;
  const wire::PullPage& page = fetched.page;
  round_.LearnOffset(page.server_time_ms, fetched.timing);
  if (absl::Status s = round_.store().ApplyPage(page.records, page.next_cursor); !s.ok()) return s;
  round_.report().pulled += page.records.size();
  round_.progress().records_done += page.records.size();
  round_.Report(SyncPhase::kPull);
  return absl::OkStatus();
}

void PullPhase::Begin() {
  round_.progress() = SyncProgress{};
  round_.progress().phase = SyncPhase::kPull;
  round_.progress().records_expected = pending_;
  round_.Report(SyncPhase::kPull);
}

absl::Status PullPhase::Run() {
  Begin();
  return From(FetchPage(round_.transport(), round_.store().profile().cursor));
}

absl::Status PullPhase::Run(std::string page, const CallTiming& timing) {
  Begin();
  auto first = std::make_unique<Fetched>();
  first->timing = timing;
  first->status = wire::ReadPullPage(std::move(page), &first->page);
  return From(std::move(first));
}

absl::Status PullPhase::From(std::unique_ptr<Fetched> current) {
  uint64_t cursor = round_.store().profile().cursor;
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
    if (absl::Status s = Apply(*current); !s.ok()) return s;
    if (!more) return absl::OkStatus();
    cursor = current->page.next_cursor;
    current = next.valid() ? round_.Await(next) : FetchPage(round_.transport(), cursor);
  }
}

}  // namespace hromada::client
