// An in-memory stand-in for hromada-server's Sync service, speaking the
// same wire semantics (see proto/hromada/v1/sync.proto and the server's
// push/pull): enrolment codes, per-device acked_through with dedup of
// retried pushes, rejections that count as handled, gap and size refusals,
// scope, and byte-bounded pull pages in updated_seq order. For the client
// library's unit tests only: the real server is tested against in
// tests/integration.
//
// Thread-compatible; tests drive it from one thread.
#ifndef HROMADA_TESTS_CLIENT_FAKE_SERVER_H_
#define HROMADA_TESTS_CLIENT_FAKE_SERVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/src/transport/transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/clock.h"

namespace hromada::test {

class FakeServer {
 public:
  struct Device {
    std::string id;
    std::string token;
    std::vector<std::string> communities;
    v1::Role role = v1::ROLE_FIELD;
    uint64_t acked_through = 0;
  };
  struct Stored {
    v1::Record record;
    uint64_t updated_seq = 0;
  };

  explicit FakeServer(const Clock* clock) : clock_(clock) {}

  // Registers a one-time enrolment code.
  void AddCode(const std::string& code, std::vector<std::string> communities,
               v1::Role role = v1::ROLE_FIELD);
  // Writes a record state as if another device had pushed it.
  void PutRecord(const v1::Record& canonical);

  // Handles one call as the real service would.
  absl::StatusOr<std::string> Handle(absl::string_view method, absl::string_view request,
                                     const CallOptions& options);
  // A transport whose calls go to this server; borrowed, must outlive it.
  std::unique_ptr<Transport> Connect();

  // Knobs.
  size_t max_push_bytes = 1 << 20;  // announced and enforced
  size_t hard_push_bytes = 0;       // if set, enforced instead (a server that lies)
  size_t max_pull_bytes = 64 << 10;
  int64_t max_clock_ahead_ms = 60000;
  // Extra content rule: a non-OK status rejects the change.
  std::function<absl::Status(const v1::Record& change)> reject_if;

  // Observations.
  const std::map<std::pair<std::string, std::string>, Stored>& records() const { return records_; }
  const Device* device(const std::string& id) const;
  int applied_changes() const { return applied_; }  // changes merged (not dedup'd, not refused)
  std::vector<uint64_t> push_first_seqs;            // of every Push handled
  std::vector<uint64_t> pull_cursors;               // of every Pull handled
  int pulled_records = 0;                           // sent in all pages

 private:
  absl::StatusOr<Device*> Authenticate(const CallOptions& options);
  absl::StatusOr<std::string> Enrol(const v1::EnrolRequest& request);
  v1::HandshakeResponse Handshake(const Device& device, const v1::HandshakeRequest& request);
  absl::StatusOr<v1::PushResponse> Push(Device& device, const v1::PushRequest& request,
                                        size_t request_size);
  class Replica;
  absl::Status ApplyChange(const Device& device, v1::Record change);
  v1::PullResponse Pull(const Device& device, const v1::PullRequest& request);
  bool InScope(const Device& device, const v1::Record& record) const;
  void Store(const v1::Record& record);

  const Clock* clock_;
  std::map<std::string, std::pair<std::vector<std::string>, v1::Role>> codes_;
  std::map<std::string, Device> devices_;  // by id
  std::map<std::pair<std::string, std::string>, Stored> records_;
  std::map<uint64_t, std::pair<std::string, std::string>> by_seq_;
  uint64_t seq_ = 0;
  int applied_ = 0;
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

#endif  // HROMADA_TESTS_CLIENT_FAKE_SERVER_H_
