// Initiatives: the board by status, a new one, and a move with its date
// (never before the status it leaves: shared/sync/initiative.h CheckMove,
// as `hromada initiatives move` checks it).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/pipeline.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/ui/api.h"
#include "client/ui/views.h"
#include "shared/base/text.h"

namespace hromada::ui {
namespace {

nlohmann::json InitiativeJson(const RecordView& r, const Communities& names) {
  const std::vector<StatusStep> history = cli::HistoryOf(r);
  const std::string status = cli::CurrentStatus(r);
  nlohmann::json steps = nlohmann::json::array();
  for (const StatusStep& step : history)
    steps.push_back({{"status", step.status}, {"date", step.date}});
  nlohmann::json j = BaseJson(r, names);
  j["title"] = cli::TextOf(r, "title");
  j["category"] = cli::TextOf(r, "category");
  j["donor"] = cli::TextOf(r, "donor");
  j["estimated_cost"] = cli::TextOf(r, "estimated_cost");
  j["status"] = status;
  j["since"] = history.empty() ? "" : history.back().date;
  j["history"] = steps;
  j["next"] = NextStatuses(status);
  return j;
}

// GET /api/initiatives -> {statuses: [code], board: [{status, initiatives: [...]}]}
Response Board(App& app) {
  Client& client = *app.client();
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  std::map<std::string, nlohmann::json> columns;
  absl::Status s = client.ForEach("initiative", [&](const RecordView& r) {
    nlohmann::json j = InitiativeJson(r, *names);
    columns[j["status"].get<std::string>()].push_back(std::move(j));
    return true;
  });
  if (!s.ok()) return ErrorJson(s);
  nlohmann::json board = nlohmann::json::array();
  for (const std::string& status : InitiativeStatuses()) {
    auto it = columns.find(status);
    board.push_back({{"status", status},
                     {"initiatives", it == columns.end() ? nlohmann::json::array() : it->second}});
  }
  return Json({{"statuses", InitiativeStatuses()}, {"board", board}});
}

// POST /api/initiatives {community, title, date, category?,
// estimated_cost?, donor?} -> {id}: proposed on `date`.
Response Add(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<std::string> community = cli::ResolveCommunity(client, Str(*body, "community"));
  if (!community.ok()) return ErrorJson(community.status(), "community");
  absl::StatusOr<std::string> title = NormalizeText(Str(*body, "title"));
  if (!title.ok() || cli::SingleSpaced(*title).empty()) {
    return ErrorJson(absl::InvalidArgumentError(Say("initiative.need_title", lang)), "title");
  }
  std::optional<std::string> date = cli::ReadDate(Str(*body, "date"));
  if (!date) return ErrorJson(absl::InvalidArgumentError(Say("meeting.bad_date", lang)), "date");
  Fields fields{{"title", cli::SingleSpaced(*title)},
                {"status", std::string("proposed")},
                {EnteredField("proposed"), *date}};
  for (const char* field : {"category", "estimated_cost", "donor"}) {
    if (absl::Status s = cli::SetIfGiven("initiative", field, Str(*body, field), fields); !s.ok()) {
      return ErrorJson(s, field);
    }
  }
  absl::StatusOr<std::string> id = client.Put("initiative", "", *community, fields);
  if (!id.ok()) return ErrorJson(id.status());
  return Json({{"id", *id}});
}

// POST /api/initiatives/move {id, status, date} -> {status}
Response Move(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  Client& client = *app.client();
  absl::StatusOr<std::optional<RecordView>> found = client.Get("initiative", Str(*body, "id"));
  if (!found.ok()) return ErrorJson(found.status());
  if (!found->has_value()) return ErrorJson(absl::NotFoundError(Say("gate.not_found", lang)));
  const RecordView& initiative = **found;
  std::optional<std::string> date = cli::ReadDate(Str(*body, "date"));
  if (!date) return ErrorJson(absl::InvalidArgumentError(Say("meeting.bad_date", lang)), "date");
  absl::StatusOr<std::string> to = cli::StatusTyped(Str(*body, "status"));
  if (!to.ok()) return ErrorJson(to.status(), "status");
  const std::vector<StatusStep> history = cli::HistoryOf(initiative);
  const std::string from = cli::CurrentStatus(initiative);
  const std::string since = history.empty() ? "" : history.back().date;
  if (absl::Status s = CheckMove(from, since, *to, *date); !s.ok()) {
    if (!since.empty() && *date < since && CheckTransition(from, *to).ok()) {
      const std::string shown =
          absl::StrCat(since.substr(8, 2), ".", since.substr(5, 2), ".", since.substr(0, 4));
      return ErrorJson(
          absl::FailedPreconditionError(Fill("initiative.before", lang, {{"since", shown}})),
          "date");
    }
    return ErrorJson(s, "status");
  }
  Fields fields{{"status", *to}, {EnteredField(*to), *date}};
  if (auto put = client.Put("initiative", initiative.id, "", fields); !put.ok()) {
    return ErrorJson(put.status());
  }
  return Json({{"status", *to}});
}

}  // namespace

void AddInitiativeRoutes(Router& router, App& app) {
  router.Add("GET", "/api/initiatives", {[&app](const Request&) { return Board(app); }});
  router.Add("POST", "/api/initiatives", {[&app](const Request& r) { return Add(app, r); }});
  router.Add("POST", "/api/initiatives/move", {[&app](const Request& r) { return Move(app, r); }});
}

}  // namespace hromada::ui
