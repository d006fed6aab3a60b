// Record states handed from the thread that reads a store to a thread that
// counts them (ReportBuilder::Add), in batches, so reading and counting
// overlap. States a device's store hands over still sealed are opened on
// a pool of opener threads between the two, so the cost of decryption is
// spread over the cores instead of doubling the reading thread's work.
// Attendances the store hands over as clear refs (SealedStateFn) skip the
// openers and go straight to the counter.
// Private to shared/report/.
//
// Thread-compatible: Push and Close belong to the reading thread.
#ifndef HROMADA_SHARED_REPORT_STATE_PIPE_H_
#define HROMADA_SHARED_REPORT_STATE_PIPE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "shared/report/report.h"

namespace hromada::report {

class StatePipe {
 public:
  // Starts the counting thread, which feeds `builder` (borrowed until
  // Close returns), and, if `open` is given (borrowed likewise), threads
  // that open sealed states with it.
  explicit StatePipe(ReportBuilder* builder, const StateOpenFn* open = nullptr);
  ~StatePipe();  // Close()s if not closed
  StatePipe(const StatePipe&) = delete;
  StatePipe& operator=(const StatePipe&) = delete;

  // Copies one state (sealed if the pipe has an opener; `id` is then its
  // record id, which the opener needs) into the current batch; or, when
  // `refs` is not empty, an attendance's refs instead (SealedStateFn).
  // Returns the first error of another thread as soon as there is one, so
  // the scan can stop early.
  absl::Status Push(absl::string_view kind, absl::string_view id, absl::string_view state,
                    absl::string_view refs);
  // Hands over the last batch, waits for the other threads, and returns
  // their first error.
  absl::Status Close();

 private:
  struct Item {
    uint32_t kind;  // index in ReportKinds(); kRefs: an attendance's refs
    uint32_t id_size;
    uint32_t state_size;
  };
  static constexpr uint32_t kRefs = ~uint32_t{0};
  struct Batch {
    std::string bytes;  // each item's id, then its state
    std::vector<Item> items;
  };
  // A queue of batches, bounded so that memory stays at a few MiB.
  struct Queue {
    std::deque<Batch> batches;
    bool closed = false;  // no more batches will come
  };

  // Appends to `batch`, and hands it to `queue` once it is full.
  absl::Status Append(Batch* batch, Queue* queue, Item item, absl::string_view id,
                      absl::string_view state) ABSL_LOCKS_EXCLUDED(mu_);
  void Put(Queue* queue, Batch batch) ABSL_LOCKS_EXCLUDED(mu_);
  bool Take(Queue* queue, Batch* batch) ABSL_LOCKS_EXCLUDED(mu_);
  void Fail(const absl::Status& status) ABSL_LOCKS_EXCLUDED(mu_);
  void OpenBatches();
  void Count();

  ReportBuilder* builder_;
  const StateOpenFn* open_;
  Batch filling_;       // for the openers if any, else for the counter
  Batch filling_refs_;  // for the counter
  absl::Mutex mu_;
  Queue sealed_ ABSL_GUARDED_BY(mu_);
  Queue plain_ ABSL_GUARDED_BY(mu_);
  int openers_left_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> openers_;
  std::thread counter_;
};

}  // namespace hromada::report

#endif  // HROMADA_SHARED_REPORT_STATE_PIPE_H_
