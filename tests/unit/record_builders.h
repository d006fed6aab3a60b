// Small builders of records and changes for the unit tests of shared/.
// Header-only; every function returns a new value.
#ifndef HROMADA_TESTS_UNIT_RECORD_BUILDERS_H_
#define HROMADA_TESTS_UNIT_RECORD_BUILDERS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "hromada/v1/record.pb.h"
#include "shared/sync/merge.h"

namespace hromada {
namespace test {

// A 16-byte id whose bytes are all `n`, so ids order like their numbers.
inline std::string IdOf(int n) { return std::string(16, static_cast<char>(n)); }
inline std::string DeviceId(int n) { return IdOf(n); }

inline const std::string kRecordId = IdOf(0x51);
inline const std::string kCommunity = IdOf(0x61);

inline v1::Value Text(const std::string& text) {
  v1::Value v;
  v.set_text(text);
  return v;
}
inline v1::Value Int(int64_t i) {
  v1::Value v;
  v.set_integer(i);
  return v;
}
inline v1::Value Real(double d) {
  v1::Value v;
  v.set_real(d);
  return v;
}
inline v1::Value Unset() { return v1::Value(); }
inline v1::Value RefTo(const std::string& id) {
  v1::Value v;
  v.set_ref(id);
  return v;
}

using FieldList = std::vector<std::pair<std::string, v1::Value>>;

// A record of any kind at `hlc`, its fields sorted by name as the
// canonical form wants; not stamped (see StampChange).
inline v1::Record RecordOf(const std::string& kind, const std::string& id,
                           const std::string& community, uint64_t hlc, FieldList fields) {
  v1::Record r;
  r.set_kind(kind);
  r.set_id(id);
  r.set_community_id(community);
  r.set_hlc(hlc);
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [name, value] : fields) {
    v1::Field* f = r.add_fields();
    f->set_name(name);
    *f->mutable_value() = std::move(value);
  }
  return r;
}

// A change to the person kRecordId in kCommunity at `hlc`; stamped by
// `device` (StampChange) unless `stamp` is false.
inline v1::Record Change(const std::string& device, uint64_t hlc, const FieldList& fields,
                         bool stamp = true) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(kRecordId);
  r.set_community_id(kCommunity);
  r.set_hlc(hlc);
  for (const auto& [name, value] : fields) {
    v1::Field* f = r.add_fields();
    f->set_name(name);
    *f->mutable_value() = value;
  }
  if (stamp) StampChange(device, &r);
  return r;
}

inline v1::Record DeleteChange(const std::string& device, uint64_t hlc) {
  v1::Record r = Change(device, hlc, {}, /*stamp=*/false);
  r.set_deleted_hlc(hlc);
  StampChange(device, &r);
  return r;
}

// The value of field `name` in `r` as text, for readable expectations.
inline std::string ValueOf(const v1::Record& r, const std::string& name) {
  for (const v1::Field& f : r.fields()) {
    if (f.name() != name) continue;
    switch (f.value().v_case()) {
      case v1::Value::kText:
        return f.value().text();
      case v1::Value::kInteger:
        return absl::StrCat("<int ", f.value().integer(), ">");
      case v1::Value::V_NOT_SET:
        return "<cleared>";
      default:
        return "<other>";
    }
  }
  return "<absent>";
}

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_UNIT_RECORD_BUILDERS_H_
