// How a hromada::Client is set up and what one of its calls is asked:
// the settings that unlock a profile and bound its calls (ClientSettings),
// how a device trusts its server (TlsSettings), and what a report covers
// (ReportRequest: one call's parameters, as LevelDB's ReadOptions are).
//
// Plain values, thread-compatible: copy them freely and read one from
// several threads; a thread writing one must be its only user meanwhile.
// Installed; needs only Abseil's headers besides this folder.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_OPTIONS_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_OPTIONS_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hromada {

// How a Client unlocks its profile and talks to the server.
//
// Encryption at rest (docs/security.md): a profile's personal data is
// sealed under a random data key that is kept only wrapped, in the file
// `<profile>.key` beside it: by a key derived from `passphrase` (Argon2id),
// or by the 32-byte key `key_provider` returns (an app keeps that one in
// the platform keystore). A new profile is locked with whichever is given
// (the passphrase when both are); opening needs the same one.
struct ClientSettings {
  std::string passphrase;
  // Called during Open (and ChangePassphrase) only, on the calling thread;
  // returns 32 bytes.
  std::function<absl::StatusOr<std::string>()> key_provider;
  // Wrong passphrases in a row after which the key is destroyed (the data
  // cannot be read again); fixed when the profile is created. 0: 10.
  int max_passphrase_failures = 0;
  // Upper bound on one push batch in bytes (also capped by the server's
  // max_push_bytes). 0: 1 MiB.
  size_t max_push_batch_bytes = 0;
  // Deadline of each call.
  absl::Duration call_deadline = absl::Seconds(60);
};

// How this device trusts its server. Given at enrolment and kept in the
// profile; every later Sync uses it.
struct TlsSettings {
  // Allows plain `http://` to a host other than this machine. Without it
  // such a URL is refused (FAILED_PRECONDITION): the token and every record
  // would cross the network readable. For a closed test network only;
  // `http://` to loopback is always allowed.
  bool insecure = false;
  // PEM text of the CA certificate(s) that sign the server's certificate
  // (a private CA). Empty: the system's CAs. The text is kept, not a path.
  std::string ca_pem;
  // The server's public key, "sha256//<base64 SHA-256 of its DER
  // SubjectPublicKeyInfo>" (several joined by ';'). With a pin the key
  // decides: a self-signed certificate is accepted if its key matches, and
  // any other key is refused even when a CA vouches for it.
  std::string pinned_public_key;
};

// A coordinator's report over this device's local records (docs/reports.md
// says what counts): the same computation as the server's, so a synced
// device gives the server's numbers for its communities, offline.
struct ReportRequest {
  enum class Format {
    // One object: "query", "scope", "as_of", the headline counts
    // ("meetings", "attendances", "individuals", "new_individuals",
    // "returning_individuals", "merged_records", "survey_responses",
    // "initiatives") and the tables "communities", "meeting_rows",
    // "breakdowns", "needs", "statuses", "text_answers",
    // "initiative_rows" (docs/reports.md).
    kJson,
    kHtml,   // one self-contained page (inline CSS and SVG, no scripts)
    kCsv,    // one wide table per section (docs/reports.md)
    kTable,  // aligned text for a terminal
  };
  std::string community_id;  // canonical UUID text; "" for every community here
  std::string from, to;      // YYYY-MM-DD, inclusive; "" leaves that end open
  std::string as_of;         // "now" for initiatives when `to` is ""; "": today (UTC)
  Format format = Format::kJson;
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_OPTIONS_H_
