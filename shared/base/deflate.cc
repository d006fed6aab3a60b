#include "shared/base/deflate.h"

#include <zlib.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace hromada {
namespace {

int WindowBits(DeflateWrap wrap) { return wrap == DeflateWrap::kGzip ? 16 + MAX_WBITS : MAX_WBITS; }

constexpr size_t kChunk = 64 * 1024;

}  // namespace

absl::StatusOr<std::string> Deflate(absl::string_view data, DeflateWrap wrap) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, WindowBits(wrap), 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("cannot start deflate");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return absl::InternalError("deflate failed");
  return out;
}

absl::StatusOr<std::string> BoundedInflate(absl::string_view data, size_t max_size,
                                           DeflateWrap wrap) {
  z_stream z{};
  if (inflateInit2(&z, WindowBits(wrap)) != Z_OK)
    return absl::InternalError("cannot start inflate");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[kChunk];
  int rc = Z_OK;
  bool too_large = false;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    const size_t produced = sizeof(chunk) - z.avail_out;
    if (out.size() + produced > max_size) {
      too_large = true;  // checked before appending: memory stays bounded
      break;
    }
    out.append(chunk, produced);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) rc = Z_DATA_ERROR;  // truncated
  }
  // gzip may legally carry trailing members; deflated_changes may not.
  const bool trailing = wrap == DeflateWrap::kZlib && rc == Z_STREAM_END && z.avail_in != 0;
  inflateEnd(&z);
  if (too_large) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the data inflates past ", max_size, " bytes"));
  }
  if (rc != Z_STREAM_END || trailing)
    return absl::InvalidArgumentError("not a valid deflate stream");
  return out;
}

}  // namespace hromada
