// Device secrets: bearer tokens and one-time enrolment codes. The server
// stores only their SHA-256 hashes, so a copy of its database does not let
// anyone act as a device.
#ifndef HROMADA_SERVER_SYNC_AUTH_H_
#define HROMADA_SERVER_SYNC_AUTH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace hromada::server {

// 256 random bits, URL-safe base64 (43 characters).
std::string NewToken();

// 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// grouped as XXXX-XXXX-XXXX for reading aloud over a bad phone line.
std::string NewEnrolmentCode();

// Upper-cases and drops dashes and spaces, so "abcd efgh-jkmn" matches.
std::string NormalizeCode(absl::string_view code);

// SHA-256 of `secret`, 32 raw bytes.
std::string HashSecret(absl::string_view secret);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_AUTH_H_
