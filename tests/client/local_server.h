// hromada-server's own sync logic (server/sync/sync_logic.h) on a real SQLite
// file, called in process through the transport seam instead of gRPC. The
// client library's unit tests run against it; the real server process is
// tested against in tests/integration. What it adds: knobs a test sets
// (limits, a server that takes less than it announces) and what a test
// observes (calls, pulled records, the stored states).
//
// Thread-compatible; tests drive it from one thread.
#ifndef HROMADA_TESTS_CLIENT_LOCAL_SERVER_H_
#define HROMADA_TESTS_CLIENT_LOCAL_SERVER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "client/src/transport/transport.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/sqlite_store.h"
#include "shared/base/clock.h"

namespace hromada::test {

class LocalServer {
 public:
  struct Stored {
    v1::Record record;
  };

  // A new server database at `db_path`. Borrows `clock`.
  LocalServer(const Clock* clock, const std::string& db_path);

  // Registers a device with a one-time enrolment code.
  void AddCode(const std::string& code, std::vector<std::string> communities,
               v1::Role role = v1::ROLE_FIELD);
  // Merges a record state in as if another device had pushed it.
  void PutRecord(const v1::Record& canonical);

  // Handles one call as the gRPC service would.
  absl::StatusOr<std::string> Handle(absl::string_view method, absl::string_view request,
                                     const CallOptions& options);
  // A transport whose calls go to this server; it must outlive the transport.
  std::unique_ptr<Transport> Connect();

  // Knobs.
  size_t max_push_bytes = 1 << 20;  // announced and enforced
  size_t hard_push_bytes = 0;       // if set, enforced instead (a server that lies)
  size_t max_pull_bytes = 64 << 10;
  int64_t max_clock_ahead_ms = 60000;
  uint64_t max_attachment_bytes = 10 * 1000 * 1000;
  uint32_t max_attachment_chunk_bytes = 64 * 1024;
  // Off: a server from before the one exchange, which answers only the
  // handshake and ignores the push and pull inside it.
  bool one_exchange = true;

  // Observations.
  std::map<std::pair<std::string, std::string>, Stored> records();  // every stored state
  int applied_changes();  // record states written by pushes (not repeats, not refusals)
  std::vector<uint64_t> push_first_seqs;  // of every Push handled
  std::vector<uint64_t> pull_cursors;     // of every pull run, by Pull or inside a Handshake
  int inline_pushes = 0;                  // handshakes that carried a push
  int inline_pulls = 0;                   // handshakes that carried a pull
  int pulled_records = 0;                 // sent in all pages
  std::vector<uint64_t> upload_offsets;   // of every UploadAttachment handled

 private:
  const Clock* clock_;
  std::unique_ptr<server::SqliteStore> store_;
  int seeded_ = 0;  // state writes by PutRecord
};

// Forwards to a borrowed transport, so a test can keep a FaultyTransport
// while the client owns what the factory returns.
class BorrowedTransport final : public Transport {
 public:
  explicit BorrowedTransport(Transport* inner) : inner_(inner) {}
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override {
    return inner_->Call(method, request, options, bytes);
  }

 private:
  Transport* inner_;
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_CLIENT_LOCAL_SERVER_H_
