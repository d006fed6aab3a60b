// The parts of gRPC's HTTP/2 mapping that CurlTransport needs and that are
// pure functions: grpc-timeout encoding, grpc-message decoding, status
// parsing and the HTTP-to-gRPC status mapping of gRPC's
// doc/http-grpc-status-mapping.md. Kept apart so tests can check them
// alone. All functions are thread-safe.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_GRPC_HTTP_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_GRPC_HTTP_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hromada::grpc_http {

// The value of a `grpc-timeout` header for `timeout` (> 0): at most 8
// digits and a unit, rounded up so the server never gets less time than
// the client allows, e.g. "300m", "1u", "27778H".
std::string EncodeTimeout(absl::Duration timeout);

// Decodes the percent-encoding of `grpc-message`. A `%` not followed by
// two hex digits is kept as it is, as gRPC's spec asks.
std::string PercentDecode(absl::string_view encoded);

// The code in a `grpc-status` value; UNKNOWN for anything but 0..16.
absl::StatusCode ParseStatusCode(absl::string_view value);

// The code for an HTTP response that has no grpc-status (e.g. from a proxy).
absl::StatusCode CodeFromHttpStatus(long http_status);

// True if `method` is a plain method name (letters, digits, `_`), safe to
// put in a URL path.
bool IsValidMethodName(absl::string_view method);

}  // namespace hromada::grpc_http

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_GRPC_HTTP_H_
