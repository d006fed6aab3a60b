// The free functions of the public hromada/record.h.
#include "hromada/record.h"

#include "absl/strings/str_cat.h"
#include "client/src/store/values.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"

namespace hromada {

std::string ValueToText(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* n = std::get_if<int64_t>(&value)) return absl::StrCat(*n);
  if (const auto* x = std::get_if<double>(&value)) return absl::StrCat(*x);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
  if (const auto* ref = std::get_if<Ref>(&value)) return ref->id;
  return "";
}

absl::StatusOr<std::string> AttendanceId(absl::string_view meeting_id,
                                         absl::string_view person_id) {
  absl::StatusOr<std::string> meeting = client::ParseId(meeting_id, "meeting");
  if (!meeting.ok()) return meeting.status();
  absl::StatusOr<std::string> person = client::ParseId(person_id, "person");
  if (!person.ok()) return person.status();
  return Uuid::V5(HromadaNamespace(), *meeting + *person).ToString();
}

std::string NewRecordId() { return Uuid::V7(SystemClock::Get().NowMillis()).ToString(); }

}  // namespace hromada
