#include "client/cli/output.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace hromada::cli {

std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1000) return absl::StrCat(bytes, " B");
  if (bytes < 1000 * 1000) return absl::StrFormat("%.1f kB", bytes / 1e3);
  return absl::StrFormat("%.1f MB", bytes / 1e6);
}

std::string FormatTimeMs(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(unix_ms), absl::UTCTimeZone());
}

std::string FormatOffset(int64_t offset_ms) {
  if (std::llabs(offset_ms) < 1000) return "this device's clock agrees with the server's";
  const std::string amount = absl::FormatDuration(absl::Seconds(std::llabs(offset_ms) / 1000));
  return absl::StrCat("this device's clock is ", amount, offset_ms > 0 ? " behind" : " ahead of",
                      " the server's (corrected automatically)");
}

std::string ProgressLine(const SyncProgress& p) {
  switch (p.phase) {
    case SyncPhase::kHandshake:
      return "connecting...";
    case SyncPhase::kPush:
      return absl::StrCat("sending: ", p.records_done, " of ", p.records_expected, " changes, ",
                          FormatBytes(p.bytes_done), " of ", FormatBytes(p.bytes_expected));
    case SyncPhase::kPull:
      return absl::StrCat("receiving: ", p.records_done, " of ~", p.records_expected, " records, ",
                          FormatBytes(p.bytes_done));
    case SyncPhase::kDone:
      return "done";
  }
  return "";
}

std::string SyncSummary(const SyncReport& r) {
  std::string refused =
      r.rejected == 0 ? "" : absl::StrCat(", ", r.rejected, " refused (see `hromada rejected`)");
  return absl::StrCat("Synced: sent ", r.acked, " changes", refused, ", received ", r.pulled,
                      " records; ", FormatBytes(r.bytes_up), " up, ", FormatBytes(r.bytes_down),
                      " down in ",
                      absl::FormatDuration(absl::Trunc(r.duration, r.duration < absl::Seconds(1)
                                                                       ? absl::Milliseconds(1)
                                                                       : absl::Milliseconds(100))),
                      ".");
}

std::vector<std::string> RecordLines(const RecordView& record) {
  std::vector<std::string> lines = {absl::StrCat("kind: ", record.kind),
                                    absl::StrCat("id: ", record.id)};
  if (!record.community_id.empty()) lines.push_back("community: " + record.community_id);
  for (const auto& [name, value] : record.fields) {
    lines.push_back(absl::StrCat(name, ": ", ValueToText(value)));
  }
  return lines;
}

std::string RecordSummary(const RecordView& record) {
  std::vector<std::string> parts = {record.id};
  for (const auto& [name, value] : record.fields) {
    parts.push_back(absl::StrCat(name, "=", ValueToText(value)));
  }
  return absl::StrJoin(parts, "  ");
}

// How the device reaches its server, as chosen at enrolment.
std::string ConnectionLine(const ClientStatus& s) {
  if (!absl::StartsWithIgnoreCase(s.server_url, "https://")) {
    return s.tls.insecure ? "plain http, NOT encrypted (enrolled with --insecure)"
                          : "plain http to this machine only";
  }
  std::string line = s.tls.ca_pem.empty() ? "TLS, the system's CAs" : "TLS, a private CA";
  if (!s.tls.pinned_public_key.empty()) absl::StrAppend(&line, ", key pinned");
  return line;
}

std::vector<std::string> StatusLines(const ClientStatus& s) {
  std::vector<std::string> lines;
  if (!s.enrolled) {
    lines.push_back("enrolled: no (run `hromada enrol --server URL --code CODE`)");
  } else {
    const char* role = s.role == Role::kCoordinator ? "coordinator" : "field staff";
    lines.push_back(absl::StrCat("enrolled: yes, as ", role, " at ", s.server_url));
    lines.push_back("device: " + s.device_id);
    lines.push_back("communities: " + absl::StrJoin(s.communities, ", "));
    lines.push_back("connection: " + ConnectionLine(s));
  }
  lines.push_back(absl::StrCat("changes waiting to be sent: ", s.pending_changes));
  lines.push_back(absl::StrCat("changes refused by the server: ", s.rejected,
                               s.rejected ? " (see `hromada rejected`)" : ""));
  lines.push_back("last successful sync: " +
                  (s.last_sync_ms ? FormatTimeMs(*s.last_sync_ms) : std::string("never")));
  lines.push_back("clock: " + FormatOffset(s.clock_offset_ms));
  if (!s.last_error.empty()) lines.push_back("last sync failed: " + s.last_error);
  return lines;
}

std::vector<std::string> RejectedLines(const RejectedChange& c) {
  std::vector<std::string> lines = {
      absl::StrCat("change #", c.device_seq, ": ", c.is_delete ? "delete of " : "", c.kind, " ",
                   c.id, " refused on ", FormatTimeMs(c.at_ms)),
      absl::StrCat("  why: ", c.message, c.field.empty() ? "" : " (field '" + c.field + "')")};
  for (const auto& [name, value] : c.fields) {
    lines.push_back(absl::StrCat("  ", name, " = ", ValueToText(value)));
  }
  return lines;
}

}  // namespace hromada::cli
