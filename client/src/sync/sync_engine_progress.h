// What a sync shows while it runs: the wire bytes of every call as they
// move (also calls on the engine's helper threads), the retries, and the
// words for a retry and for giving up.
//
// LinkWatch is thread-safe: any thread running a call adds to it; the
// syncing thread reads it to fill SyncProgress. The text functions are
// pure.
#ifndef HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_PROGRESS_H_
#define HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_PROGRESS_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "hromada/client.h"

namespace hromada::client {

class LinkWatch {
 public:
  void AddBytes(uint64_t up, uint64_t down);
  // A call failed and is tried again after `pause` from now.
  void Retrying(absl::Duration pause);
  // Fills the wire bytes and the retry state of `progress` as of now.
  void Fill(SyncProgress* progress) const;
  uint64_t up() const { return up_.load(); }
  uint64_t down() const { return down_.load(); }

 private:
  std::atomic<uint64_t> up_{0};
  std::atomic<uint64_t> down_{0};
  std::atomic<int> retries_{0};
  std::atomic<int64_t> retry_until_ns_{0};  // absl::Now() based; 0: none
};

// "1,234,567".
std::string WithThousands(uint64_t n);

// One line for a retry, e.g. "link lost, retrying in 4 s, 3,120 of 10,006
// records received" (sent, when pushing; just the pause while connecting).
std::string RetryLine(const SyncProgress& progress);

// A sync that gave up on the link: `status` with what this round saved
// and that the next sync continues from there. `sent` changes reached the
// server; `received` records arrived, of about `expected` (0: unknown).
absl::Status GaveUp(const absl::Status& status, uint64_t sent, uint64_t received,
                    uint64_t expected);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_SYNC_ENGINE_PROGRESS_H_
