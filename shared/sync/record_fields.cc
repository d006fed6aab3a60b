#include "shared/sync/record_fields.h"

namespace hromada {

const v1::Value* FindField(const v1::Record& record, absl::string_view name) {
  for (const v1::Field& f : record.fields()) {
    if (f.name() == name) return &f.value();
  }
  return nullptr;
}

absl::string_view TextOf(const v1::Record& record, absl::string_view name) {
  const v1::Value* v = FindField(record, name);
  return v != nullptr && v->v_case() == v1::Value::kText ? absl::string_view(v->text()) : "";
}

}  // namespace hromada
