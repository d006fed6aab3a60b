// A community's meetings as a series, and marking who came: the rules
// `hromada attendance mark` and the web screen's roster (client/ui) both
// follow, written once. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_ROSTER_H_
#define HROMADA_CLIENT_CLI_ROSTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::cli {

// The next number in a community's series: one past the highest of
// `meetings` (that community's).
int64_t NextNumber(const std::vector<RecordView>& meetings);

// The community's meeting just before `meeting` in its series (by date,
// then number). FAILED_PRECONDITION when there is none.
absl::StatusOr<RecordView> PreviousMeeting(Client& client, const RecordView& meeting);

// The edits that mark `persons` (ids) present at `meeting`, each with
// `extra` fields (mode, role); a person already marked is left as is
// unless `extra` has something to change.
absl::StatusOr<std::vector<Edit>> MarkEdits(Client& client, const RecordView& meeting,
                                            const std::vector<std::string>& persons,
                                            const Fields& extra);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_ROSTER_H_
