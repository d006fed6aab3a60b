#include "server/store/open_store.h"

#include "absl/strings/str_cat.h"
#include "server/admin/seed.h"
#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"

namespace hromada::server {
namespace {

template <typename Backend>
absl::StatusOr<std::unique_ptr<Store>> Seeded(absl::StatusOr<std::unique_ptr<Backend>> store,
                                              const Clock& clock) {
  if (!store.ok()) return store.status();
  if ((*store)->created()) {
    if (absl::Status s = SeedCommunities(**store, clock); !s.ok()) return s;
  }
  return std::unique_ptr<Store>(*std::move(store));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& db, const Clock& clock,
                                                 int max_connections) {
  if (IsPostgresUrl(db)) return Seeded(PgStore::Open(db, max_connections), clock);
  return Seeded(SqliteStore::Open(db), clock);
}

std::string DescribeDb(const std::string& db) {
  if (!IsPostgresUrl(db)) return db;
  // scheme://user:password@host…: hide what lies between ':' and '@'.
  const size_t start = db.find("://") + 3;
  const size_t at = db.find('@', start);
  const size_t colon = db.find(':', start);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return db;
  return absl::StrCat(db.substr(0, colon + 1), "***", db.substr(at));
}

}  // namespace hromada::server
