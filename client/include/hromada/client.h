// hromada::Client: the embedded field client. One Client owns one device
// profile (one SQLite file): the local records, the outbox of changes not
// yet acknowledged by the server, the sync cursor and the enrolment.
//
// Local first: Put and Delete commit to the local file at once (one
// transaction writes the record's new state and appends the change to the
// outbox) and never touch the network. Sync() exchanges changes with the
// server when there is a link; an interrupted Sync loses nothing and the
// next one resumes where it stopped.
//
// Thread-safe: any method may be called from any thread. Store operations
// are serialized; a Sync in progress holds the store only between network
// calls, so Put/Get/List stay responsive during it. One Sync at a time:
// a second concurrent Sync waits for the first.
//
// Errors (absl::Status), by what the caller should do:
//   INVALID_ARGUMENT     the input is wrong (bad field, unknown kind, bad id);
//                        fix it, never retry as is.
//   NOT_FOUND            no such record (or, from Enrol, no such code).
//   PERMISSION_DENIED    this device's role or communities do not allow it;
//                        from Sync: the server ordered a wipe (see Sync).
//   FAILED_PRECONDITION  the state must change first: not enrolled, already
//                        enrolled, client too old, clock too far ahead,
//                        no passphrase or key given, the profile wiped.
//   UNAUTHENTICATED      the server no longer accepts this device (revoked).
//   UNAVAILABLE / DEADLINE_EXCEEDED  no usable link now; try Sync later,
//                        nothing is lost.
//   ABORTED              the profile file is busy (another process); retry.
//   RESOURCE_EXHAUSTED   the disk is full.
//   INTERNAL / DATA_LOSS the profile file or the server broke its contract.
// Messages are one plain sentence a person can act on.
//
// This header and hromada/record.h are the installed C++ API. They need
// only the installed include folder and Abseil's headers (absl::Status,
// absl::StatusOr, absl::Duration), and C++17; link hromada::client (CMake
// package "hromada") or libhromada-client plus absl_status, absl_statusor
// and absl_time.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hromada/export.h"
#include "hromada/record.h"

namespace hromada {

// Defined in headers that are not installed (client/src/client_internal.h,
// shared/report/report.h): the two Client members that take them serve
// hromada's own CLI and tests, and an app cannot name them.
struct ClientOptions;
struct Report;
struct ReportQuery;

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
  // Called during Open (and ChangePassphrase) only; returns 32 bytes.
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

enum class Role { kUnknown, kField, kCoordinator, kNetworkCoordinator };

// A round goes handshake, push, pull, attachments (only when files wait
// to be sent), done. kAttachments is numbered last so that the C API's
// numbers (hromada.h) stay as they were.
enum class SyncPhase { kHandshake, kPush, kPull, kDone, kAttachments };

// kRetrying: a call failed for the link and is tried again after a pause.
enum class LinkState { kUp, kRetrying };

// Where a Sync is. "Expected" values are what is known at the start of the
// phase: for push, the outbox's changes and bytes (then, as batches are
// acked, the bytes sent plus what is left at the compression seen so far,
// ending at the wire bytes sent); for pull, the server's estimate of
// records to pull (bytes_expected 0: not known); for attachments, the
// files waiting to be sent and their bytes. bytes_done counts bytes on
// the wire in the phase's direction (up for push, down for pull), the call
// in flight included, so it moves within a call; for attachments, the
// bytes of those files the server holds (some may be there from a round
// cut off), also moving within a call.
struct SyncProgress {
  SyncPhase phase = SyncPhase::kHandshake;
  uint64_t records_done = 0;
  uint64_t records_expected = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_expected = 0;
  // Server clock minus device clock, as measured this sync (or before).
  int64_t clock_offset_ms = 0;
  // Bytes on the wire this sync so far, retries and the call in flight
  // included (as SyncReport counts them).
  uint64_t wire_bytes_up = 0;
  uint64_t wire_bytes_down = 0;
  LinkState link = LinkState::kUp;
  int retries = 0;          // calls tried again so far this sync
  absl::Duration retry_in;  // while kRetrying: the pause left before the next try
};

// Called on the thread running Sync after each step, when a call is to be
// retried, and at most about every 100 ms while bytes move within a call.
// Must not call back into the Client.
using ProgressCallback = std::function<void(const SyncProgress&)>;

struct SyncReport {
  uint64_t pushed = 0;    // changes sent (retries not counted twice)
  uint64_t acked = 0;     // changes the server confirmed handled
  uint64_t rejected = 0;  // of those, refused for their content (see Rejected())
  uint64_t pulled = 0;    // record states received
  uint64_t bytes_up = 0;  // bytes on the wire, all calls, retries included
  uint64_t bytes_down = 0;
  int calls = 0;  // network calls made, retries included
  absl::Duration duration;
  int64_t clock_offset_ms = 0;  // server clock minus device clock, measured
  // Attachments, sent after the records. Their failure never fails the
  // Sync: the records are synced, and the next Sync sends the rest from
  // the chunk where this one stopped.
  uint64_t attachments_sent = 0;  // contents the server now holds whole
  uint64_t attachment_bytes = 0;  // their bytes sent this round
  std::string attachment_error;   // why one was not sent; "" if none
};

// A file attached to a record (Client::AddAttachment).
struct AttachmentInfo {
  std::string id;           // the attachment record's id
  std::string record_kind;  // what it is attached to
  std::string record_id;
  std::string sha256;  // 64 lower-case hex digits
  uint64_t size = 0;   // bytes
  std::string media_type;
  std::string file_name;
  bool on_device = false;  // its bytes are here (else GetAttachment fetches them)
  bool sent = false;       // the server holds its bytes
};

// Whether a record has reached the server ("did it arrive?").
struct RecordSync {
  enum class State {
    kSynced,   // the server has all of this device's changes to it
    kWaiting,  // some changes are not yet confirmed by the server
    kRefused,  // the server refused its latest change (see Rejected())
  };
  State state = State::kSynced;
  // kSynced: when the server confirmed its last change (device clock);
  // 0 when it came from the server and was not changed here.
  int64_t synced_ms = 0;
  uint64_t waiting = 0;  // changes not yet confirmed
  std::string refusal;   // kRefused: the server's reason
};

// What a bundle export or import did (Client::ExportBundle, ImportBundle).
struct BundleReport {
  uint64_t changes = 0;  // export: this device's unsent changes written
  uint64_t acked = 0;    // import: changes the server confirmed handled
  uint64_t refused = 0;  // import: of those, refused (see Rejected())
  uint64_t records = 0;  // import: record states received
  // import: the server's database was restored from a backup; this many of
  // the device's changes it had confirmed go again in the next bundle.
  uint64_t resent = 0;
};

struct ClientStatus {
  bool enrolled = false;
  std::string server_url;
  std::string device_id;  // canonical UUID text; empty until enrolled
  Role role = Role::kUnknown;
  std::vector<std::string> communities;  // ids this device syncs
  uint64_t pending_changes = 0;          // in the outbox
  uint64_t rejected = 0;                 // kept aside, see Rejected()
  std::optional<int64_t> last_sync_ms;   // last Sync that completed
  int64_t clock_offset_ms = 0;           // server clock minus device clock
  uint64_t cursor = 0;                   // server order pulled through
  std::string last_error;                // of the last failed Sync; "" after success
  TlsSettings tls;                       // as given at enrolment
};

// A local change the server refused for its content, kept aside for a
// person to fix (put the record again with a correct value).
struct RejectedChange {
  uint64_t device_seq = 0;
  std::string kind;
  std::string id;
  std::string community_id;
  bool is_delete = false;
  Fields fields;  // what the change set (Null: cleared)
  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string field;  // the offending field, if one is to blame
  std::string message;
  int64_t at_ms = 0;  // when it was refused (device clock)
};

// One edit for Put/PutAll. Fields not named are left as they are; a Null
// value clears a field.
struct Edit {
  std::string kind;
  std::string id;            // empty: a new UUIDv7 is generated
  std::string community_id;  // required for a new record of a non-shared kind
  Fields fields;
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

class HROMADA_EXPORT Client {
 public:
  // Opens (creating if needed) the profile at `profile_path`; the folder
  // must exist. Unlocks it with settings.passphrase or key_provider (a new
  // profile gets a new key, its files mode 0600; a profile from before
  // encryption is encrypted in place). FAILED_PRECONDITION if the file
  // cannot be opened, was written by a newer client, or nothing to unlock
  // it was given, or its key is gone; PERMISSION_DENIED for a wrong
  // passphrase (nothing is read or changed but the count of wrong tries;
  // the message warns when few are left, and the last one destroys the
  // key); ABORTED if another process holds it busy.
  static absl::StatusOr<std::unique_ptr<Client>> Open(const std::string& profile_path,
                                                      const ClientSettings& settings = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Exchanges a one-time enrolment code for this device's id and token and
  // stores them. FAILED_PRECONDITION if the profile is already enrolled;
  // NOT_FOUND / FAILED_PRECONDITION (from the server) for a wrong, used or
  // expired code; UNAVAILABLE without a link.
  // A certificate the settings do not trust, a pin that does not match
  // or `http://` to another host without `insecure`: FAILED_PRECONDITION
  // (permanent: fix the settings, retrying will not help).
  // The code stays valid until the server sees the device's first
  // handshake (so a lost answer does not strand it); Enrol makes that
  // handshake at once, best effort, so the code cannot enrol a second
  // phone as this device. If it fails, the first Sync makes it.
  absl::Status Enrol(const std::string& server_url, const std::string& code,
                     const std::string& device_name, const TlsSettings& tls = {});

  // What Enrol would refuse of `server_url` and `tls` before any
  // connection (a malformed URL, plain http:// to another host without
  // `insecure`, an unusable CA), as Enrol says it; OK otherwise.
  absl::Status CheckServerUrl(const std::string& server_url, const TlsSettings& tls = {}) const;

  // Writes `edit` locally as one change and returns the record's id. An
  // attendance without an id gets AttendanceId(meeting, person).
  // The change is validated (field types, required fields of the merged
  // record, community) before anything is written; on error nothing is.
  // A record's community is fixed when it is created.
  absl::StatusOr<std::string> Put(const Edit& edit);
  absl::StatusOr<std::string> Put(const std::string& kind, const std::string& id,
                                  const std::string& community_id, const Fields& fields);
  // Writes several edits in ONE local transaction: all or none. Each edit is
  // still its own change in the outbox. Returns the ids in order.
  absl::StatusOr<std::vector<std::string>> PutAll(const std::vector<Edit>& edits);

  // Deletes a record (a tombstone that syncs). NOT_FOUND if there is no
  // live record (kind, id).
  absl::Status Delete(const std::string& kind, const std::string& id);

  // The live record, or nullopt if there is none (never existed or deleted).
  absl::StatusOr<std::optional<RecordView>> Get(const std::string& kind, const std::string& id);
  // Every live record of `kind`, ordered by id.
  absl::StatusOr<std::vector<RecordView>> List(const std::string& kind);
  // Streams the live records of `kind` ordered by id without holding them
  // all; `fn` returns false to stop early. `fn` must not call the Client.
  absl::Status ForEach(const std::string& kind, const std::function<bool(const RecordView&)>& fn);

  // Handshake, push the outbox, pull until current. Each step commits, so a
  // failed Sync keeps what it did and the next one resumes. On failure the
  // status says why (see the codes above); the report of a failed Sync is
  // not returned but its error is kept in GetStatus().last_error.
  //
  // A wipe order from the server (the admin revoked or retired this
  // device) erases the profile's files and fails with PERMISSION_DENIED
  // and the admin's reason; the Client then holds an empty, unenrolled
  // profile in memory. No other call may run on the Client meanwhile.
  absl::StatusOr<SyncReport> Sync(const ProgressCallback& progress = nullptr);

  // Attachments (docs/protocol.md "Attachments"). AddAttachment keeps the
  // file at `file_path` on the device, sealed, and attaches it to record
  // `record_id` (of a kind an attachment may name) with a new attachment
  // record; the next Sync sends the record, then the bytes. The same file
  // attached twice to a record gives the first attachment back. NOT_FOUND
  // for a missing file or no such record here, RESOURCE_EXHAUSTED for a
  // file over 10 MB, INVALID_ARGUMENT for an empty one or a bad id.
  absl::StatusOr<AttachmentInfo> AddAttachment(const std::string& record_id,
                                               const std::string& file_path);
  // The live attachments of record `record_id`, by id.
  absl::StatusOr<std::vector<AttachmentInfo>> ListAttachments(const std::string& record_id);
  // Writes the content with this SHA-256 to `output_path` (mode 0600),
  // fetched from the server first if the device lacks it (a cut fetch
  // resumes where it stopped). NOT_FOUND if no attachment record here
  // names it; FAILED_PRECONDITION if the server does not have it whole
  // yet; UNAVAILABLE without a link; DATA_LOSS if the bytes do not match.
  absl::Status GetAttachment(const std::string& sha256, const std::string& output_path);

  // Whether the record (kind, id) has reached the server. NOT_FOUND if
  // this device knows nothing of it; INVALID_ARGUMENT for a bad id.
  absl::StatusOr<RecordSync> SyncStateOf(const std::string& kind, const std::string& id);

  // Bundles, for a device without a link (docs/protocol.md "Bundles"):
  // ExportBundle writes the unsent changes and the pull cursor to `path`,
  // signed by this device and encrypted to the server; ImportBundle applies
  // the server's answer as a sync would (acks, refusals, records, cursor).
  // Either may be repeated, or mixed with Sync: nothing applies twice.
  // FAILED_PRECONDITION if not enrolled or enrolled without bundle keys
  // (an older app); for an import, INVALID_ARGUMENT for a file that is not
  // this device's answer or is damaged, PERMISSION_DENIED for one the
  // server did not sign (tampered or forged): nothing is changed then.
  absl::StatusOr<BundleReport> ExportBundle(const std::string& path);
  absl::StatusOr<BundleReport> ImportBundle(const std::string& path);

  // The report as text in `request.format`. INVALID_ARGUMENT for bad
  // dates or community id.
  absl::StatusOr<std::string> RenderReport(const ReportRequest& request);

  absl::StatusOr<ClientStatus> GetStatus();
  // Changes refused by the server, oldest first.
  absl::StatusOr<std::vector<RejectedChange>> Rejected();

  // Re-wraps the data key under `new_passphrase` (nothing else is
  // rewritten); the old passphrase no longer opens the profile. A profile
  // locked by a key provider becomes locked by the passphrase.
  // INVALID_ARGUMENT for an empty passphrase.
  absl::Status ChangePassphrase(const std::string& new_passphrase);

  // Crypto-erasure: overwrites the wrapped key, fsyncs and removes it, then
  // removes the profile's files (db, -wal, -shm). Once the key is gone the
  // data cannot be read even if a file survives. Every later call on this
  // Client fails with FAILED_PRECONDITION; destroy it. Unsynced changes
  // are lost. Also for the sync engine when the server orders a wipe.
  absl::Status Wipe();
  // The same for a profile that is not open (its passphrase may be
  // forgotten). OK if there is nothing to remove.
  static absl::Status WipeProfile(const std::string& profile_path);

  // For hromada's CLI and tests (the types are not installed): Open with
  // the test seams of client/src/client_internal.h, and the report as a
  // struct to render or inspect.
  static absl::StatusOr<std::unique_ptr<Client>> Open(const std::string& profile_path,
                                                      const ClientOptions& options);
  absl::StatusOr<Report> BuildReport(const ReportQuery& query);

 private:
  struct State;
  explicit Client(std::unique_ptr<State> state);
  absl::StatusOr<std::string> IdOf(const Edit& edit) const;
  absl::Status ObeyWipe(const std::string& reason);
  std::unique_ptr<State> state_;
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_
