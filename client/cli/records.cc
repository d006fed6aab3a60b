#include "client/cli/records.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/cli/parse.h"
#include "client/src/client_internal.h"
#include "client/src/json.h"
#include "client/src/store/values.h"
#include "shared/base/clock.h"
#include "shared/cli/dates.h"

namespace hromada::cli {

std::string TextOf(const RecordView& record, absl::string_view field) {
  auto it = record.fields.find(std::string(field));
  return it == record.fields.end() ? "" : ValueToText(it->second);
}

int64_t IntOf(const RecordView& record, absl::string_view field) {
  auto it = record.fields.find(std::string(field));
  if (it == record.fields.end()) return 0;
  const auto* n = std::get_if<int64_t>(&it->second);
  return n ? *n : 0;
}

std::string Today(const ClientOptions& options) {
  const Clock& clock = options.clock ? *options.clock : SystemClock::Get();
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMillis(clock.NowMillis()),
                          absl::LocalTimeZone());
}

int64_t NowSeconds(const ClientOptions& options) {
  const Clock& clock = options.clock ? *options.clock : SystemClock::Get();
  return clock.NowMillis() / 1000;
}

absl::StatusOr<std::string> DateOrToday(absl::string_view flag, const std::string& given,
                                        const ClientOptions& options) {
  if (given.empty()) return Today(options);
  std::optional<std::string> date = ReadDate(given);
  if (!date.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " must be a date as YYYY-MM-DD or DD.MM.YYYY, not '", given, "'"));
  }
  return *std::move(date);
}

absl::StatusOr<std::vector<RecordView>> ListWhere(
    Client& client, const std::string& kind, const std::function<bool(const RecordView&)>& keep) {
  std::vector<RecordView> out;
  absl::Status s = client.ForEach(kind, [&](const RecordView& r) {
    if (!keep || keep(r)) out.push_back(r);
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<RecordView>> AttendanceWhere(Client& client, absl::string_view field,
                                                        const std::string& id) {
  return ListWhere(client, "attendance",
                   [&](const RecordView& r) { return TextOf(r, field) == id; });
}

std::string SingleSpaced(const std::string& name) {
  return absl::StrJoin(absl::StrSplit(name, ' ', absl::SkipWhitespace()), " ");
}

bool MeetingEarlier(const RecordView& x, const RecordView& y) {
  const std::string dx = TextOf(x, "date"), dy = TextOf(y, "date");
  return dx != dy ? dx < dy : IntOf(x, "number") < IntOf(y, "number");
}

absl::StatusOr<std::string> MeetingGapNote(Client& client, const RecordView& deleted) {
  const int64_t number = IntOf(deleted, "number");
  absl::StatusOr<std::vector<RecordView>> later =
      ListWhere(client, "meeting", [&](const RecordView& r) {
        return r.community_id == deleted.community_id && IntOf(r, "number") > number;
      });
  if (!later.ok()) return later.status();
  if (later->empty()) return std::string();  // the last one: the next new meeting takes its number
  const RecordView& next =
      *std::min_element(later->begin(), later->end(), [](const RecordView& x, const RecordView& y) {
        return IntOf(x, "number") < IntOf(y, "number");
      });
  return absl::StrCat("The other meetings keep their numbers, as in the minutes, so no. ", number,
                      " is missing from the series; if no. ", IntOf(next, "number"), " (",
                      TextOf(next, "date"), ") is really no. ", number,
                      ", renumber it: hromada put meeting --id ", next.id, " number=", number);
}

absl::StatusOr<CommunityNames> LoadCommunityNames(Client& client) {
  CommunityNames names;
  absl::Status s = client.ForEach("community", [&](const RecordView& r) {
    const std::string latin = TextOf(r, "name_latin");
    names[r.id] = latin.empty() ? TextOf(r, "name_uk") : latin;
    return true;
  });
  if (!s.ok()) return s;
  return names;
}

std::string NameOf(const CommunityNames& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

absl::Status SetIfGiven(absl::string_view kind, const std::string& field, const std::string& text,
                        Fields& fields) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<Value> value = TypedValue(kind, field, text);
  if (!value.ok()) return value.status();
  fields[field] = *std::move(value);
  return absl::OkStatus();
}

void PrintJson(std::ostream& out, const nlohmann::json& value) { out << value.dump(2) << "\n"; }

nlohmann::json RecordJson(const RecordView& record) { return client::ToJson(record); }

}  // namespace hromada::cli
