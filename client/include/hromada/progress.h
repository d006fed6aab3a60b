// What an exchange with the server is doing and what it did: the phases
// and link state of a Sync, the progress a Sync reports while it runs
// (SyncProgress, ProgressCallback), and the counts it returns at the end
// (SyncReport), and the same counts for bundles (BundleReport).
//
// Plain values, thread-compatible: copy them freely and read one from
// several threads; a thread writing one must be its only user meanwhile.
// A ProgressCallback runs on the thread that called Sync (see there).
// Installed; needs only Abseil's headers besides this folder.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_PROGRESS_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/time/time.h"

namespace hromada {

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

// What a Sync that succeeded did.
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

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_PROGRESS_H_
