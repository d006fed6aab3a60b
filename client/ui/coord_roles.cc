#include "client/ui/coord_roles.h"

#include "client/cli/coordination.h"

namespace hromada::ui {

std::optional<Response> RefuseBelow(App& app, CoordLevel level) {
  Client& client = *app.client();
  const bool network = level == CoordLevel::kNetworkCoordinator;
  const absl::Status s = network ? cli::RequireNetworkCoordinator(client, "coverage grids")
                                 : cli::RequireCoordinator(client, "these screens");
  if (s.ok()) return std::nullopt;
  if (s.code() != absl::StatusCode::kPermissionDenied) return ErrorJson(s);
  const char* key = network ? "coord.not_network" : "coord.not_coordinator";
  return ErrorJson(absl::PermissionDeniedError(Say(key, app.lang())));
}

}  // namespace hromada::ui
