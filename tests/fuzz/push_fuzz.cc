// libFuzzer target: a Push request as it comes off the wire, parsed and
// applied by the real server logic (SyncLogic::Push → ApplyPush, the apply
// rule, the SQLite store) for an enrolled coordinator. Any bytes must give
// a status or a response, never a crash, and leave the store usable.
//
// The database lives under /dev/shm (fsync there is cheap) and starts anew
// every 5,000 inputs so it stays small.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "hromada/v1/sync.pb.h"
#include "server/auth.h"
#include "server/store/sqlite_store.h"
#include "server/sync_logic.h"
#include "shared/clock.h"

namespace {

using hromada::server::Device;
using hromada::server::NewDevice;
using hromada::server::SqliteStore;
using hromada::server::SyncLogic;

struct World {
  std::string path;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<SyncLogic> logic;
  std::string token_hash;
  int inputs = 0;
};

void Fresh(World& w) {
  w.logic.reset();
  w.store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((w.path + suffix).c_str());
  w.store = *SqliteStore::Open(w.path);
  NewDevice nd;
  nd.device.id = std::string(16, '\x11');
  nd.device.name = "fuzz";
  nd.device.role = hromada::v1::ROLE_COORDINATOR;
  nd.device.communities = {std::string(16, '\x01')};  // the seeds' community
  nd.code_hash = hromada::server::HashSecret("CODE");
  nd.code_expires_ms = INT64_MAX;
  if (!w.store->AddDevice(nd).ok()) abort();
  w.token_hash = hromada::server::HashSecret("token");
  if (!w.store->Enrol(nd.code_hash, w.token_hash, 1).ok()) abort();
  w.logic = std::make_unique<SyncLogic>(w.store.get(), &hromada::SystemClock::Get(),
                                        hromada::server::ServiceLimits{});
}

World& TheWorld() {
  static World* w = [] {
    auto* world = new World;
    world->path = "/dev/shm/hromada-push-fuzz-" + std::to_string(getpid()) + ".db";
    Fresh(*world);
    return world;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  if (++w.inputs % 5000 == 0) Fresh(w);
  hromada::v1::PushRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  absl::StatusOr<Device> device = w.store->FindDeviceByToken(w.token_hash);
  if (!device.ok()) abort();
  // Mostly the next changes in order, so that they reach the apply rule.
  if (request.first_seq() == 0) request.set_first_seq(device->acked_through + 1);
  absl::StatusOr<hromada::v1::PushResponse> response = w.logic->Push(*device, request);
  if (response.ok() && response->acked_through() < device->acked_through) abort();
  return 0;
}
