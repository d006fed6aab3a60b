// Small helpers the field commands share: reading a record's fields,
// today's date by the device clock, community names, JSON output. Dates
// as typed are read by shared/cli/dates.h, as on the server.
// Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_RECORDS_H_
#define HROMADA_CLIENT_CLI_RECORDS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"
#include "hromada/record.h"
#include "shared/cli/dates.h"  // ReadDate, DateTyped

namespace hromada::cli {

// A field as text ("" if absent; numbers and ids as ValueToText gives them).
std::string TextOf(const RecordView& record, absl::string_view field);
// A whole-number field, or 0 if absent.
int64_t IntOf(const RecordView& record, absl::string_view field);

// Today's date (YYYY-MM-DD, local time zone) by the device clock:
// options.clock if set, else the system clock.
std::string Today(const ClientOptions& options);

// Seconds since the Unix epoch by the device clock (options.clock).
int64_t NowSeconds(const ClientOptions& options);
// `given` as YYYY-MM-DD, read as every date is typed (shared/cli/dates.h
// ReadDate), or today if it is empty; INVALID_ARGUMENT naming `flag`
// otherwise.
absl::StatusOr<std::string> DateOrToday(absl::string_view flag, const std::string& given,
                                        const ClientOptions& options);

// The live records of `kind` for which `keep` is true, ordered by id.
absl::StatusOr<std::vector<RecordView>> ListWhere(
    Client& client, const std::string& kind,
    const std::function<bool(const RecordView&)>& keep = nullptr);

// Live attendance records whose `field` ("meeting" or "person") is `id`.
absl::StatusOr<std::vector<RecordView>> AttendanceWhere(Client& client, absl::string_view field,
                                                        const std::string& id);

// A name as typed with its spaces made single: "Кирило   Шевченко" is
// "Кирило Шевченко".
std::string SingleSpaced(const std::string& name);

// Meetings in series order: by date, then number.
bool MeetingEarlier(const RecordView& x, const RecordView& y);

// After meeting `deleted` is deleted: "" if the series has no gap, else a
// sentence on the gap. Numbers are never changed by a delete: they are
// the numbers of the minutes, and other devices may have written them.
absl::StatusOr<std::string> MeetingGapNote(Client& client, const RecordView& deleted);

// Community id -> its Latin name (else Ukrainian), from the local records.
using CommunityNames = std::map<std::string, std::string>;
absl::StatusOr<CommunityNames> LoadCommunityNames(Client& client);
// The community's name, or its id if this device does not know it.
std::string NameOf(const CommunityNames& names, const std::string& id);

// Sets `field` from `text` in `fields` unless `text` is empty, read as
// TypedValue (parse.h) reads it: a choice in the catalogue's words too.
absl::Status SetIfGiven(absl::string_view kind, const std::string& field, const std::string& text,
                        Fields& fields);

// `value` indented by two, and a newline.
void PrintJson(std::ostream& out, const nlohmann::json& value);
// A record as JSON (client/src/json.h).
nlohmann::json RecordJson(const RecordView& record);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_RECORDS_H_
