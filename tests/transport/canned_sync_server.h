// CannedSyncServer: an in-process grpc++ server for the transport tests,
// listening on 127.0.0.1 (cleartext or TLS) on a port of its choosing, with
// responses compressed with gzip by default. It implements hromada.v1.Sync
// with canned behaviour, not the real sync rules:
//   Handshake  UNAUTHENTICATED unless `authorization: Bearer good-token`;
//              answers protocol_version + 1 and pending_records = cursor * 2.
//   Pull       `cursor` records, each with a `notes` text of `max_bytes`
//              compressible bytes.
//   Push       by first_seq: kSleepSeq sleeps past its deadline; kDenySeq
//              answers PERMISSION_DENIED "заборонено: 100%" (trailers-only);
//              else acks through the last change, with server_time_ms set
//              to the byte size of the changes it got.
// and, for unregistered methods, raw handlers that break the unary
// protocol: ErrorAfterBody (one message, then ABORTED in the trailers),
// TwoMessages, NoMessage; anything else is UNIMPLEMENTED.
// Thread-safe; Stop() or the destructor shuts it down.
#ifndef HROMADA_TESTS_TRANSPORT_CANNED_SYNC_SERVER_H_
#define HROMADA_TESTS_TRANSPORT_CANNED_SYNC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace hromada::testing {

inline constexpr char kGoodToken[] = "good-token";
inline constexpr char kDeniedMessage[] = "заборонено: 100%";
inline constexpr char kAbortedMessage[] = "конфлікт: 50% done";
inline constexpr unsigned kSleepSeq = 2;
inline constexpr unsigned kDenySeq = 3;

struct CannedServerOptions {
  // TLS when both are set (PEM text).
  std::string cert_pem;
  std::string key_pem;
  int max_receive_message_bytes = -1;  // -1: grpc's default (4 MiB)
};

// What the handlers saw.
struct Observed {
  int pushes = 0;                   // Push calls that reached a handler
  std::vector<std::string> peers;   // ctx->peer() of each Handshake
  absl::Duration sleeper_deadline;  // time left when the sleeping Push began
  bool sleeper_cancelled = false;   // the server cancelled it at the deadline
  bool sleeper_done = false;
};

class CannedSyncServer {
 public:
  // nullptr if the server cannot start.
  static std::unique_ptr<CannedSyncServer> Start(const CannedServerOptions& options = {});
  ~CannedSyncServer();

  int port() const;
  // http://127.0.0.1:<port> or https://127.0.0.1:<port>.
  std::string url() const;
  Observed observed() const;
  void Stop();

  struct State;

 private:
  explicit CannedSyncServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hromada::testing

#endif  // HROMADA_TESTS_TRANSPORT_CANNED_SYNC_SERVER_H_
