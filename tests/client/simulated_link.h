// SimulatedLink: a field link on a fake clock, between the client library
// and a transport to the server (LocalServer): `rate` bytes/s each way, a
// round trip, a fresh connection per call (one more round trip), and a link
// that is up for `up` then down for `down`, again and again. A call that
// outlives the link is cut where the link went down, and the bytes that had
// crossed by then are reported, as a real transport reports them; a cut
// after the request arrived loses only the answer. Deterministic: the clock
// moves only by what the link takes, and by Sleep (the retry pauses).
//
// Thread-safe (the engine's prefetch and push threads call it); calls are
// serialized, as on one radio.
#ifndef HROMADA_TESTS_CLIENT_SIMULATED_LINK_H_
#define HROMADA_TESTS_CLIENT_SIMULATED_LINK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/src/transport/transport.h"

namespace hromada::test {

struct LinkProfile {
  double rate = 8000;  // bytes/s each way (64 kbit/s)
  absl::Duration rtt = absl::Milliseconds(500);
  absl::Duration up = absl::InfiniteDuration();
  absl::Duration down = absl::Seconds(2);
  uint64_t header_bytes = 150;  // HTTP/2 headers each way, per call
};

class SimulatedLink final : public Transport {
 public:
  // One attempt, as the link saw it.
  struct Attempt {
    std::string method;
    size_t size = 0;  // a Push's request bytes; a Pull's max_bytes
    bool ok = false;
  };

  SimulatedLink(Transport* server, LinkProfile profile)
      : server_(server), profile_(profile), now_(absl::UnixEpoch()) {}

  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override;

  absl::Time Now() const;
  void Sleep(absl::Duration pause);

  uint64_t bytes_up() const;
  uint64_t bytes_down() const;
  std::vector<Attempt> attempts() const;

 private:
  // The end of the up period `at` falls in; InfiniteFuture if the link
  // never goes down. `at` inside a down period: `at` itself.
  absl::Time UpUntil(absl::Time at) const;

  Transport* const server_;
  const LinkProfile profile_;
  mutable absl::Mutex mu_;
  absl::Mutex call_mu_;  // one call on the link at a time
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  uint64_t up_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t down_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_CLIENT_SIMULATED_LINK_H_
