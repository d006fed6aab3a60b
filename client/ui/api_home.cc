// Home and enrolment: the device's state in one answer, and enrolling it.
#include <string>
#include <vector>

#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/ui/api.h"
#include "client/ui/enrol_uri.h"
#include "client/ui/views.h"

namespace hromada::ui {
namespace {

nlohmann::json RejectedJson(Client& client, const RejectedChange& c) {
  std::string label;
  if (auto r = client.Get(c.kind, c.id); r.ok() && r->has_value()) label = cli::Label(**r);
  return {
      {"kind", c.kind}, {"id", c.id}, {"label", label}, {"field", c.field}, {"reason", c.message}};
}

// GET /api/home -> {enrolled, server_url, pending, last_sync_server_ms,
// clock_offset_ms, last_error, rejected: [...], today: [meeting], communities}
Response Home(App& app) {
  Client& client = *app.client();
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  nlohmann::json body = {{"enrolled", status->enrolled},
                         {"server_url", status->server_url},
                         {"pending", status->pending_changes},
                         {"clock_offset_ms", status->clock_offset_ms},
                         {"last_error", status->last_error}};
  if (status->last_sync_ms)
    body["last_sync_server_ms"] = *status->last_sync_ms + status->clock_offset_ms;
  nlohmann::json rejected = nlohmann::json::array();
  absl::StatusOr<std::vector<RejectedChange>> list = client.Rejected();
  if (!list.ok()) return ErrorJson(list.status());
  for (const RejectedChange& c : *list) rejected.push_back(RejectedJson(client, c));
  body["rejected"] = rejected;
  const std::string today = cli::Today(app.options().client_options);
  absl::StatusOr<std::vector<RecordView>> meetings = cli::ListWhere(
      client, "meeting", [&](const RecordView& m) { return cli::TextOf(m, "date") == today; });
  if (!meetings.ok()) return ErrorJson(meetings.status());
  absl::StatusOr<Communities> names = LoadCommunities(client);
  if (!names.ok()) return ErrorJson(names.status());
  nlohmann::json list_today = nlohmann::json::array();
  for (const RecordView& m : *meetings) list_today.push_back(MeetingJson(m, *names, -1));
  body["today"] = list_today;
  body["communities"] = CommunitiesJson(*status, *names);
  return Json(body);
}

// POST /api/enrol {server, code, name} or {uri, name}
Response Enrol(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  std::string server = Str(*body, "server"), code = Str(*body, "code");
  TlsSettings tls;
  const bool from_card = !Str(*body, "uri").empty();
  if (from_card) {
    absl::StatusOr<EnrolCardText> card = ParseEnrolUri(Str(*body, "uri"));
    if (!card.ok()) return ErrorJson(absl::InvalidArgumentError(Say("enrol.bad_uri", lang)), "uri");
    server = card->server_url;
    code = card->code;
    tls.pinned_public_key = card->pin;
  }
  if (server.empty())
    return ErrorJson(absl::InvalidArgumentError(Say("enrol.need_server", lang)), "server");
  if (code.empty())
    return ErrorJson(absl::InvalidArgumentError(Say("enrol.need_code", lang)), "code");
  Client& client = *app.client();
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  if (status->enrolled) {
    return ErrorJson(absl::FailedPreconditionError(
                         Fill("enrol.already", lang, {{"server", status->server_url}})),
                     from_card ? "uri" : "server");
  }
  if (absl::Status s = client.CheckServerUrl(server, tls); !s.ok()) {
    return ErrorJson(s, from_card ? "uri" : "server");
  }
  std::string name = Str(*body, "name");
  if (name.empty()) name = Say("enrol.name_default", lang);
  if (absl::Status s = client.Enrol(server, code, name, tls); !s.ok()) {
    // The server answers NOT_FOUND for a code mistyped, expired or used.
    const std::string field = from_card                                 ? "uri"
                              : s.code() == absl::StatusCode::kNotFound ? "code"
                                                                        : "server";
    if (s.code() == absl::StatusCode::kNotFound) {
      return ErrorJson(absl::NotFoundError(Say("enrol.bad_code", lang)), field);
    }
    return ErrorJson(absl::Status(s.code(), Explain(s, lang)), field);
  }
  return Json({{"enrolled", true}});
}

}  // namespace

void AddHomeRoutes(Router& router, App& app) {
  router.Add("GET", "/api/home", {[&app](const Request&) { return Home(app); }});
  router.Add("POST", "/api/enrol", {[&app](const Request& r) { return Enrol(app, r); }});
  // GET /api/communities -> [{id, name_uk, name_latin}] this device syncs
  router.Add("GET", "/api/communities", {[&app](const Request&) {
               absl::StatusOr<ClientStatus> status = app.client()->GetStatus();
               if (!status.ok()) return ErrorJson(status.status());
               absl::StatusOr<Communities> names = LoadCommunities(*app.client());
               if (!names.ok()) return ErrorJson(names.status());
               return Json(CommunitiesJson(*status, *names));
             }});
}

}  // namespace hromada::ui
