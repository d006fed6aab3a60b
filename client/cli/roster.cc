#include "client/cli/roster.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"

namespace hromada::cli {

int64_t NextNumber(const std::vector<RecordView>& meetings) {
  int64_t highest = 0;
  for (const RecordView& m : meetings) highest = std::max(highest, IntOf(m, "number"));
  return highest + 1;
}

absl::StatusOr<RecordView> PreviousMeeting(Client& client, const RecordView& meeting) {
  auto earlier = ListWhere(client, "meeting", [&](const RecordView& r) {
    return r.community_id == meeting.community_id && MeetingEarlier(r, meeting);
  });
  if (!earlier.ok()) return earlier.status();
  if (earlier->empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("there is no earlier meeting of this community than the ", Label(meeting),
                     " to take the roster from"));
  }
  return *std::max_element(earlier->begin(), earlier->end(), MeetingEarlier);
}

absl::StatusOr<std::vector<Edit>> MarkEdits(Client& client, const RecordView& meeting,
                                            const std::vector<std::string>& persons,
                                            const Fields& extra) {
  std::vector<Edit> edits;
  for (const std::string& person : persons) {
    absl::StatusOr<std::string> id = AttendanceId(meeting.id, person);
    if (!id.ok()) return id.status();
    absl::StatusOr<std::optional<RecordView>> old = client.Get("attendance", *id);
    if (!old.ok()) return old.status();
    if (old->has_value() && extra.empty()) continue;
    Fields fields = extra;
    fields["meeting"] = Ref{meeting.id};
    fields["person"] = Ref{person};
    edits.push_back({"attendance", *id, meeting.community_id, std::move(fields)});
  }
  return edits;
}

}  // namespace hromada::cli
