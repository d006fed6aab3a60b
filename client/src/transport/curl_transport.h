// CurlTransport: the field client's Transport, speaking gRPC's wire protocol
// (unary calls, gzip message compression) over HTTP/2 with libcurl, without
// grpc++. `http://` uses cleartext HTTP/2 with prior knowledge (h2c) and a
// fresh connection per call, because libcurl 7.88 breaks a second request on
// a reused h2c connection; `https://` negotiates h2 with ALPN and reuses
// its connection between calls. `https://` honours the usual *_proxy
// environment variables (CONNECT tunnel); `http://` ignores them, as h2c
// cannot cross a forward proxy. Deadlines beyond 24 hours are cut to 24.
// TLS offers its key share on P-256, the group hromada-server takes, so
// that setting up TLS takes one round trip, not two. TLS sessions are not
// kept past the instance: libcurl 7.88 cannot hand one out to be saved,
// and resuming one in TLS 1.3 saves no round trip without early data,
// which it does not send.
//
// Thread-compatible: one call at a time per instance (it owns one libcurl
// easy handle); separate instances may be used from separate threads.
//
// Call() results (see Transport::Call):
//   - a gRPC status from the server (grpc-status in the headers of a
//     trailers-only response or in the trailers) comes back with its code
//     and its percent-decoded grpc-message, even if the connection broke
//     right after it arrived; a whole answer (its message and the stream's
//     proper end) is a success even if the connection closed right after
//     it (libcurl 7.88 then loses the trailer lines: see Finish());
//   - an answer that ends before its trailers (the stream or connection
//     closed mid-answer): UNAVAILABLE, so it is retried;
//   - connect, send and receive failures, and a TLS handshake cut short:
//     UNAVAILABLE, naming the server;
//   - a certificate the options do not trust, a pin that does not match,
//     or a local TLS set-up fault (unreadable CA): FAILED_PRECONDITION, in
//     a sentence, as retrying cannot help;
//   - the deadline passing: DEADLINE_EXCEEDED (the server is told the
//     deadline with grpc-timeout and gives up too);
//   - an HTTP status other than 200 without grpc-status (a proxy, a wrong
//     port): the code of gRPC's HTTP-to-gRPC mapping (404 -> UNIMPLEMENTED,
//     502/503/504/429 -> UNAVAILABLE, ...);
//   - a response that breaks the protocol (not exactly one message on OK,
//     a corrupt or oversized frame): INTERNAL;
//   - a bad method name or token: INVALID_ARGUMENT; a deadline <= 0:
//     DEADLINE_EXCEEDED; in both cases nothing is sent.
//
// CallBytes counts what libcurl reports through its debug callback:
//   up   = request header bytes (as HTTP/1-style text, before HPACK) + the
//          request body (the gRPC frame, compressed if compression is on);
//   down = response header and trailer bytes (same text form) + the
//          response body (gRPC frames as received, before decompression).
// HTTP/2 frame headers, HPACK savings, TLS records and TCP/IP overhead are
// not counted; on a failed call, what crossed before the failure is.
// CallOptions::on_progress is told the same counts from libcurl's progress
// callback while the call runs.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_CURL_TRANSPORT_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_CURL_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/src/transport/transport.h"

namespace hromada {

struct CurlTransportOptions {
  // PEM file of the CA certificates that may sign the server's certificate
  // (https only). Empty: the system's CA store.
  std::string ca_file;
  // The same as PEM text (kept in a profile); used when not empty.
  std::string ca_pem;
  // The server's public key pin in libcurl's form, "sha256//<base64>"
  // (several joined by ';'); checked whatever verify_peer says (https only).
  std::string pinned_public_key;
  // Verify the server's certificate and host name (https only). Turn off
  // only for a test server, or when a pin alone vouches for the server.
  bool verify_peer = true;
  // Allow `http://` to a host other than loopback. Off: Create refuses such
  // a URL with FAILED_PRECONDITION.
  bool allow_cleartext_remote = false;
  // Gzip every request message (`grpc-encoding: gzip`). Off: hromada-server
  // refuses compressed requests, which grpc++ 1.51 would inflate unbounded
  // (docs/security.md); responses still come gzipped.
  bool compress_requests = false;
  // A response message larger than this, compressed or not, fails the call
  // with INTERNAL before it is buffered whole.
  size_t max_response_message_bytes = 16 << 20;
  // Bound on TCP + TLS set-up, within the call's deadline: a dead server is
  // reported UNAVAILABLE this soon even under a long deadline.
  absl::Duration connect_timeout = absl::Seconds(15);
};

class CurlTransport final : public Transport {
 public:
  // `base_url` is `http://host:port` or `https://host:port` (a trailing `/`
  // is allowed; no path, query or user info). INVALID_ARGUMENT for any other
  // URL or an unreadable `ca_file`; FAILED_PRECONDITION if this libcurl
  // lacks HTTP/2 (or TLS, for https), or for `http://` to a host other
  // than loopback without allow_cleartext_remote; INTERNAL if libcurl fails
  // to start.
  static absl::StatusOr<std::unique_ptr<CurlTransport>> Create(std::string base_url,
                                                               CurlTransportOptions options = {});

  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;
  ~CurlTransport() override;

  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override;

  // `host:port`, as named in error messages.
  const std::string& authority() const { return authority_; }

 private:
  struct CurlDeleter {
    void operator()(void* curl) const;
  };

  CurlTransport(std::string base_url, std::string authority, bool tls, CurlTransportOptions options,
                void* curl);

  const std::string base_url_;   // scheme://host:port, no trailing slash
  const std::string authority_;  // host:port
  const bool tls_;
  const CurlTransportOptions options_;
  std::unique_ptr<void, CurlDeleter> curl_;  // CURL*, owned
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_CURL_TRANSPORT_H_
