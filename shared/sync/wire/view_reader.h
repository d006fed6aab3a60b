// Private to shared/sync/wire/: reading a message held in one flat buffer with
// protobuf's CodedInputStream, taking length-delimited fields as views into
// that buffer instead of copies. Wire decoding is protobuf's; this adds
// only the views and the checks protobuf's own parser makes on them.
#ifndef HROMADA_SHARED_SYNC_WIRE_VIEW_READER_H_
#define HROMADA_SHARED_SYNC_WIRE_VIEW_READER_H_

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <climits>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace hromada::wire::internal {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// A stream over `bytes`, which must outlive it. False (no stream) for a
// buffer larger than protobuf reads.
inline bool FitsStream(absl::string_view bytes) { return bytes.size() <= INT_MAX; }
inline CodedInputStream StreamOver(absl::string_view bytes) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()),
                          static_cast<int>(bytes.size()));
}

// True if `tag` is field `number` with the wire type of `type`. A known
// number with another wire type is an unknown field to protobuf.
inline bool Is(uint32_t tag, int number, WireFormatLite::WireType type) {
  return tag == WireFormatLite::MakeTag(number, type);
}
constexpr auto kVarint = WireFormatLite::WIRETYPE_VARINT;
constexpr auto kFixed64 = WireFormatLite::WIRETYPE_FIXED64;
constexpr auto kDelimited = WireFormatLite::WIRETYPE_LENGTH_DELIMITED;

// The next length-delimited payload of `in` (a stream over `base`) as a
// view into `base`.
inline bool ReadView(CodedInputStream* in, absl::string_view base, absl::string_view* out) {
  uint32_t size = 0;
  if (!in->ReadVarint32(&size) || size > INT_MAX) return false;
  const int at = in->CurrentPosition();
  if (!in->Skip(static_cast<int>(size))) return false;
  *out = base.substr(at, size);
  return true;
}

// Runs `read()` over the next length-delimited sub-message of `in`, inside
// its limit: one stream for the whole message, none per sub-message.
template <typename Read>
bool ReadNested(CodedInputStream* in, Read&& read) {
  uint32_t size = 0;
  if (!in->ReadVarint32(&size) || static_cast<int64_t>(size) > in->BytesUntilLimit()) {
    return false;
  }
  const CodedInputStream::Limit limit = in->PushLimit(static_cast<int>(size));
  const bool ok = read() && in->ConsumedEntireMessage();
  in->PopLimit(limit);
  return ok;
}

}  // namespace hromada::wire::internal

#endif  // HROMADA_SHARED_SYNC_WIRE_VIEW_READER_H_
