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
// Errors are absl::Status values whose code says what the caller should
// do; hromada/status.h lists them. Messages are one plain sentence a
// person can act on.
//
// The installed C++ API is this header and the four it includes, each a
// set of plain values:
//   hromada/options.h   ClientSettings, TlsSettings, ReportRequest
//   hromada/record.h    RecordView, Value, Fields, Edit, AttachmentInfo
//   hromada/progress.h  SyncProgress, SyncReport, BundleReport
//   hromada/status.h    ClientStatus, RecordSync, RejectedChange, the codes
// They need only the installed include folder and Abseil's headers
// (absl::Status, absl::StatusOr, absl::Duration), and C++17; link
// hromada::client (CMake package "hromada") or libhromada-client plus
// absl_status, absl_statusor and absl_time.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hromada/export.h"
#include "hromada/options.h"
#include "hromada/progress.h"
#include "hromada/record.h"
#include "hromada/status.h"

namespace hromada {

struct ClientInternals;

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
  // key); ABORTED if another Client holds it (in this process or another:
  // `hromada ui` keeps its profile open), with a sentence saying the
  // profile is in use. The Client holds the profile until destroyed.
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
  // status says why (see the codes in hromada/status.h); the report of a failed Sync is
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
  // forgotten). OK if there is nothing to remove; ABORTED, removing
  // nothing, while a Client holds it.
  static absl::Status WipeProfile(const std::string& profile_path);

 private:
  // Defined in client/src/client.cc: the library's own way in, for the
  // seams hromada's CLI and tests open a Client with
  // (client/src/client_internal.h). Not installed, not exported.
  friend struct ClientInternals;
  struct State;
  explicit Client(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_CLIENT_H_
