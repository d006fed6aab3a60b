#include "tests/server/test_records.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "shared/hlc.h"
#include "shared/uuid.h"

namespace hromada::server::testing {

std::string TempDbPath(const std::string& name) {
  static std::atomic<int> counter{0};
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir ? dir : "/tmp", "/hromada-", getpid(), "-", counter++, "-", name, ".db");
}

std::string NewId() { return Uuid::V4().bytes(); }

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
