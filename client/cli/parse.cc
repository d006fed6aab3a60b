#include "client/cli/parse.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/src/values.h"

namespace hromada::cli {

absl::StatusOr<Fields> ParseAssignments(absl::string_view kind,
                                        const std::vector<std::string>& args) {
  Fields fields;
  for (const std::string& arg : args) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", arg, "' is not a field=value pair (use field= to clear a field)"));
    }
    const std::string name = arg.substr(0, eq);
    absl::StatusOr<Value> value =
        client::ParseValueText(kind, name, absl::string_view(arg).substr(eq + 1));
    if (!value.ok()) return value.status();
    if (!fields.emplace(name, *std::move(value)).second) {
      return absl::InvalidArgumentError(absl::StrCat("'", name, "' is given twice"));
    }
  }
  return fields;
}

int ExitCodeFor(const absl::Status& status, bool talked_to_server) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitNetwork;
    case absl::StatusCode::kUnauthenticated:
      return kExitRefused;
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kAborted:
      return talked_to_server ? kExitRefused : kExitLocal;
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kUnimplemented:
      return talked_to_server ? kExitRefused : kExitUsage;
    default:
      return kExitUsage;
  }
}

std::string ErrorSentence(absl::string_view message) {
  std::string text(absl::StripAsciiWhitespace(message));
  if (text.empty()) text = "something went wrong";
  if (std::islower(static_cast<unsigned char>(text[0]))) {
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  }
  if (!absl::EndsWith(text, ".") && !absl::EndsWith(text, "?") && !absl::EndsWith(text, "!")) {
    text += '.';
  }
  return absl::StrCat("hromada: ", text);
}

std::string DefaultProfilePath() {
  const char* env = std::getenv("HROMADA_PROFILE");
  if (env != nullptr && env[0] != '\0') return env;
  const char* home = std::getenv("HOME");
  return absl::StrCat(home && home[0] ? home : ".", "/.local/share/hromada/default.db");
}

}  // namespace hromada::cli
