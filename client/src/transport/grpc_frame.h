// gRPC's length-prefixed message framing (1 flag byte, 4-byte big-endian
// length, message), with gzip message compression, for the field client's
// libcurl transport. grpc++ does this itself on the server.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_GRPC_FRAME_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_GRPC_FRAME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

// One frame holding `message`, gzip-compressed when `compress` is true.
std::string EncodeGrpcFrame(absl::string_view message, bool compress);

absl::StatusOr<std::string> Gzip(absl::string_view data);
// Fails with RESOURCE_EXHAUSTED past `max_size` bytes of output.
absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_size);

// Splits a byte stream into messages, decompressing gzip frames. Feed it
// the body as it arrives. Thread-compatible.
class GrpcFrameDecoder {
 public:
  explicit GrpcFrameDecoder(size_t max_message_size) : max_message_size_(max_message_size) {}

  // INTERNAL on a frame that is too large or does not decompress; the
  // decoder is unusable after an error.
  absl::Status Feed(absl::string_view bytes);
  // Messages completed so far, in order; the decoder forgets them.
  std::vector<std::string> TakeMessages();
  // True if bytes of an unfinished frame are buffered.
  bool partial() const { return !buffer_.empty(); }

 private:
  size_t max_message_size_;
  std::string buffer_;
  std::vector<std::string> messages_;
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_GRPC_FRAME_H_
