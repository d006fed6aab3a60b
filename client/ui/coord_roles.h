// Who may open the coordinators' screens (api_coordinators.cc,
// api_coord_report.cc): the device's enrolled role, read through the
// same library check the CLI makes (client/cli/coordination.h). Runs
// inside App::Serve, under its mutex.
#ifndef HROMADA_CLIENT_UI_COORD_ROLES_H_
#define HROMADA_CLIENT_UI_COORD_ROLES_H_

#include <optional>

#include "client/ui/app.h"
#include "client/ui/http.h"

namespace hromada::ui {

enum class CoordLevel {
  kCoordinator,         // a coordinator or a network coordinator
  kNetworkCoordinator,  // a network coordinator only
};

// nullopt when the unlocked device's role reaches `level`; otherwise the
// answer to send: 403 with the catalogue's sentence in the page's
// language (or the Client's error, if its status cannot be read).
std::optional<Response> RefuseBelow(App& app, CoordLevel level);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_COORD_ROLES_H_
