// Sync: start one on its own thread, and its progress for the page to
// poll (the Client's progress callback, kept by App). The result and a
// failure are told in the CLI's own sentences (client/cli/output.h).
#include "client/cli/output.h"
#include "client/ui/api.h"

namespace hromada::ui {
namespace {

const char* PhaseName(SyncPhase phase) {
  switch (phase) {
    case SyncPhase::kHandshake:
      return "handshake";
    case SyncPhase::kPush:
      return "push";
    case SyncPhase::kPull:
      return "pull";
    case SyncPhase::kAttachments:
      return "attachments";
    case SyncPhase::kDone:
      break;
  }
  return "done";
}

// GET /api/sync -> {running, finished, progress: {phase, records_done,
// records_expected, bytes, retries, retrying, retry_in_s}, result: {ok,
// sent, received, refused, error}}
Response Progress(App& app) {
  const SyncView v = app.sync_view();
  const SyncProgress& p = v.progress;
  nlohmann::json body = {{"running", v.running},
                         {"finished", v.finished},
                         {"progress",
                          {{"phase", PhaseName(p.phase)},
                           {"records_done", p.records_done},
                           {"records_expected", p.records_expected},
                           {"bytes", p.wire_bytes_up + p.wire_bytes_down},
                           {"retries", p.retries},
                           {"retrying", p.link == LinkState::kRetrying},
                           {"retry_in_s", absl::ToInt64Seconds(p.retry_in)}}}};
  if (v.finished) {
    body["result"] = {{"ok", v.status.ok()},
                      {"sent", v.report.acked},
                      {"received", v.report.pulled},
                      {"refused", v.report.rejected},
                      {"summary", v.status.ok() ? cli::SyncSummary(v.report) : ""},
                      {"error", v.status.ok() ? "" : Explain(v.status, app.lang())}};
  }
  return Json(body);
}

// POST /api/sync -> the progress, as GET answers it.
Response Start(App& app) {
  absl::StatusOr<ClientStatus> status = app.client()->GetStatus();
  if (!status.ok()) return ErrorJson(status.status());
  if (!status->enrolled) {
    return ErrorJson(absl::FailedPreconditionError(Say("sync.not_enrolled", app.lang())));
  }
  if (absl::Status s = app.StartSync(); !s.ok()) return ErrorJson(s);
  return Progress(app);
}

}  // namespace

void AddSyncRoutes(Router& router, App& app) {
  router.Add("POST", "/api/sync", {[&app](const Request&) { return Start(app); }});
  // The same, started by the page's timer (background sync): not a
  // person's activity, so the idle lock still comes.
  router.Add("POST", "/api/sync/background",
             {[&app](const Request&) { return Start(app); }, /*needs_profile=*/true,
              /*is_activity=*/false});
  router.Add("GET", "/api/sync",
             {[&app](const Request&) { return Progress(app); },
              /*needs_profile=*/true, /*is_activity=*/false});
}

}  // namespace hromada::ui
