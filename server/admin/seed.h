// The starting data of a new database: the six communities of the Kherson
// working-group network, with their Ukrainian and official Latin names.
#ifndef HROMADA_SERVER_ADMIN_SEED_H_
#define HROMADA_SERVER_ADMIN_SEED_H_

#include "absl/status/status.h"
#include "server/store/store.h"
#include "shared/base/clock.h"

namespace hromada::server {

// Adds the six communities (or updates them, by their Latin names).
absl::Status SeedCommunities(Store& store, const Clock& clock);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_SEED_H_
