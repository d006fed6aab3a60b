#include "client/src/transport/grpc_frame.h"

#include <zlib.h>

#include "absl/strings/str_cat.h"

namespace hromada {
namespace {

constexpr size_t kHeaderSize = 5;
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

}  // namespace

absl::StatusOr<std::string> Gzip(absl::string_view data) {
  z_stream z{};
  // Level 1: on a 2-core device the CPU costs more than the few bytes saved.
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("cannot start gzip");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return absl::InternalError("gzip failed");
  return out;
}

absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_size) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) return absl::InternalError("cannot start gunzip");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - z.avail_out);
    if (out.size() > max_size) rc = Z_MEM_ERROR;
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) rc = Z_DATA_ERROR;  // truncated
  }
  inflateEnd(&z);
  if (out.size() > max_size) {
    return absl::ResourceExhaustedError(
        absl::StrCat("a message inflates past ", max_size, " bytes"));
  }
  if (rc != Z_STREAM_END) return absl::InternalError("a gzip message is corrupt");
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
