// The enrolment card: what a field app scans to enrol (server URL, one-time
// code, and for TLS the pin of the server's key) as one URI in a QR code,
// written as a PNG and drawn in a terminal.
//
//   hromada://enrol?server=<URL>&code=<CODE>[&pin=sha256//<base64>]
//
// Stateless functions; thread-safe.
#ifndef HROMADA_SERVER_ADMIN_ENROL_CARD_H_
#define HROMADA_SERVER_ADMIN_ENROL_CARD_H_

#include <string>

#include "absl/status/statusor.h"

namespace hromada::server {

struct EnrolCard {
  std::string server_url;
  std::string code;
  std::string pin;  // "sha256//…", or "" for none
};

// The URI above, its values percent-encoded.
std::string EnrolUri(const EnrolCard& card);

// "sha256//<base64>" of the public key in the PEM certificate at `path`,
// the form `hromada enrol --pin` and libcurl take. INVALID_ARGUMENT if the
// file holds no certificate.
absl::StatusOr<std::string> KeyPinOfCertificate(const std::string& path);

// Checks a card before anything is registered for it: the server URL is
// http:// or https:// with a host and no spaces, the pin (if any) is
// "sha256//<base64>", and a file can be written at `png_path` (one that
// was not there is created and removed again). INVALID_ARGUMENT naming
// what to fix.
absl::Status CheckCard(const EnrolCard& card, const std::string& png_path);

// Writes `text` as a QR code PNG (black on white, 8 pixels a module, with
// the quiet zone) to `path`. UNAVAILABLE if the file cannot be written,
// INVALID_ARGUMENT if the text is too long for a QR code.
absl::Status WriteQrPng(const std::string& text, const std::string& path);

// `text` as a QR code drawn with Unicode half blocks, two rows a line,
// dark on a light terminal.
absl::StatusOr<std::string> QrForTerminal(const std::string& text);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_ENROL_CARD_H_
