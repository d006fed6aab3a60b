// Fuzzes the record view (shared/sync/wire/record_view.h) that reports run over
// every stored record. Beyond not crashing: whatever protobuf parses as a
// Record, the view must read the same values.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "hromada/v1/record.pb.h"
#include "shared/sync/wire/record_view.h"

namespace {

using hromada::wire::RecordView;
using hromada::wire::ValueView;

bool SameValue(const hromada::v1::Value& v, const ValueView& got) {
  using V = hromada::v1::Value;
  if (got.kind != v.v_case()) return false;
  switch (v.v_case()) {
    case V::kText:
      return got.text() == v.text();
    case V::kRef:
      return got.ref() == v.ref();
    case V::kInteger:
      return got.integer == v.integer();
    case V::kReal: {
      const double real = v.real();  // bits: NaN reads as NaN
      return std::memcmp(&got.real, &real, sizeof real) == 0;
    }
    case V::kFlag:
      return got.flag == v.flag();
    case V::V_NOT_SET:
      return true;
  }
  return false;
}

bool Same(const hromada::v1::Record& r, const RecordView& got) {
  if (got.kind != r.kind() || got.id != r.id() || got.community_id != r.community_id() ||
      got.hlc != r.hlc() || got.device_id != r.device_id() || got.deleted_hlc != r.deleted_hlc() ||
      got.deleted_device_id != r.deleted_device_id() ||
      got.fields.size() != static_cast<size_t>(r.fields_size())) {
    return false;
  }
  for (int i = 0; i < r.fields_size(); ++i) {
    const auto& f = r.fields(i);
    const auto& g = got.fields[i];
    if (g.name != f.name() || g.hlc != f.hlc() || g.device_id != f.device_id() ||
        !SameValue(f.value(), g.value)) {
      return false;
    }
  }
  return true;
}

}  // namespace

// protobuf logs every string field with invalid UTF-8 it refuses.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  static RecordView* view = new RecordView;  // reused, as the reports do
  const bool read = hromada::wire::ReadRecordView(bytes, view);
  hromada::v1::Record want;
  if (!want.ParseFromString(bytes)) return 0;  // the view does not check UTF-8
  if (!read || !Same(want, *view)) std::abort();
  return 0;
}
