// What only coordinators do with a device's records, written once for the
// CLI (`hromada duplicates`, `merge`, `report`, `conflicts`) and the web
// screen (client/ui/api_coordinators.cc): who may, the queue of likely
// duplicates, a merge, and where a report's records come from on a device.
// Conflicts are conflict_sides.h. Stateless; thread-safe as Client is.
#ifndef HROMADA_CLIENT_CLI_COORDINATION_H_
#define HROMADA_CLIENT_CLI_COORDINATION_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/client_internal.h"
#include "client/src/duplicates/duplicates.h"
#include "hromada/client.h"
#include "hromada/record.h"
#include "shared/cli/report_command.h"

namespace hromada::cli {

// OK when the device is enrolled as a coordinator or a network
// coordinator; PERMISSION_DENIED otherwise, in one sentence that starts
// with `what` ("conflicts are for coordinators, and this device is not
// enrolled as one").
absl::Status RequireCoordinator(Client& client, absl::string_view what);
// OK for a network coordinator only; PERMISSION_DENIED otherwise, as above.
absl::Status RequireNetworkCoordinator(Client& client, absl::string_view what);

// Every live person on the device as the duplicate finder reads them, by id.
absl::StatusOr<std::map<std::string, PersonSummary>> PersonSummaries(Client& client);

// Every {person, same_as} pair that a person_merge record joins.
using PersonPairs = std::vector<std::pair<std::string, std::string>>;
absl::StatusOr<PersonPairs> MergedPairs(Client& client);

// The pairs of `persons` (PersonSummaries) likely to be one individual and
// not merged yet, best first: SuggestDuplicates at `min_score` (in (0, 1],
// INVALID_ARGUMENT otherwise).
absl::StatusOr<std::vector<DuplicateSuggestion>> DuplicateQueue(
    Client& client, const std::map<std::string, PersonSummary>& persons, double min_score);

// Records that `person` is the same individual as `same_as` (a
// person_merge in `person`'s community; nothing is deleted and reports
// count them once). True when written; false, writing nothing, when the
// two are merged already. INVALID_ARGUMENT for one record twice; the
// Client's errors as they are (a merge outside the device's communities is
// refused by the apply rule).
absl::StatusOr<bool> MergePersons(Client& client, const RecordView& person,
                                  const RecordView& same_as);

// Where `hromada report` reads on a device: the device's store, the
// communities it syncs, "USER (device 1234abcd)" as the author, and the
// device clock's today. Borrows `client` and `options` for as long as the
// source is used.
ReportSource DeviceReportSource(Client& client, const ClientOptions& options);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_COORDINATION_H_
