#include "client/src/pulled_page.h"

#include <climits>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace hromada::client {
namespace {

using google::protobuf::internal::WireFormatLite;

// Field numbers of hromada.v1.PullResponse (proto/hromada/v1/sync.proto).
constexpr int kRecords = 1;
constexpr int kNextCursor = 2;
constexpr int kMore = 3;
constexpr int kServerTime = 4;

absl::Status Malformed() {
  return absl::InternalError("the server's answer to Pull is unreadable");
}

}  // namespace

absl::Status DecodePullResponse(std::string bytes, PulledPage* page) {
  page->bytes = std::move(bytes);
  page->records.clear();
  const auto* data = reinterpret_cast<const uint8_t*>(page->bytes.data());
  if (page->bytes.size() > INT_MAX) return Malformed();
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(page->bytes.size()));
  while (const uint32_t tag = in.ReadTag()) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    const auto type = WireFormatLite::GetTagWireType(tag);
    uint64_t value = 0;
    if (field == kRecords && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t size = 0;
      if (!in.ReadVarint32(&size)) return Malformed();
      const int at = in.CurrentPosition();
      if (!in.Skip(static_cast<int>(size))) return Malformed();
      page->records.emplace_back(page->bytes.data() + at, size);
    } else if (type == WireFormatLite::WIRETYPE_VARINT &&
               (field == kNextCursor || field == kMore || field == kServerTime)) {
      if (!in.ReadVarint64(&value)) return Malformed();
      if (field == kNextCursor) page->next_cursor = value;
      if (field == kMore) page->more = value != 0;
      if (field == kServerTime) page->server_time_ms = static_cast<int64_t>(value);
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return Malformed();  // fields a newer server adds are skipped, as protobuf would
    }
  }
  if (!in.ConsumedEntireMessage()) return Malformed();
  return absl::OkStatus();
}

}  // namespace hromada::client
