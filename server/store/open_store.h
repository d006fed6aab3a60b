// Opens the server's Store named by `--db`: a postgresql:// (or
// postgres://) URL opens PostgreSQL (store/pg_store.h), anything else is a
// SQLite file path (store/sqlite_store.h). A database created by this call
// is seeded with the six communities (seed.h).
#ifndef HROMADA_SERVER_STORE_OPEN_STORE_H_
#define HROMADA_SERVER_STORE_OPEN_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/store.h"
#include "shared/base/clock.h"

namespace hromada::server {

// UNAVAILABLE, in one sentence, if a PostgreSQL database cannot be reached
// (or its URL is malformed); FAILED_PRECONDITION for a SQLite file that
// cannot be opened; either for a schema written by a newer hromada.
// `max_connections` caps a PostgreSQL store's pool (PgStore::Open); SQLite
// ignores it.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& db, const Clock& clock,
                                                 int max_connections = 0);

// `db` fit for a log line: a URL's password is replaced by "***".
std::string DescribeDb(const std::string& db);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_OPEN_STORE_H_
