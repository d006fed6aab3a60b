// The C API's records (hromada/hromada.h): hromada_get and hromada_list
// copy records out of the Client; typed getters read the copies.
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "client/src/c_api_internal.h"
#include "client/src/store/values.h"
#include "hromada/client.h"
#include "hromada/hromada.h"

struct hromada_records {
  std::vector<hromada_record> records;
};

hromada_record::hromada_record(hromada::RecordView v) : view(std::move(v)) {
  names.reserve(view.fields.size());
  for (const auto& [name, value] : view.fields) names.push_back(&name);
}

namespace hromada::capi {
namespace {

// hromada_value_type is the index of the type in hromada::Value.
template <hromada_value_type c, typename T>
constexpr bool kSameType = std::is_same_v<std::variant_alternative_t<c, Value>, T>;
static_assert(kSameType<HROMADA_VALUE_UNSET, Null>);
static_assert(kSameType<HROMADA_VALUE_TEXT, std::string>);
static_assert(kSameType<HROMADA_VALUE_INT, int64_t>);
static_assert(kSameType<HROMADA_VALUE_REAL, double>);
static_assert(kSameType<HROMADA_VALUE_BOOL, bool>);
static_assert(kSameType<HROMADA_VALUE_REF, Ref>);
static_assert(std::variant_size_v<Value> == HROMADA_VALUE_REF + 1);

template <typename T, size_t I = 0>
constexpr size_t IndexOf() {
  if constexpr (std::is_same_v<std::variant_alternative_t<I, Value>, T>) {
    return I;
  } else {
    return IndexOf<T, I + 1>();
  }
}

const char* TypeName(size_t index) {
  static constexpr const char* kNames[] = {"nothing",  "text",   "a whole number",
                                           "a number", "yes/no", "a record id"};
  return kNames[index];
}

// The value of `field` as a T: NOT_FOUND if unset, INVALID_ARGUMENT if it
// holds another type or an argument is NULL.
template <typename T>
absl::StatusOr<const T*> Typed(const hromada_record* r, const char* field, const void* out) {
  if (absl::Status s = Need({{r, "record"}, {field, "field"}, {out, "out"}}); !s.ok()) return s;
  auto it = r->view.fields.find(field);
  if (it == r->view.fields.end() || std::holds_alternative<Null>(it->second)) {
    return absl::NotFoundError(absl::StrCat("'", field, "' is not set"));
  }
  const T* value = std::get_if<T>(&it->second);
  if (value == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", field, "' holds ", TypeName(it->second.index()), ", not ", TypeName(IndexOf<T>())));
  }
  return value;
}

// Reads `field` as a T and, on success, stores what `store` makes of it.
template <typename T, typename Store>
int Get(const hromada_record* r, const char* field, const void* out, Store&& store) {
  return Run([&]() -> absl::Status {
    absl::StatusOr<const T*> value = Typed<T>(r, field, out);
    if (!value.ok()) return value.status();
    return store(**value);
  });
}

}  // namespace
}  // namespace hromada::capi

using hromada::capi::ClearOut;
using hromada::capi::Get;
using hromada::capi::Need;
using hromada::capi::Run;

extern "C" {

int hromada_get(hromada_client* c, const char* kind, const char* id, hromada_record** out) {
  ClearOut(out);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {id, "id"}, {out, "out"}}); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::optional<hromada::RecordView>> r = c->client->Get(kind, id);
    if (!r.ok()) return r.status();
    if (!r->has_value()) return absl::NotFoundError(absl::StrCat("there is no ", kind, " ", id));
    *out = new hromada_record(**std::move(r));
    return absl::OkStatus();
  });
}

void hromada_record_free(hromada_record* record) { delete record; }

int hromada_list(hromada_client* c, const char* kind, hromada_records** out) {
  ClearOut(out);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {out, "out"}}); !s.ok()) return s;
    auto list = std::make_unique<hromada_records>();
    absl::Status s = c->client->ForEach(kind, [&](const hromada::RecordView& r) {
      list->records.emplace_back(r);
      return true;
    });
    if (!s.ok()) return s;
    *out = list.release();
    return absl::OkStatus();
  });
}

size_t hromada_records_count(const hromada_records* records) {
  return records ? records->records.size() : 0;
}

const hromada_record* hromada_records_at(const hromada_records* records, size_t i) {
  if (records == nullptr || i >= records->records.size()) return nullptr;
  return &records->records[i];
}

void hromada_records_free(hromada_records* records) { delete records; }

const char* hromada_record_kind(const hromada_record* r) { return r ? r->view.kind.c_str() : ""; }
const char* hromada_record_id(const hromada_record* r) { return r ? r->view.id.c_str() : ""; }
const char* hromada_record_community_id(const hromada_record* r) {
  return r ? r->view.community_id.c_str() : "";
}
int64_t hromada_record_updated_ms(const hromada_record* r) { return r ? r->view.updated_ms : 0; }

size_t hromada_record_field_count(const hromada_record* r) { return r ? r->names.size() : 0; }

const char* hromada_record_field_name(const hromada_record* r, size_t i) {
  if (r == nullptr || i >= r->names.size()) return nullptr;
  return r->names[i]->c_str();
}

hromada_value_type hromada_record_field_type(const hromada_record* r, const char* field) {
  if (r == nullptr || field == nullptr) return HROMADA_VALUE_UNSET;
  auto it = r->view.fields.find(field);
  if (it == r->view.fields.end()) return HROMADA_VALUE_UNSET;
  return static_cast<hromada_value_type>(it->second.index());
}

int hromada_record_is_set(const hromada_record* r, const char* field) {
  return hromada_record_field_type(r, field) != HROMADA_VALUE_UNSET;
}

int hromada_record_get_text(const hromada_record* r, const char* field, const char** out,
                            size_t* out_len) {
  return Get<std::string>(r, field, out, [&](const std::string& text) {
    *out = text.c_str();
    if (out_len != nullptr) *out_len = text.size();
    return absl::OkStatus();
  });
}

int hromada_record_get_int(const hromada_record* r, const char* field, int64_t* out) {
  return Get<int64_t>(r, field, out, [&](int64_t n) {
    *out = n;
    return absl::OkStatus();
  });
}

int hromada_record_get_real(const hromada_record* r, const char* field, double* out) {
  return Get<double>(r, field, out, [&](double x) {
    *out = x;
    return absl::OkStatus();
  });
}

int hromada_record_get_bool(const hromada_record* r, const char* field, int* out) {
  return Get<bool>(r, field, out, [&](bool b) {
    *out = b ? 1 : 0;
    return absl::OkStatus();
  });
}

int hromada_record_get_date(const hromada_record* r, const char* field, int* year, int* month,
                            int* day) {
  const void* outs = (year && month && day) ? year : nullptr;  // all three are needed
  return Get<std::string>(r, field, outs, [&](const std::string& text) {
    absl::CivilDay date;
    if (text.size() != 10 || !absl::ParseCivilTime(text, &date) ||
        absl::FormatCivilTime(date) != text) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", field, "' holds \"", text, "\", not a date YYYY-MM-DD"));
    }
    *year = static_cast<int>(date.year());
    *month = date.month();
    *day = date.day();
    return absl::OkStatus();
  });
}

int hromada_record_get_ref(const hromada_record* r, const char* field, const char** out_id) {
  return Get<hromada::Ref>(r, field, out_id, [&](const hromada::Ref& ref) {
    *out_id = ref.id.c_str();
    return absl::OkStatus();
  });
}

int hromada_record_get_ref_bytes(const hromada_record* r, const char* field, uint8_t out[16]) {
  return Get<hromada::Ref>(r, field, out, [&](const hromada::Ref& ref) -> absl::Status {
    absl::StatusOr<std::string> bytes = hromada::client::ParseId(ref.id, field);
    if (!bytes.ok()) return bytes.status();
    std::memcpy(out, bytes->data(), bytes->size());
    return absl::OkStatus();
  });
}

}  // extern "C"
