#include "client/cli/pipeline.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "client/cli/records.h"
#include "shared/report/labels.h"

namespace hromada::cli {

absl::StatusOr<std::string> StatusTyped(const std::string& typed) {
  std::optional<std::string> status = ReadChoice("status", typed, InitiativeStatuses());
  if (status.has_value()) return *std::move(status);
  return absl::InvalidArgumentError(absl::StrCat("'", typed, "' is not a status; one of ",
                                                 ChoiceWords("status", InitiativeStatuses())));
}

std::vector<StatusStep> HistoryOf(const RecordView& initiative) {
  std::map<std::string, std::string> entered;
  for (const std::string& status : InitiativeStatuses()) {
    entered[status] = TextOf(initiative, EnteredField(status));
  }
  return StatusHistory(entered, "");
}

std::string CurrentStatus(const RecordView& initiative) {
  const std::vector<StatusStep> history = HistoryOf(initiative);
  return history.empty() ? TextOf(initiative, "status") : history.back().status;
}

}  // namespace hromada::cli
