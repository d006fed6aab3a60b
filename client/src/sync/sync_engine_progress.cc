#include "client/src/sync/sync_engine_progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace hromada::client {

void LinkWatch::AddBytes(uint64_t up, uint64_t down) {
  up_ += up;
  down_ += down;
}

void LinkWatch::Retrying(absl::Duration pause) {
  ++retries_;
  retry_until_ns_ = absl::ToUnixNanos(absl::Now() + pause);
}

void LinkWatch::Fill(SyncProgress* progress) const {
  progress->wire_bytes_up = up_.load();
  progress->wire_bytes_down = down_.load();
  progress->retries = retries_.load();
  const absl::Duration left = absl::FromUnixNanos(retry_until_ns_.load()) - absl::Now();
  const bool waiting = left > absl::ZeroDuration();
  progress->link = waiting ? LinkState::kRetrying : LinkState::kUp;
  progress->retry_in = waiting ? left : absl::ZeroDuration();
}

std::string WithThousands(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

namespace {

// "3,120 of 10,006 records received"; no "of" when the total is unknown.
std::string Counted(uint64_t done, uint64_t total, const char* what) {
  if (total == 0) return absl::StrCat(WithThousands(done), " ", what);
  return absl::StrCat(WithThousands(done), " of ", WithThousands(total), " ", what);
}

}  // namespace

std::string RetryLine(const SyncProgress& p) {
  // Whole seconds, rounded up: "retrying in 0 s" would read as a lie.
  const int64_t seconds =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(p.retry_in))));
  std::string line = absl::StrCat("link lost, retrying in ", seconds, " s");
  if (p.phase == SyncPhase::kPush) {
    absl::StrAppend(&line, ", ", Counted(p.records_done, p.records_expected, "changes sent"));
  } else if (p.phase == SyncPhase::kPull) {
    absl::StrAppend(&line, ", ", Counted(p.records_done, p.records_expected, "records received"));
  } else if (p.phase == SyncPhase::kAttachments) {
    absl::StrAppend(&line, ", ", Counted(p.records_done, p.records_expected, "files sent"));
  }
  return line;
}

absl::Status GaveUp(const absl::Status& status, uint64_t sent, uint64_t received,
                    uint64_t expected) {
  std::string saved;
  if (sent == 0 && received == 0) {
    // Not "nothing was saved": the work is saved, on this device.
    saved = "nothing was exchanged with the server this time, and no work is lost";
  } else {
    saved = absl::StrCat("saved so far: ", Counted(sent, 0, "changes sent"), ", ",
                         Counted(received, std::max(expected, received), "records received"));
  }
  return absl::Status(
      status.code(),
      absl::StrCat(status.message(), "; ", saved,
                   "; unsent changes stay on this device, and the next sync continues from there"));
}

}  // namespace hromada::client
