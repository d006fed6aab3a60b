#include "client/ui/enrol_uri.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace hromada::ui {
namespace {

constexpr char kPrefix[] = "hromada://enrol?";

absl::StatusOr<std::string> PercentDecoded(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int byte = 0;
    if (i + 2 >= text.size() || !absl::SimpleHexAtoi(text.substr(i + 1, 2), &byte)) {
      return absl::InvalidArgumentError("the enrolment text has a broken % escape");
    }
    out.push_back(static_cast<char>(byte));
    i += 2;
  }
  return out;
}

}  // namespace

absl::StatusOr<EnrolCardText> ParseEnrolUri(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (!absl::ConsumePrefix(&text, kPrefix)) {
    return absl::InvalidArgumentError("the enrolment text does not start with hromada://enrol?");
  }
  EnrolCardText card;
  for (absl::string_view pair : absl::StrSplit(text, '&', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::StatusOr<std::string> value = PercentDecoded(pair.substr(eq + 1));
    if (!value.ok()) return value.status();
    const absl::string_view name = pair.substr(0, eq);
    if (name == "server") card.server_url = *value;
    if (name == "code") card.code = *value;
    if (name == "pin") card.pin = *value;
  }
  if (card.server_url.empty() || card.code.empty()) {
    return absl::InvalidArgumentError("the enrolment text lacks the server or the code");
  }
  return card;
}

}  // namespace hromada::ui
