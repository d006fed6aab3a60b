#include "client/cli/output.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "shared/base/text.h"

namespace hromada::cli {

namespace {

// Appends the escape of one control code point.
void AppendEscape(uint32_t cp, std::string* out) { absl::StrAppendFormat(out, "\\u%04x", cp); }

bool IsEscapedC0(unsigned char c, bool pass_cr) {
  if (c == '\n' || c == '\t' || (pass_cr && c == '\r')) return false;
  return c < 0x20 || c == 0x7f;
}

}  // namespace

std::string EscapeControls(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsEscapedC0(c, false)) {
      AppendEscape(c, &out);
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      AppendEscape(static_cast<unsigned char>(text[++i]), &out);  // C1 is U+0080..U+009F
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

EscapingStreambuf::~EscapingStreambuf() { sync(); }

bool EscapingStreambuf::Put(unsigned char c) {
  std::string out;
  if (after_c2_) {
    after_c2_ = false;
    if (c >= 0x80 && c <= 0x9f) {
      AppendEscape(c, &out);
      return sink_->sputn(out.data(), out.size()) == static_cast<std::streamsize>(out.size());
    }
    out.push_back('\xc2');
  }
  if (c == 0xc2) {
    after_c2_ = true;
  } else if (IsEscapedC0(c, true)) {
    AppendEscape(c, &out);
  } else {
    out.push_back(static_cast<char>(c));
  }
  return out.empty() ||
         sink_->sputn(out.data(), out.size()) == static_cast<std::streamsize>(out.size());
}

EscapingStreambuf::int_type EscapingStreambuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  return Put(static_cast<unsigned char>(c)) ? c : traits_type::eof();
}

std::streamsize EscapingStreambuf::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) {
    if (!Put(static_cast<unsigned char>(s[i]))) return i;
  }
  return n;
}

int EscapingStreambuf::sync() {
  if (after_c2_) {
    after_c2_ = false;
    if (sink_->sputc('\xc2') == traits_type::eof()) return -1;
  }
  return sink_->pubsync();
}

std::string FormatTimeMs(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(unix_ms), absl::UTCTimeZone());
}

std::string FormatClockGap(int64_t offset_ms) {
  const int64_t seconds = std::llabs(offset_ms) / 1000;
  const auto count = [](int64_t n, const char* unit) {
    return absl::StrCat(n, " ", unit, n == 1 ? "" : "s");
  };
  if (seconds < 120) return count(seconds, "second");
  if (seconds < 120 * 60) return count(seconds / 60, "minute");
  if (seconds < 48 * 3600) return count(seconds / 3600, "hour");
  return count(seconds / 86400, "day");
}

std::string FormatOffset(int64_t offset_ms) {
  if (std::llabs(offset_ms) < 1000) return "this device's clock agrees with the server's";
  return absl::StrCat("this device's clock is ", FormatClockGap(offset_ms),
                      offset_ms > 0 ? " behind" : " ahead of",
                      " the server's (corrected automatically)");
}

std::string ProgressLine(const SyncProgress& p) {
  switch (p.phase) {
    case SyncPhase::kHandshake:
      return "connecting...";
    case SyncPhase::kPush:
      return absl::StrCat("sending: ", p.records_done, " of ", p.records_expected, " changes, ",
                          BytesText(p.bytes_done), " of ~", BytesText(p.bytes_expected),
                          " on the wire");
    case SyncPhase::kPull:
      return absl::StrCat("receiving: ", p.records_done, " of ~", p.records_expected, " records, ",
                          BytesText(p.bytes_done), " on the wire");
    case SyncPhase::kAttachments:
      return absl::StrCat("sending files: ", p.records_done, " of ", p.records_expected, ", ",
                          BytesText(p.bytes_done), " of ", BytesText(p.bytes_expected));
    case SyncPhase::kDone:
      return "done";
  }
  return "";
}

std::string SyncSummary(const SyncReport& r) {
  std::string refused =
      r.rejected == 0 ? "" : absl::StrCat(", ", r.rejected, " refused (see `hromada rejected`)");
  return absl::StrCat("Synced: sent ", r.acked, r.acked == 1 ? " change" : " changes", refused,
                      ", received ", r.pulled, r.pulled == 1 ? " record; " : " records; ",
                      BytesText(r.bytes_up), " up, ", BytesText(r.bytes_down), " down in ",
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
    lines.push_back(absl::StrCat(name, ": ", EscapeControls(ValueToText(value))));
  }
  return lines;
}

std::string RecordSummary(const RecordView& record) {
  std::vector<std::string> parts = {record.id};
  for (const auto& [name, value] : record.fields) {
    parts.push_back(absl::StrCat(name, "=", EscapeControls(ValueToText(value))));
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
    const char* role = s.role == Role::kNetworkCoordinator ? "network coordinator"
                       : s.role == Role::kCoordinator      ? "coordinator"
                                                           : "field staff";
    lines.push_back(absl::StrCat("enrolled: yes, as ", role, " at ", s.server_url));
    lines.push_back("device: " + s.device_id);
    lines.push_back("communities: " + absl::StrJoin(s.communities, ", "));
    lines.push_back("connection: " + ConnectionLine(s));
  }
  lines.push_back(absl::StrCat("changes waiting to be sent: ", s.pending_changes));
  if (s.pending_files > 0) {
    lines.push_back(absl::StrCat("files waiting to be sent: ", s.pending_files, " (",
                                 BytesText(s.pending_file_bytes), ")"));
  }
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
