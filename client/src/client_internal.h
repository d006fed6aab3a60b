// The seams of hromada::Client for hromada's own tests and CLI; not
// installed. A test opens a Client with a fake clock, a faulty or
// in-process transport, or a quick retry policy:
//
//   ClientOptions options;
//   options.clock = &manual_clock;
//   options.transport_factory = [&](const std::string& url) { ... };
//   auto client = Client::Open(path, options);
//
// and reads a report as the struct the server also builds
// (Client::BuildReport, shared/report/report.h). Apps use ClientSettings
// and Client::RenderReport from hromada/client.h instead.
#ifndef HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_
#define HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/src/store/monotonic_clock.h"
#include "client/src/transport/retry.h"
#include "client/src/transport/transport.h"
#include "hromada/client.h"
#include "shared/base/clock.h"
#include "shared/report/report.h"

namespace hromada {

using TransportFactory =
    std::function<absl::StatusOr<std::unique_ptr<Transport>>(const std::string& server_url)>;

// ClientSettings plus the seams. Value type; the borrowed clock must
// outlive every Client opened with it.
struct ClientOptions : ClientSettings {
  // The device's physical clock. nullptr: the system clock.
  const Clock* clock = nullptr;
  // Its monotonic clock with the boot id. nullptr: the system's.
  const client::MonotonicClock* monotonic_clock = nullptr;
  // Makes the transport to a server URL. Empty: CurlTransport (gRPC over
  // libcurl, gzip). Called once per Enrol, twice per Sync (the second
  // connection prefetches pull pages).
  TransportFactory transport_factory;
  // Backoff for retried calls. nullptr: the transport's defaults.
  std::shared_ptr<const RetryPolicy> retry_policy;
  // Argon2id cost for a passphrase wrapping a new key (or a new
  // passphrase). 0: the defaults of client/src/crypto/key_store.h.
  uint64_t kdf_opslimit = 0;
  size_t kdf_memlimit = 0;
  // Times calls for the sync's link budgets (client/src/sync/link_budget.h), so
  // a test can play a slow link on a fake clock. Empty: a steady clock.
  std::function<absl::Time()> link_clock;
};

// For hromada's tests: a fixed passphrase with the cheapest Argon2id
// limits libsodium allows, so opening a profile costs nothing.
inline constexpr char kTestPassphrase[] = "correct horse battery staple";
inline ClientOptions WithTestKey(ClientOptions options = {}) {
  options.passphrase = kTestPassphrase;
  options.kdf_opslimit = 1;     // crypto_pwhash_OPSLIMIT_MIN
  options.kdf_memlimit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
  return options;
}

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_
