// The seams of hromada::Client for hromada's own tests and CLI; not
// installed, and nothing here is exported from libhromada-client.so (the
// CLI and tests link the static library). A test opens a Client with a
// fake clock, a faulty or in-process transport, or a quick retry policy:
//
//   ClientOptions options = WithTestKey();
//   options.clock = &manual_clock;
//   options.transport_factory = [&](const std::string& url) { ... };
//   absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(path, options);
//
// and reads a report as the struct the server also builds (BuildReport,
// shared/report/report.h). Apps use Client::Open with ClientSettings and
// Client::RenderReport from hromada/client.h instead.
//
// Thread-safety as hromada/client.h says: ClientOptions is a value, the
// functions are safe to call from any thread.
#ifndef HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_
#define HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_

#include <cstddef>
#include <cstdint>
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

// The public settings plus the seams. Value type; the borrowed clocks must
// outlive every Client opened with them. The settings are a member, not a
// base, so a ClientOptions cannot be handed to Client::Open by mistake
// (it would bind to the settings alone and drop the seams unseen).
struct ClientOptions {
  ClientSettings settings;
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

// Client::Open(profile_path, options.settings) with the seams of `options`;
// the same errors.
absl::StatusOr<std::unique_ptr<Client>> OpenClient(const std::string& profile_path,
                                                   const ClientOptions& options);

// The report over `client`'s local records as the struct RenderReport
// renders (to inspect it, or render it in a format the C++ API does not
// offer). INVALID_ARGUMENT for bad dates or community id.
absl::StatusOr<Report> BuildReport(Client& client, const ReportQuery& query);

// For hromada's tests: a fixed passphrase with the cheapest Argon2id
// limits libsodium allows, so opening a profile costs nothing.
inline constexpr char kTestPassphrase[] = "correct horse battery staple";
inline ClientOptions WithTestKey(ClientOptions options = {}) {
  options.settings.passphrase = kTestPassphrase;
  options.kdf_opslimit = 1;     // crypto_pwhash_OPSLIMIT_MIN
  options.kdf_memlimit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
  return options;
}

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_CLIENT_INTERNAL_H_
