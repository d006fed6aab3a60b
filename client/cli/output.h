// How the CLI shows things to people: records, status, sync progress and
// summary, kept-aside changes. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_OUTPUT_H_
#define HROMADA_CLIENT_CLI_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::cli {

std::string FormatBytes(uint64_t bytes);      // "812 B", "12.3 kB", "4.5 MB"
std::string FormatTimeMs(int64_t unix_ms);    // "2024-05-01 14:03 UTC"
std::string FormatOffset(int64_t offset_ms);  // "server is 3 s ahead of this device"
// One line, for `\r` redrawing: "pull: 1200 of ~5000 records, 340 kB".
std::string ProgressLine(const SyncProgress& progress);
std::string SyncSummary(const SyncReport& report);
// "name: value" lines of a record, after its kind, id and community.
std::vector<std::string> RecordLines(const RecordView& record);
// One line per record for `list`: id then name=value pairs.
std::string RecordSummary(const RecordView& record);
std::vector<std::string> StatusLines(const ClientStatus& status);
std::vector<std::string> RejectedLines(const RejectedChange& change);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_OUTPUT_H_
