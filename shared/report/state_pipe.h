// Record states handed from the thread that reads a store to a thread that
// counts them (ReportBuilder::Add), in batches, so reading and counting
// overlap on two cores. Private to shared/report/.
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
  // Close returns).
  explicit StatePipe(ReportBuilder* builder);
  ~StatePipe();  // Close()s if not closed
  StatePipe(const StatePipe&) = delete;
  StatePipe& operator=(const StatePipe&) = delete;

  // Copies one state into the current batch. Returns the counting thread's
  // first error as soon as there is one, so the scan can stop early.
  absl::Status Push(absl::string_view kind, absl::string_view state);
  // Hands over the last batch, waits for the counting thread, and returns
  // its first error.
  absl::Status Close();

 private:
  struct Batch {
    std::string bytes;
    std::vector<std::pair<uint32_t, uint32_t>> items;  // kind index, state size
  };
  void Send(Batch batch);
  void Count();

  ReportBuilder* builder_;
  Batch filling_;
  absl::Mutex mu_;
  std::deque<Batch> queue_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread counter_;
};

}  // namespace hromada::report

#endif  // HROMADA_SHARED_REPORT_STATE_PIPE_H_
