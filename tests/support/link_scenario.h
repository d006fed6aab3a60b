// The link scenario of issue 8, shared by the soak tests and hromada-bench:
// one device pushes N records through a shaped link (shaping_proxy.h) to
// the real server, then a fresh device pulls them through the same kind of
// link. Each run makes a community of its own, so that its devices move
// only its records. Each leg syncs again after a sync that gave up (as a
// person would press sync again), until it finishes or `give_up_after`
// passes.
//
// Not thread-safe; runs its own proxy threads.
#ifndef HROMADA_TESTS_SUPPORT_LINK_SCENARIO_H_
#define HROMADA_TESTS_SUPPORT_LINK_SCENARIO_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hromada/client.h"
#include "tests/support/server_process.h"
#include "tests/support/shaping_proxy.h"

namespace hromada::test {

struct LinkLeg {
  bool finished = false;
  int syncs = 0;    // Sync() calls, the last one successful if finished
  int retries = 0;  // calls retried within them
  double seconds = 0;
  // Bytes the proxy delivered (all HTTP/2 and gRPC bytes, what a cut
  // wasted included), and what the client counted.
  int64_t wire_up = 0;
  int64_t wire_down = 0;
  uint64_t client_up = 0;
  uint64_t client_down = 0;
  uint64_t records = 0;  // pushed (acked) or pulled
};

struct LinkScenarioResult {
  LinkLeg push;
  LinkLeg pull;
  int cuts = 0;
  int stalls = 0;
  uint64_t persons_on_reader = 0;  // records of the scenario the reader holds
};

struct LinkScenarioOptions {
  LinkProfile profile;
  int records = 10000;
  std::string work_dir;                              // profiles go here
  absl::Duration give_up_after = absl::Minutes(30);  // per leg
  // Told every progress report of both legs (e.g. to log pages and cuts).
  std::function<void(const SyncProgress&)> on_progress;
};

// INTERNAL if the server refuses the admin commands or a device fails in a
// way a link cannot explain; a leg that did not finish in time is reported
// with finished = false, not as an error.
absl::StatusOr<LinkScenarioResult> RunLinkScenario(ServerProcess& server,
                                                   const LinkScenarioOptions& options);

}  // namespace hromada::test

#endif  // HROMADA_TESTS_SUPPORT_LINK_SCENARIO_H_
