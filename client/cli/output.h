// How the CLI shows things to people: records, status, sync progress and
// summary, kept-aside changes. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_OUTPUT_H_
#define HROMADA_CLIENT_CLI_OUTPUT_H_

#include <cstdint>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::cli {

// Synced text as it may be shown on a terminal: every C0 control but
// newline and tab, DEL, and every C1 control (U+0080..U+009F) becomes its
// \uXXXX escape, so that text from another device cannot move the cursor,
// recolour or retitle the terminal. Inside a JSON string the escape means
// the same character, so JSON output stays valid. Bytes that are not UTF-8
// pass as they are.
std::string EscapeControls(absl::string_view text);

// A stream buffer that writes what it is given to `sink` (borrowed; must
// outlive it) through the same escaping, except that carriage return also
// passes (the CLI's own progress line redraws with it). main() puts every
// byte the CLI prints through one of these.
class EscapingStreambuf final : public std::streambuf {
 public:
  explicit EscapingStreambuf(std::streambuf* sink) : sink_(sink) {}
  ~EscapingStreambuf() override;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool Put(unsigned char c);
  std::streambuf* sink_;
  bool after_c2_ = false;  // a 0xC2 lead byte is held back
};

std::string FormatTimeMs(int64_t unix_ms);    // "2024-05-01 14:03 UTC"
std::string FormatOffset(int64_t offset_ms);  // "this device's clock is 3 days behind ..."
// A clock's error as a person sets a clock: "7 minutes", "5 hours", "400 days".
std::string FormatClockGap(int64_t offset_ms);
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
