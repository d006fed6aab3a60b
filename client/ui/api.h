// The web screen's JSON endpoints, one file per screen (api_*.cc). Each
// Add*Routes registers its paths on `router`; the handlers borrow `app`,
// which outlives the router. What each endpoint takes and answers is
// written above its handler; docs/ui.md lists them all.
#ifndef HROMADA_CLIENT_UI_API_H_
#define HROMADA_CLIENT_UI_API_H_

#include "client/ui/app.h"
#include "client/ui/gate.h"
#include "client/ui/router.h"

namespace hromada::ui {

// /api/session, /api/catalogue, /api/unlock, /api/lock, /api/lang.
void AddSessionRoutes(Router& router, App& app, const Gate& gate);
// /api/home, /api/enrol, /api/communities.
void AddHomeRoutes(Router& router, App& app);
// /api/persons/search, /api/persons/check, /api/persons (add),
// /api/persons/edit, /api/person.
void AddPersonRoutes(Router& router, App& app);
// /api/meetings (list, add), /api/roster, /api/attendance,
// /api/attendance/same-as-last.
void AddMeetingRoutes(Router& router, App& app);
// /api/sync (start, progress).
void AddSyncRoutes(Router& router, App& app);
// /api/initiatives (board, add), /api/initiatives/move.
void AddInitiativeRoutes(Router& router, App& app);
// /api/surveys (list), /api/surveys/start, /api/response (one),
// /api/response/answer, /api/response/finish, /api/response/discard.
void AddSurveyRoutes(Router& router, App& app);
// /api/attachments (list, add), /api/attachment/file.
void AddAttachmentRoutes(Router& router, App& app);
// /api/passphrase, /api/wipe.
void AddSettingsRoutes(Router& router, App& app);
// /api/coord/roles, /api/coord/duplicates, /api/coord/merge,
// /api/coord/not-same, /api/coord/conflicts, /api/coord/conflicts/resolve,
// and AddCoordinatorReportRoutes'. 403 below a coordinator.
void AddCoordinatorRoutes(Router& router, App& app);
// /api/coord/report, /api/coord/report/file, /api/coord/coverage.
void AddCoordinatorReportRoutes(Router& router, App& app);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_API_H_
