#include "shared/wire/push_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "shared/deflate.h"

namespace hromada::wire {
namespace {

using google::protobuf::internal::WireFormatLite;
using Request = v1::PushRequest;

constexpr size_t kMaxVarint64Size = 10;

}  // namespace

size_t PushHeadMaxSize() {
  return WireFormatLite::TagSize(Request::kFirstSeqFieldNumber, WireFormatLite::TYPE_UINT64) +
         kMaxVarint64Size;
}

size_t PushChangeSize(size_t change_size) {
  return WireFormatLite::TagSize(Request::kChangesFieldNumber, WireFormatLite::TYPE_MESSAGE) +
         WireFormatLite::LengthDelimitedSize(change_size);
}

std::string WritePushRequest(uint64_t first_seq, const std::vector<std::string>& changes) {
  size_t size = PushHeadMaxSize();
  for (const std::string& change : changes) size += PushChangeSize(change.size());
  std::string out;
  out.reserve(size);
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Fields in number order, a zero scalar left out, as protobuf writes them.
    if (first_seq != 0)
      WireFormatLite::WriteUInt64(Request::kFirstSeqFieldNumber, first_seq, &coded);
    for (const std::string& change : changes) {
      WireFormatLite::WriteBytes(Request::kChangesFieldNumber, change, &coded);
    }
  }
  return out;
}

std::string WriteDeflatedPushRequest(uint64_t first_seq, const std::vector<std::string>& changes) {
  std::string plain = WritePushRequest(first_seq, changes);
  // With first_seq 0 left out, the request is exactly its field-2 entries.
  absl::StatusOr<std::string> deflated = Deflate(WritePushRequest(0, changes), DeflateWrap::kZlib);
  if (!deflated.ok()) return plain;
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    if (first_seq != 0)
      WireFormatLite::WriteUInt64(Request::kFirstSeqFieldNumber, first_seq, &coded);
    WireFormatLite::WriteBytes(Request::kDeflatedChangesFieldNumber, *deflated, &coded);
  }
  return out.size() < plain.size() ? out : plain;
}

}  // namespace hromada::wire
