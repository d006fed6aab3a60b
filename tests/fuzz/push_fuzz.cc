// libFuzzer target: a Push request as it comes off the wire, parsed and
// applied by the real server logic (SyncLogic::Push → the bounded inflate
// of deflated_changes → ApplyPush, the apply rule, the SQLite store) for an
// enrolled coordinator. Any bytes must give a status or a response, never a
// crash, and leave the store usable.
//
// The first byte picks how the rest reaches the server (its value % 3):
//   0  the rest is a PushRequest, sent as it is;
//   1  the rest is a PushRequest whose changes are sent deflated, as the
//      client sends them (so mutations of changes reach the apply rule
//      through the inflate);
//   2  the rest is the deflated_changes stream itself, raw (so mutations
//      reach zlib's inflate and the bound on it).
// The push limit is small here (64 kB) so a bomb reaches the bound cheaply.
//
// The database lives under /dev/shm (fsync there is cheap), starts anew
// every 5,000 inputs so it stays small, and is removed at exit.
#include <google/protobuf/stubs/logging.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "hromada/v1/sync.pb.h"
#include "server/admin/devices.h"
#include "server/config.h"
#include "server/store/sqlite_store.h"
#include "server/sync/auth.h"
#include "server/sync/sync_logic.h"
#include "shared/base/clock.h"
#include "shared/base/deflate.h"

namespace {

using hromada::server::Device;
using hromada::server::SqliteStore;
using hromada::server::SyncLogic;

struct World {
  std::string path;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<SyncLogic> logic;
  std::string token_hash;
  int inputs = 0;
};

void Remove(const World& w) {
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((w.path + suffix).c_str());
}

void Fresh(World& w) {
  w.logic.reset();
  w.store.reset();
  Remove(w);
  w.store = *SqliteStore::Open(w.path);
  Device device;
  device.id = std::string(16, '\x11');
  device.name = "fuzz";
  device.role = hromada::v1::ROLE_COORDINATOR;
  device.communities = {std::string(16, '\x01')};  // the seeds' community
  device.code_hash = hromada::server::HashSecret("CODE");
  device.code_expires_ms = INT64_MAX;
  if (!hromada::server::devices::Add(*w.store, device).ok()) abort();
  w.token_hash = hromada::server::HashSecret("token");
  if (!hromada::server::devices::Enrol(*w.store, device.code_hash, w.token_hash, 1).ok()) abort();
  hromada::server::ServiceLimits limits;
  limits.max_push_bytes = 64 << 10;
  w.logic = std::make_unique<SyncLogic>(w.store.get(), &hromada::SystemClock::Get(), limits);
}

World& TheWorld() {
  static World* w = [] {
    auto* world = new World;
    world->path = "/dev/shm/hromada-push-fuzz-" + std::to_string(getpid()) + ".db";
    Fresh(*world);
    // /dev/shm is memory: leave nothing there when the run ends (a crash
    // still does; its file names the process).
    std::atexit([] { Remove(TheWorld()); });
    return world;
  }();
  return *w;
}

// The request the input stands for (see the top); false if none.
bool Request(const uint8_t* data, size_t size, hromada::v1::PushRequest* request) {
  if (size == 0) return false;
  const int mode = data[0] % 3;
  const char* rest = reinterpret_cast<const char*>(data + 1);
  if (mode == 2) {
    request->set_deflated_changes(rest, size - 1);
    return true;
  }
  if (!request->ParseFromArray(rest, static_cast<int>(size - 1))) return false;
  if (mode == 0 || request->changes_size() == 0) return true;
  hromada::v1::PushRequest entries;
  entries.mutable_changes()->Swap(request->mutable_changes());
  absl::StatusOr<std::string> deflated =
      hromada::Deflate(entries.SerializeAsString(), hromada::DeflateWrap::kZlib);
  if (!deflated.ok()) abort();
  request->set_deflated_changes(*std::move(deflated));
  return true;
}

}  // namespace

// protobuf logs every string field with invalid UTF-8 it refuses.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  if (++w.inputs % 5000 == 0) Fresh(w);
  hromada::v1::PushRequest request;
  if (!Request(data, size, &request)) return 0;
  absl::StatusOr<Device> device =
      hromada::server::ReadDevice(*w.store, hromada::server::DeviceKey::TokenHash(w.token_hash));
  if (!device.ok()) abort();
  // Mostly the next changes in order, so that they reach the apply rule.
  if (request.first_seq() == 0) request.set_first_seq(device->acked_through + 1);
  absl::StatusOr<hromada::v1::PushResponse> response = w.logic->Push(*device, request);
  if (response.ok() && response->acked_through() < device->acked_through) abort();
  return 0;
}
