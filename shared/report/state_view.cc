#include "shared/report/state_view.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace hromada::report {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

// Wire field numbers of record.proto.
enum : int { kRecordId = 2, kRecordCommunity = 3, kRecordFields = 6, kRecordDeletedHlc = 7 };
enum : int { kFieldName = 1, kFieldValue = 2 };

// The next length-delimited payload as a view into the input buffer.
bool ReadBytes(CodedInputStream* in, absl::string_view* out) {
  uint32_t size = 0;
  if (!in->ReadVarint32(&size)) return false;
  if (size == 0) {
    *out = {};
    return true;
  }
  const void* data = nullptr;
  int available = 0;
  if (!in->GetDirectBufferPointer(&data, &available) || static_cast<uint32_t>(available) < size) {
    return false;
  }
  *out = absl::string_view(static_cast<const char*>(data), size);
  return in->Skip(static_cast<int>(size));
}

// Runs `read` over the next length-delimited sub-message of `in`, inside
// its limit: one stream for the whole record, no stream per sub-message.
template <typename Read>
bool ReadNested(CodedInputStream* in, Read&& read) {
  uint32_t size = 0;
  if (!in->ReadVarint32(&size)) return false;
  const CodedInputStream::Limit limit = in->PushLimit(static_cast<int>(size));
  const bool ok = read() && in->ConsumedEntireMessage();
  in->PopLimit(limit);
  return ok;
}

bool ReadValue(CodedInputStream* in, ValueView* v) {
  while (const uint32_t tag = in->ReadTag()) {
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    uint64_t raw = 0;
    v->kind = static_cast<v1::Value::VCase>(number);
    switch (number) {
      case v1::Value::kText:
      case v1::Value::kRef:
        if (!ReadBytes(in, &v->bytes)) return false;
        break;
      case v1::Value::kInteger:
        if (!in->ReadVarint64(&raw)) return false;
        v->integer = WireFormatLite::ZigZagDecode64(raw);
        break;
      case v1::Value::kReal:
        if (!in->ReadLittleEndian64(&raw)) return false;
        v->real = WireFormatLite::DecodeDouble(raw);
        break;
      case v1::Value::kFlag:
        if (!in->ReadVarint64(&raw)) return false;
        v->flag = raw != 0;
        break;
      default:
        v->kind = v1::Value::V_NOT_SET;
        if (!WireFormatLite::SkipField(in, tag)) return false;
    }
  }
  return true;
}

bool ReadField(CodedInputStream* in, FieldView* f) {
  while (const uint32_t tag = in->ReadTag()) {
    switch (WireFormatLite::GetTagFieldNumber(tag)) {
      case kFieldName:
        if (!ReadBytes(in, &f->name)) return false;
        break;
      case kFieldValue:
        if (!ReadNested(in, [&] { return ReadValue(in, &f->value); })) return false;
        break;
      default:
        if (!WireFormatLite::SkipField(in, tag)) return false;
    }
  }
  return true;
}

}  // namespace

bool ReadState(absl::string_view state, StateView* out) {
  *out = StateView{{}, {}, false, std::move(out->fields)};
  out->fields.clear();
  uint64_t deleted_hlc = 0;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(state.data()),
                      static_cast<int>(state.size()));
  while (const uint32_t tag = in.ReadTag()) {
    switch (WireFormatLite::GetTagFieldNumber(tag)) {
      case kRecordId:
        if (!ReadBytes(&in, &out->id)) return false;
        break;
      case kRecordCommunity:
        if (!ReadBytes(&in, &out->community_id)) return false;
        break;
      case kRecordFields:
        out->fields.emplace_back();
        if (!ReadNested(&in, [&] { return ReadField(&in, &out->fields.back()); })) return false;
        break;
      case kRecordDeletedHlc:
        if (!in.ReadVarint64(&deleted_hlc)) return false;
        break;
      default:
        if (!WireFormatLite::SkipField(&in, tag)) return false;
    }
  }
  out->deleted = deleted_hlc != 0 && out->fields.empty();
  return in.ConsumedEntireMessage();
}

}  // namespace hromada::report
