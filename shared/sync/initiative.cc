#include "shared/sync/initiative.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"

namespace hromada {
namespace {

constexpr absl::string_view kRejected = "rejected";
constexpr absl::string_view kImplemented = "implemented";

// The position of `status` in InitiativeStatuses(), or -1.
int IndexOf(absl::string_view status) {
  const std::vector<std::string>& all = InitiativeStatuses();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i] == status) return static_cast<int>(i);
  }
  return -1;
}

bool ParseDay(absl::string_view text, absl::CivilDay* day) {
  return absl::ParseCivilTime(text, day) && absl::FormatCivilTime(*day) == text;
}

}  // namespace

const std::vector<std::string>& InitiativeStatuses() {
  static const std::vector<std::string>* statuses = new std::vector<std::string>{
      "proposed", "prioritised", "under_consideration", "awaiting_funding",
      "funded",   "in_progress", "implemented",         "rejected"};
  return *statuses;
}

bool IsInitiativeStatus(absl::string_view status) { return IndexOf(status) >= 0; }

std::vector<std::string> NextStatuses(absl::string_view from) {
  const int i = IndexOf(from);
  if (i < 0 || from == kRejected || from == kImplemented) return {};
  return {InitiativeStatuses()[i + 1], std::string(kRejected)};
}

absl::Status CheckTransition(absl::string_view from, absl::string_view to) {
  for (absl::string_view status : {from, to}) {
    if (!IsInitiativeStatus(status)) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", status, "\" is not an initiative status; the statuses are ",
                       absl::StrJoin(InitiativeStatuses(), ", ")));
    }
  }
  const std::vector<std::string> next = NextStatuses(from);
  for (const std::string& allowed : next) {
    if (allowed == to) return absl::OkStatus();
  }
  if (next.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("an initiative that is ", from, " is final and cannot move to ", to));
  }
  return absl::FailedPreconditionError(absl::StrCat("an initiative that is ", from, " can move to ",
                                                    absl::StrJoin(next, " or "), ", not to ", to));
}

absl::Status CheckMove(absl::string_view from, absl::string_view since, absl::string_view to,
                       absl::string_view on) {
  if (absl::Status s = CheckTransition(from, to); !s.ok()) return s;
  if (!since.empty() && on < since) {
    return absl::FailedPreconditionError(absl::StrCat("it is ", from, " since ", since,
                                                      ", so it cannot have moved to ", to, " on ",
                                                      on, ", before that"));
  }
  return absl::OkStatus();
}

std::vector<StatusStep> StatusHistory(const std::map<std::string, std::string>& entered,
                                      absl::string_view as_of) {
  std::vector<StatusStep> steps;
  for (const std::string& status : InitiativeStatuses()) {
    auto it = entered.find(status);
    if (it == entered.end() || it->second.empty()) continue;
    if (!as_of.empty() && it->second > as_of) continue;
    steps.push_back({status, it->second});
  }
  return steps;
}

std::string EnteredField(absl::string_view status) { return absl::StrCat("entered_", status); }

int DaysBetween(absl::string_view from, absl::string_view to) {
  absl::CivilDay a, b;
  if (!ParseDay(from, &a) || !ParseDay(to, &b)) return -1;
  return static_cast<int>(b - a);
}

}  // namespace hromada
