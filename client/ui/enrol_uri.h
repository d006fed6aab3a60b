// The text of an enrolment card's QR code, read back: the device side of
// server/admin/enrol_card.h's EnrolUri,
//   hromada://enrol?server=<URL>&code=<CODE>[&pin=sha256//<base64>]
// with its values percent-decoded. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_UI_ENROL_URI_H_
#define HROMADA_CLIENT_UI_ENROL_URI_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada::ui {

struct EnrolCardText {
  std::string server_url;
  std::string code;
  std::string pin;  // "" if the card has none
};

// INVALID_ARGUMENT for text that is not such a URI, lacks the server or
// the code, or has a broken percent escape. Spaces and line breaks around
// it (a paste) are ignored.
absl::StatusOr<EnrolCardText> ParseEnrolUri(absl::string_view text);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_ENROL_URI_H_
