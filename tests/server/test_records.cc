#include "tests/server/test_records.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "server/admin/admin.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"

namespace hromada::server::testing {

std::string TempDbPath(const std::string& name) {
  static std::atomic<int> counter{0};
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir ? dir : "/tmp", "/hromada-", getpid(), "-", counter++, "-", name, ".db");
}

std::string NewId() { return Uuid::V4().bytes(); }

Device AddTestDevice(Store& store, const Clock& clock, const std::string& name, v1::Role role,
                     std::vector<std::string> communities) {
  absl::StatusOr<DeviceGrant> grant = AddDevice(store, clock, {name, role, std::move(communities)});
  absl::StatusOr<Device> device =
      grant.ok() ? FindDevice(store, IdToString(grant->device_id)) : grant.status();
  if (device.ok()) return *device;
  ADD_FAILURE() << "device " << name << " not stored: " << device.status();
  return {};
}

v1::Record PersonChange(const std::string& id, const std::string& community, int64_t ms,
                        const std::string& full_name) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(id);
  r.set_community_id(community);
  r.set_hlc(HlcPack(ms, 0));
  v1::Field* f = r.add_fields();
  f->set_name("full_name");
  f->mutable_value()->set_text(full_name);
  return r;
}

}  // namespace hromada::server::testing
