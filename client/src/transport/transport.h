// The transport seam of the field client: one unary gRPC call, as bytes.
// CurlTransport speaks gRPC over libcurl; tests wrap it to inject faults.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_TRANSPORT_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hromada {

// Bytes that crossed the wire for one call: gRPC frames plus HTTP headers.
struct CallBytes {
  uint64_t up = 0;
  uint64_t down = 0;
};

struct CallOptions {
  std::string token;  // sent as `authorization: Bearer <token>` unless empty
  absl::Duration deadline = absl::Seconds(30);
  // If set, told while the call runs, on the calling thread, what has
  // crossed the wire so far (totals of this call, never decreasing), so
  // that progress moves within a long call. A transport may never call it.
  std::function<void(const CallBytes&)> on_progress;
};

// Thread-compatible: one caller at a time per instance.
class Transport {
 public:
  virtual ~Transport() = default;

  // Calls `/hromada.v1.Sync/<method>` with one serialized request message
  // and returns the serialized response message. A non-OK gRPC status
  // comes back as an absl::Status with the same code and the decoded
  // grpc-message; a connection that fails or a deadline that passes is
  // UNAVAILABLE or DEADLINE_EXCEEDED. `bytes`, if given, receives what
  // crossed the wire (also on failure).
  virtual absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                           const CallOptions& options, CallBytes* bytes) = 0;
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_TRANSPORT_H_
