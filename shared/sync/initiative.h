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
// status's entered date, or to "as of" for the current one. The history
// cannot go back in time: a move is not dated before the status it leaves
// was entered (CheckMove); and where dates written before that rule, or by
// two devices at once, are out of order, the pipeline orders them
// (StatusHistory), so every replica reads the same current status.
#ifndef HROMADA_SHARED_SYNC_INITIATIVE_H_
#define HROMADA_SHARED_SYNC_INITIATIVE_H_

#include <map>
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

// OK if an initiative whose current status is `from`, entered on `since`
// (YYYY-MM-DD; empty when not known), may move to `to` on `on`
// (YYYY-MM-DD): CheckTransition's rule, and the move is not dated before
// `since`. Otherwise CheckTransition's error, or FAILED_PRECONDITION in
// one sentence: "it is funded since 2024-07-01, so it cannot have moved
// to in_progress on 2024-05-01, before that".
absl::Status CheckMove(absl::string_view from, absl::string_view since, absl::string_view to,
                       absl::string_view on);

// One status an initiative entered, and when (YYYY-MM-DD).
struct StatusStep {
  std::string status;
  std::string date;
};

// An initiative's history from its entered dates (`entered`: status ->
// date, as its EnteredField fields hold them), in pipeline order with
// rejected last; the last step is its current status. Left out: what is
// not a status, empty dates, and dates after `as_of` unless `as_of` is
// empty. The pipeline, not the dates, gives the order, so that dates out
// of order give every replica the same current status: the furthest one
// entered.
std::vector<StatusStep> StatusHistory(const std::map<std::string, std::string>& entered,
                                      absl::string_view as_of);

// "entered_" + status.
std::string EnteredField(absl::string_view status);

// Whole days from `from` to `to` (dates YYYY-MM-DD; negative if `to` is
// earlier). -1 if either is not a date.
int DaysBetween(absl::string_view from, absl::string_view to);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_INITIATIVE_H_
