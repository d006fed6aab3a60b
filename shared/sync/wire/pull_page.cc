#include "shared/sync/wire/pull_page.h"

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "hromada/v1/sync.pb.h"
#include "shared/sync/wire/view_reader.h"

namespace hromada::wire {
namespace {

using internal::CodedInputStream;
using internal::FitsStream;
using internal::Is;
using internal::kDelimited;
using internal::kVarint;
using internal::ReadView;
using internal::StreamOver;
using internal::WireFormatLite;
using Response = v1::PullResponse;

absl::Status Malformed() {
  return absl::InternalError("the server's answer to Pull is unreadable");
}

}  // namespace

std::string WritePullPage(const std::vector<std::string>& records, uint64_t next_cursor, bool more,
                          int64_t server_time_ms) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Fields in number order, zero scalars left out, as protobuf writes them.
    for (const std::string& record : records) {
      WireFormatLite::WriteBytes(Response::kRecordsFieldNumber, record, &coded);
    }
    if (next_cursor != 0) {
      WireFormatLite::WriteUInt64(Response::kNextCursorFieldNumber, next_cursor, &coded);
    }
    if (more) WireFormatLite::WriteBool(Response::kMoreFieldNumber, more, &coded);
    if (server_time_ms != 0) {
      WireFormatLite::WriteInt64(Response::kServerTimeMsFieldNumber, server_time_ms, &coded);
    }
  }
  return out;
}

absl::Status ReadPullPage(std::string bytes, PullPage* page) {
  *page = PullPage();
  page->bytes = std::move(bytes);
  const absl::string_view base = page->bytes;
  if (!FitsStream(base)) return Malformed();
  CodedInputStream in = StreamOver(base);
  while (const uint32_t tag = in.ReadTag()) {
    uint64_t value = 0;
    if (Is(tag, Response::kRecordsFieldNumber, kDelimited)) {
      if (!ReadView(&in, base, &page->records.emplace_back())) return Malformed();
    } else if (Is(tag, Response::kNextCursorFieldNumber, kVarint)) {
      if (!in.ReadVarint64(&page->next_cursor)) return Malformed();
    } else if (Is(tag, Response::kMoreFieldNumber, kVarint)) {
      if (!in.ReadVarint64(&value)) return Malformed();
      page->more = value != 0;
    } else if (Is(tag, Response::kServerTimeMsFieldNumber, kVarint)) {
      if (!in.ReadVarint64(&value)) return Malformed();
      page->server_time_ms = static_cast<int64_t>(value);
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return Malformed();
    }
  }
  if (!in.ConsumedEntireMessage()) return Malformed();
  return absl::OkStatus();
}

}  // namespace hromada::wire
