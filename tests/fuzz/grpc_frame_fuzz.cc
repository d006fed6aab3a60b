// Fuzzes the gRPC frame reader (client/src/transport/grpc_frame.h) with
// whatever a server or a man in the middle may send as a response body,
// gzip frames included, fed in pieces of the sizes the input's first byte
// picks, as the body arrives from libcurl.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/src/transport/grpc_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  const absl::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr size_t kMaxMessage = 1 << 16;
  hromada::GrpcFrameDecoder decoder(kMaxMessage);
  for (size_t at = 0; at < body.size(); at += piece) {
    if (!decoder.Feed(body.substr(at, piece)).ok()) return 0;
    for (const std::string& message : decoder.TakeMessages()) {
      if (message.size() > kMaxMessage) std::abort();
    }
  }
  return 0;
}
