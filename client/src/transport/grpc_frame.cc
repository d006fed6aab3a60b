#include "client/src/transport/grpc_frame.h"

#include "absl/strings/str_cat.h"
#include "shared/base/deflate.h"

namespace hromada {
namespace {

constexpr size_t kHeaderSize = 5;

}  // namespace

absl::StatusOr<std::string> Gzip(absl::string_view data) {
  return Deflate(data, DeflateWrap::kGzip);
}

absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_size) {
  absl::StatusOr<std::string> out = BoundedInflate(data, max_size, DeflateWrap::kGzip);
  if (absl::IsInvalidArgument(out.status())) {
    // A corrupt answer is the server's fault, not the caller's argument.
    return absl::InternalError("a gzip message is corrupt");
  }
  return out;
}

std::string EncodeGrpcFrame(absl::string_view message, bool compress) {
  std::string payload;
  if (compress) {
    absl::StatusOr<std::string> zipped = Gzip(message);
    if (zipped.ok()) payload = *std::move(zipped);
    compress = zipped.ok();
  }
  absl::string_view body = compress ? absl::string_view(payload) : message;
  std::string frame;
  frame.reserve(kHeaderSize + body.size());
  frame.push_back(compress ? 1 : 0);
  const uint32_t n = static_cast<uint32_t>(body.size());
  for (int shift = 24; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(n >> shift));
  frame.append(body.data(), body.size());
  return frame;
}

absl::Status GrpcFrameDecoder::Feed(absl::string_view bytes) {
  buffer_.append(bytes.data(), bytes.size());
  size_t pos = 0;
  while (buffer_.size() - pos >= kHeaderSize) {
    const auto* h = reinterpret_cast<const unsigned char*>(buffer_.data() + pos);
    const uint32_t n =
        (uint32_t{h[1]} << 24) | (uint32_t{h[2]} << 16) | (uint32_t{h[3]} << 8) | h[4];
    if (n > max_message_size_) {
      return absl::InternalError(absl::StrCat("a response frame of ", n, " bytes is too large"));
    }
    if (buffer_.size() - pos - kHeaderSize < n) break;
    absl::string_view body(buffer_.data() + pos + kHeaderSize, n);
    if (h[0] == 1) {
      absl::StatusOr<std::string> plain = Gunzip(body, max_message_size_);
      if (!plain.ok()) return absl::InternalError(plain.status().message());
      messages_.push_back(*std::move(plain));
    } else {
      messages_.emplace_back(body);
    }
    pos += kHeaderSize + n;
  }
  buffer_.erase(0, pos);
  return absl::OkStatus();
}

std::vector<std::string> GrpcFrameDecoder::TakeMessages() {
  std::vector<std::string> out;
  out.swap(messages_);
  return out;
}

}  // namespace hromada
