// zlib's deflate and a bounded inflate, in the two wrappings hromada uses:
// gzip (gRPC message compression, the client's transport) and zlib (the
// PushRequest's deflated_changes, docs/protocol.md). One copy of the zlib
// calls for client and server.
//
// Stateless functions; thread-safe.
#ifndef HROMADA_SHARED_BASE_DEFLATE_H_
#define HROMADA_SHARED_BASE_DEFLATE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

enum class DeflateWrap { kGzip, kZlib };

// `data` deflated at level 1 (on a 2-core device the CPU costs more than the
// few bytes a higher level saves). INTERNAL only if zlib itself fails.
absl::StatusOr<std::string> Deflate(absl::string_view data, DeflateWrap wrap);

// `data` inflated, in chunks: output never grows past `max_size` bytes plus
// one chunk, so a deflate bomb costs at most that much memory and the time
// to inflate `max_size` bytes. RESOURCE_EXHAUSTED once the output would pass
// `max_size`; INVALID_ARGUMENT if `data` is corrupt, truncated or (zlib) followed
// by trailing bytes.
absl::StatusOr<std::string> BoundedInflate(absl::string_view data, size_t max_size,
                                           DeflateWrap wrap);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_DEFLATE_H_
