// The profile's SQLite schema: made in a new file, or an older file
// brought up to date when it is opened, each step once.
//
// Versions: 1 all in clear; 2 sealed payloads (a schema-1 file is
// encrypted in place, its clear pages purged from the file and the WAL);
// 3 the clocks beside outbox changes; 4 the sent log; 5 when each record's
// last change was acked; 6 acked_seq beside each record's ack; 7 an
// attendance's refs in clear, for reports; 8 attachment contents; 9 each
// unsent change's stamp in clear, to re-date the outbox without opening it.
//
// Stateless functions over a Db the caller uses alone.
#ifndef HROMADA_CLIENT_SRC_STORE_MIGRATE_H_
#define HROMADA_CLIENT_SRC_STORE_MIGRATE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/src/crypto/crypto.h"
#include "shared/base/sqlite.h"

namespace hromada::client {

inline constexpr int kProfileSchemaVersion = 9;

// The file's user_version: 0 for a new file.
absl::StatusOr<int64_t> SchemaVersion(sql::Db* db);

// Creates the schema in a new file or upgrades an older one to
// kProfileSchemaVersion, in transactions of its own (an encryption of a
// schema-1 file that is cut off is done again next time).
// FAILED_PRECONDITION for a file of a newer version; DATA_LOSS if a
// sealed row does not open with `cipher`; SQLite's errors.
absl::Status CreateOrUpgradeSchema(sql::Db* db, const RowCipher& cipher);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_MIGRATE_H_
