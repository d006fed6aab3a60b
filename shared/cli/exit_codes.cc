#include "shared/cli/exit_codes.h"

#include <cctype>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/types/optional.h"
#include "shared/base/text.h"

namespace hromada::cli {
namespace {

constexpr char kOrigin[] = "hromada.cli/origin";
constexpr char kServer[] = "server";
constexpr char kProfile[] = "profile";

using Code = absl::StatusCode;

// The table. A code not listed is the person's input to fix (1), whoever
// answered: INVALID_ARGUMENT, OUT_OF_RANGE, ALREADY_EXISTS, CANCELLED,
// UNKNOWN. A failure to open the profile is 4 whatever its code. The
// server's admin commands use the first column: their data is the server's
// database, and UNAVAILABLE there is a PostgreSQL server out of reach.
struct Row {
  Code code;
  ExitCode on_device;  // a command's own checks and this machine's data
  ExitCode server;     // what the server answered (FromServer)
};
constexpr Row kTable[] = {
    {Code::kOk, kExitOk, kExitOk},
    {Code::kUnavailable, kExitNetwork, kExitNetwork},
    {Code::kDeadlineExceeded, kExitNetwork, kExitNetwork},
    {Code::kUnauthenticated, kExitRefused, kExitRefused},  // revoked device, wrong code
    {Code::kInternal, kExitLocal, kExitRefused},
    {Code::kDataLoss, kExitLocal, kExitRefused},
    {Code::kAborted, kExitLocal, kExitRefused},  // here: the profile or database is busy
    {Code::kFailedPrecondition, kExitUsage, kExitRefused},
    {Code::kPermissionDenied, kExitUsage, kExitRefused},
    {Code::kNotFound, kExitUsage, kExitRefused},
    {Code::kResourceExhausted, kExitUsage, kExitRefused},
    {Code::kUnimplemented, kExitUsage, kExitRefused},
};

constexpr char kDeviceHelp[] = R"(Exit codes:
  0  done
  1  wrong arguments or a value that does not fit the record (nothing was written)
  2  the server cannot be reached now; nothing is lost, sync again later
  3  the server refused (enrolment code, revoked device, old app version, clock)
  4  the local profile cannot be used (file, disk full, damaged))";
constexpr char kServerHelp[] = R"(Exit codes (the same table as the device's `hromada`):
  0  done
  1  wrong arguments, a name that fits nothing, or a state to fix first (nothing was written)
  2  the PostgreSQL server cannot be reached now; try again later
  4  the database cannot be used (file, disk full, damaged, busy))";

absl::Status Mark(absl::Status status, absl::string_view origin) {
  status.SetPayload(kOrigin, absl::Cord(origin));  // a no-op on OK
  return status;
}

std::string OriginOf(const absl::Status& status) {
  const absl::optional<absl::Cord> origin = status.GetPayload(kOrigin);
  return origin ? std::string(*origin) : "";
}

}  // namespace

absl::Status FromServer(absl::Status status) { return Mark(std::move(status), kServer); }

absl::Status FromProfile(absl::Status status) { return Mark(std::move(status), kProfile); }

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  const std::string origin = OriginOf(status);
  if (origin == kProfile) return kExitLocal;
  for (const Row& row : kTable) {
    if (row.code == status.code()) return origin == kServer ? row.server : row.on_device;
  }
  return kExitUsage;
}

const char* ExitCodesHelp(Binary binary) {
  return binary == Binary::kServer ? kServerHelp : kDeviceHelp;
}

std::string ErrorSentence(absl::string_view program, absl::string_view message) {
  // Messages echo what was typed, which may be huge or not UTF-8.
  std::string text = ShownText(absl::StripAsciiWhitespace(message), 1000);
  absl::StrReplaceAll({{"\r", " "}, {"\n", " "}}, &text);
  if (text.empty()) text = "something went wrong";
  // A first word that is a file name ("a1.json", "var/x.db") keeps its case.
  const std::string first_word = text.substr(0, text.find_first_of(" :"));
  const size_t dot = first_word.find_first_of("./");
  const bool file_name = dot != std::string::npos && dot + 1 < first_word.size();
  if (!file_name && std::islower(static_cast<unsigned char>(text[0]))) {
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  }
  if (!absl::EndsWith(text, ".") && !absl::EndsWith(text, "?") && !absl::EndsWith(text, "!")) {
    text += '.';
  }
  return absl::StrCat(program, ": ", text);
}

}  // namespace hromada::cli
