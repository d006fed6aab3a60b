// The revocation journal: a file (mode 0600) with one line for every
// device cut off (revoked, asked to retire, or moved to a new id by
// reissue-code), kept outside the database so that a restore of an older
// backup cannot bring such a device back (issue 22). On SQLite it sits
// beside the database ("<db>.revocations") and `admin restore` re-applies
// it to the restored copy before the copy goes into place; on PostgreSQL
// it is the file given with --revocation-journal (or
// $HROMADA_REVOCATION_JOURNAL), and `admin new-epoch` re-applies it after
// pg_restore.
//
// Lines are appended and fsync'ed; a line cut short by a crash is ignored.
// Thread-compatible (one admin command writes at a time, and a server never
// writes it).
#ifndef HROMADA_SERVER_ADMIN_REVOCATION_JOURNAL_H_
#define HROMADA_SERVER_ADMIN_REVOCATION_JOURNAL_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace hromada::server {

// The journal of the database `db`: `given` (--revocation-journal) if not
// empty, else "<db>.revocations" for a SQLite path and "" (none) for a
// PostgreSQL URL.
std::string RevocationJournalPath(const std::string& db, const std::string& given);

enum class CutOff { kRevoked, kRetiring };

// Appends that `device_id` was cut off at `at_ms` (`reason`: a
// revocation's). Nothing for an empty `path`. FAILED_PRECONDITION naming
// the file if it cannot be written.
absl::Status JournalCutOff(const std::string& path, CutOff how, absl::string_view device_id,
                           int64_t at_ms, absl::string_view reason);

// Cuts off again, in `store`, every device the journal at `path` names
// that the store holds in service: revoked ones revoked (their first
// time and reason), retiring ones asked to retire. A missing journal is
// empty. Returns how many devices it changed; FAILED_PRECONDITION for a
// damaged journal.
absl::StatusOr<int> ReapplyRevocations(const std::string& path, Store& store);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_REVOCATION_JOURNAL_H_
