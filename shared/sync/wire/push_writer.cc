#include "shared/sync/wire/push_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <utility>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/deflate.h"

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

namespace {

// Writes fields with `write`, in number order as protobuf does, onto `out`.
template <typename Write>
void Append(std::string* out, Write write) {
  google::protobuf::io::StringOutputStream stream(out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  write(coded);
}

// first_seq as protobuf writes it: a zero scalar is left out.
void AppendHead(uint64_t first_seq, std::string* out) {
  if (first_seq == 0) return;
  Append(out, [&](auto& coded) {
    WireFormatLite::WriteUInt64(Request::kFirstSeqFieldNumber, first_seq, &coded);
  });
}

// The field-2 entries: a PushRequest with first_seq 0.
std::string Entries(const std::vector<std::string>& changes) {
  size_t size = 0;
  for (const std::string& change : changes) size += PushChangeSize(change.size());
  std::string out;
  out.reserve(size);
  Append(&out, [&](auto& coded) {
    for (const std::string& change : changes) {
      WireFormatLite::WriteBytes(Request::kChangesFieldNumber, change, &coded);
    }
  });
  return out;
}

}  // namespace

std::string WritePushRequest(uint64_t first_seq, const std::vector<std::string>& changes) {
  std::string out;
  AppendHead(first_seq, &out);
  return out + Entries(changes);
}

std::string WriteDeflatedPushRequest(uint64_t first_seq, const std::vector<std::string>& changes) {
  std::string head;
  AppendHead(first_seq, &head);
  const std::string entries = Entries(changes);
  std::string plain = head + entries;
  absl::StatusOr<std::string> deflated = Deflate(entries, DeflateWrap::kZlib);
  if (!deflated.ok()) return plain;
  std::string out = std::move(head);
  Append(&out, [&](auto& coded) {
    WireFormatLite::WriteBytes(Request::kDeflatedChangesFieldNumber, *deflated, &coded);
  });
  return out.size() < plain.size() ? out : plain;
}

}  // namespace hromada::wire
