// SyncLogic::Exchange: a small sync in one round trip (docs/protocol.md,
// "One exchange"). The handshake, then the push and the pull the request
// carries, each by the same code as its own call.
#include <spdlog/spdlog.h>

#include "server/sync/sync_logic.h"
#include "shared/base/uuid.h"

namespace hromada::server {

absl::StatusOr<v1::HandshakeResponse> SyncLogic::Exchange(const Device& device,
                                                          v1::HandshakeRequest& request,
                                                          PushCounts* counts) {
  absl::StatusOr<v1::HandshakeResponse> answer = Handshake(device, request);
  if (!answer.ok()) return answer;
  // A device that saw another epoch must first send again what this
  // database lost; a retiring one is told so before it pushes.
  if (request.epoch() != answer->epoch() || answer->retiring()) return answer;
  if (request.has_push()) {
    absl::StatusOr<v1::PushResponse> pushed = Push(device, *request.mutable_push(), counts);
    if (!pushed.ok()) {
      // The device makes the call itself and gets the error there.
      spdlog::info("device {}: the push with the handshake was not run: {}", IdToString(device.id),
                   pushed.status().ToString());
      return answer;
    }
    *answer->mutable_push() = *std::move(pushed);
  }
  if (request.has_pull()) {
    absl::StatusOr<std::string> page = Pull(device, request.pull());
    if (!page.ok()) return answer;
    answer->set_pull_page(*std::move(page));
    answer->set_pull_ran(true);
  }
  return answer;
}

}  // namespace hromada::server
