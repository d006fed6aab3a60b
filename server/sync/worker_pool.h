// A fixed set of threads running queued tasks. gRPC's callback handlers
// must not block, while a push waits for fsync: handlers hand their work to
// this pool, whose bounded queue is the server's back-pressure.
//
// Thread-safe.
#ifndef HROMADA_SERVER_SYNC_WORKER_POOL_H_
#define HROMADA_SERVER_SYNC_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace hromada::server {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queued);
  // Runs what is queued, then joins the threads.
  ~WorkerPool();

  // Queues `task`; false (task dropped) when the queue is full.
  bool TrySubmit(std::function<void()> task);

 private:
  void Run();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  }

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_WORKER_POOL_H_
