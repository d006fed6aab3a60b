// An initiative's place in its pipeline as a person reads it: the status
// typed in the catalogue's words, the statuses it entered by date, and
// where it is now. `hromada initiatives` and the web screen's board both
// read it so; the moves' own rule is shared/sync/initiative.h CheckMove.
// Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_PIPELINE_H_
#define HROMADA_CLIENT_CLI_PIPELINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hromada/record.h"
#include "shared/sync/initiative.h"

namespace hromada::cli {

// The status a person typed, in the catalogue's words ("пріоритизовано",
// "in progress") or as its code; INVALID_ARGUMENT listing the choices.
absl::StatusOr<std::string> StatusTyped(const std::string& typed);

// The statuses `initiative` entered, in the order every replica reads
// them (StatusHistory).
std::vector<StatusStep> HistoryOf(const RecordView& initiative);

// Its current status: the last one its history holds, else (no dates at
// all) its status field, as the report reads it.
std::string CurrentStatus(const RecordView& initiative);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_PIPELINE_H_
