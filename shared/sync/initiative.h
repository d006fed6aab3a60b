// The life of an initiative: the statuses it moves through and which moves
// are allowed. Along the pipeline, one step at a time:
//   proposed -> prioritised -> under_consideration -> awaiting_funding
//            -> funded -> in_progress -> implemented
// and from any status before implemented, to rejected. implemented and
// rejected are final.
//
// History is kept as one date field per status, EnteredField(status)
// ("entered_funded" = "2026-03-01"), written when the initiative enters it
// (see schema.cc). Time in a status runs from its entered date to the next
// status's entered date, or to "as of" for the current one.
#ifndef HROMADA_SHARED_SYNC_INITIATIVE_H_
#define HROMADA_SHARED_SYNC_INITIATIVE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada {

// All statuses: the pipeline in order, then "rejected".
const std::vector<std::string>& InitiativeStatuses();

// True for a status name InitiativeStatuses() holds.
bool IsInitiativeStatus(absl::string_view status);

// The statuses `from` may move to (empty for a final status).
std::vector<std::string> NextStatuses(absl::string_view from);

// OK if an initiative in `from` may move to `to`. INVALID_ARGUMENT naming
// the unknown status, or FAILED_PRECONDITION with the allowed moves:
// "an initiative that is funded can move to in_progress or rejected, not
// to proposed".
absl::Status CheckTransition(absl::string_view from, absl::string_view to);

// "entered_" + status.
std::string EnteredField(absl::string_view status);

// Whole days from `from` to `to` (dates YYYY-MM-DD; negative if `to` is
// earlier). -1 if either is not a date.
int DaysBetween(absl::string_view from, absl::string_view to);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_INITIATIVE_H_
