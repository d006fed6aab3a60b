/* The C API of the hromada field client, for apps not written in C++.
 * Installed; needs only this folder and a C99 compiler. Link
 * libhromada-client (`pkg-config --cflags --libs hromada-client`, or the
 * CMake target hromada::client).
 *
 * A hromada_client is an opaque handle to one device profile (see
 * hromada/client.h for what a profile holds and how sync behaves).
 *
 * Errors. Every function returning int returns a hromada_code: HROMADA_OK
 * (0) or the code of what went wrong, numbered as absl/gRPC status codes,
 * so a caller can branch on it (HROMADA_UNAVAILABLE: try later;
 * HROMADA_INVALID_ARGUMENT: fix the input; ...). Each such call also sets
 * the calling thread's last error: one sentence for a person after a
 * failure, "" after a success; hromada_last_error() reads it. It is per
 * thread, like errno, so threads sharing a handle never see each other's
 * messages.
 *
 * NULL. A NULL pointer where a value is needed is never dereferenced:
 *   - a function returning int returns HROMADA_INVALID_ARGUMENT and its
 *     last error names the argument;
 *   - an edit setter (hromada_edit_set_*) keeps the mistake in the edit,
 *     and hromada_edit_put reports it the same way; a NULL edit is ignored;
 *   - record accessors returning a value return "" / 0 / NULL for a NULL
 *     record, and getters returning int follow the first rule;
 *   - the functions that free (hromada_close, hromada_free,
 *     hromada_edit_free, hromada_record_free, hromada_records_free) accept
 *     NULL and do nothing.
 * Arguments documented as optional ("may be NULL") are not mistakes.
 * When a function that hands out a new string or object through an output
 * pointer fails, it stores NULL there.
 *
 * Enums. A parameter that takes one of the enums below is declared int,
 * so that any number a caller passes is defined behaviour; a number that
 * is not one of the enum's values returns HROMADA_INVALID_ARGUMENT and
 * its last error names it. Enum values the library hands out (in a
 * struct, or as a return value) are always the enum's.
 *
 * Ownership. Strings the library returns through `char**` are the
 * caller's, freed with hromada_free. `const char*` results are borrowed
 * from the object they came from and valid as long as it lives (a record
 * until hromada_record_free; the last error until the thread's next call
 * that returns a code). Input strings are borrowed for the call only.
 * Text passed as pointer + length need not be NUL-terminated. All text is
 * UTF-8.
 *
 * Thread-safety. A hromada_client may be used from several threads at
 * once (the C++ Client serializes what must be); close it once, after
 * every other call on it has returned. An edit is one thread's
 * at a time. A record or record list is immutable: read it from any
 * thread, free it once.
 */
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_

#include <stddef.h>
#include <stdint.h>

#include "hromada/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hromada_code {
  HROMADA_OK = 0,
  HROMADA_CANCELLED = 1,
  HROMADA_UNKNOWN = 2,
  HROMADA_INVALID_ARGUMENT = 3,
  HROMADA_DEADLINE_EXCEEDED = 4,
  HROMADA_NOT_FOUND = 5,
  HROMADA_ALREADY_EXISTS = 6,
  HROMADA_PERMISSION_DENIED = 7,
  HROMADA_RESOURCE_EXHAUSTED = 8,
  HROMADA_FAILED_PRECONDITION = 9,
  HROMADA_ABORTED = 10,
  HROMADA_OUT_OF_RANGE = 11,
  HROMADA_UNIMPLEMENTED = 12,
  HROMADA_INTERNAL = 13,
  HROMADA_UNAVAILABLE = 14,
  HROMADA_DATA_LOSS = 15,
  HROMADA_UNAUTHENTICATED = 16
} hromada_code;

typedef struct hromada_client hromada_client;
/* A record being built field by field before hromada_edit_put. */
typedef struct hromada_edit hromada_edit;
/* A copy of one record's state, read with typed getters. */
typedef struct hromada_record hromada_record;
/* Records of one kind, in id order. */
typedef struct hromada_records hromada_records;

/* The message of this thread's last call that returns a code: "" if it
 * succeeded. Never NULL. */
HROMADA_EXPORT const char* hromada_last_error(void);

/* Frees a string the library returned. NULL is fine. */
HROMADA_EXPORT void hromada_free(void* p);

/* Opens (creating) the profile at `path`; its folder must exist. The
 * profile's data is encrypted at rest under a key kept wrapped beside it
 * (`path` + ".key"; hromada/options.h, docs/security.md):
 *   - hromada_open_passphrase wraps it with `passphrase` (Argon2id). A wrong
 *     passphrase returns HROMADA_PERMISSION_DENIED and reads and changes
 *     nothing but the count of wrong tries; after 10 in a row the key is
 *     destroyed (HROMADA_FAILED_PRECONDITION from then on).
 *   - hromada_open_keystore wraps it with the 32 bytes `key_fn` writes to
 *     `key` (kept by the app in the platform keystore); `key_fn` returns 0
 *     on success and is called during this call only, with `user_data`
 *     (which may be NULL).
 * A new profile is locked with what opened it. On success *out is a handle
 * to close with hromada_close. On failure *out is NULL and, if `error` is
 * not NULL (it may be), *error is the message too, to free with
 * hromada_free. */
typedef int (*hromada_key_fn)(void* user_data, uint8_t key[32]);
HROMADA_EXPORT int hromada_open_passphrase(const char* path, const char* passphrase,
                                           hromada_client** out, char** error);
HROMADA_EXPORT int hromada_open_keystore(const char* path, hromada_key_fn key_fn, void* user_data,
                                         hromada_client** out, char** error);
/* Re-wraps the profile's key under `new_passphrase`; the old passphrase (or
 * keystore key) no longer opens it. */
HROMADA_EXPORT int hromada_change_passphrase(hromada_client* client, const char* new_passphrase);
/* Crypto-erasure: destroys the wrapped key (overwritten, synced, removed),
 * then removes the profile's files. Unsynced changes are lost. Every later
 * call on `client` but hromada_close fails with
 * HROMADA_FAILED_PRECONDITION. */
HROMADA_EXPORT int hromada_wipe(hromada_client* client);
HROMADA_EXPORT void hromada_close(hromada_client* client);

/* `device_name` may be NULL (no name). */
HROMADA_EXPORT int hromada_enrol(hromada_client* client, const char* server_url, const char* code,
                                 const char* device_name);
/* hromada_enrol with how to trust the server (see TlsSettings in
 * hromada/options.h), kept in the profile: `insecure` non-zero allows plain
 * http:// to another host; `ca_pem` (PEM text of a private CA) and
 * `pinned_public_key` ("sha256//<base64>") may be NULL. A certificate or
 * pin that does not match fails with HROMADA_FAILED_PRECONDITION. */
HROMADA_EXPORT int hromada_enrol_tls(hromada_client* client, const char* server_url,
                                     const char* code, const char* device_name, int insecure,
                                     const char* ca_pem, const char* pinned_public_key);

/* Puts a record from a JSON object of fields ({"full_name": "...",
 * "birth_year": 1980, "idp": true, "phone": null}); null clears a field,
 * text is parsed by the field's type. `id` NULL or "": a new id.
 * `community_id` may be NULL for an existing record or a shared kind. On
 * success, if `out_id` is not NULL, *out_id is the record's id (free it). */
HROMADA_EXPORT int hromada_put_json(hromada_client* client, const char* kind, const char* id,
                                    const char* community_id, const char* fields_json,
                                    char** out_id);

/* Field by field: create an edit, set fields, put it (one change), free it.
 * `id` and `community_id` may be NULL as in hromada_put_json. Setting a
 * field twice keeps the second value. hromada_edit_new returns NULL only
 * when out of memory. */
HROMADA_EXPORT hromada_edit* hromada_edit_new(const char* kind, const char* id,
                                              const char* community_id);
HROMADA_EXPORT void hromada_edit_free(hromada_edit* edit);
/* `text` may be NULL only when `len` is 0. */
HROMADA_EXPORT void hromada_edit_set_text(hromada_edit* edit, const char* field, const char* text,
                                          size_t len);
HROMADA_EXPORT void hromada_edit_set_int(hromada_edit* edit, const char* field, int64_t value);
HROMADA_EXPORT void hromada_edit_set_real(hromada_edit* edit, const char* field, double value);
HROMADA_EXPORT void hromada_edit_set_bool(hromada_edit* edit, const char* field, int value);
/* A date, stored as the text YYYY-MM-DD; an impossible date is a mistake. */
HROMADA_EXPORT void hromada_edit_set_date(hromada_edit* edit, const char* field, int year,
                                          int month, int day);
/* A reference as canonical UUID text. */
HROMADA_EXPORT void hromada_edit_set_ref(hromada_edit* edit, const char* field,
                                         const char* record_id);
/* A reference as its 16 raw bytes (`len` must be 16). */
HROMADA_EXPORT void hromada_edit_set_ref_bytes(hromada_edit* edit, const char* field,
                                               const uint8_t* bytes, size_t len);
HROMADA_EXPORT void hromada_edit_clear(hromada_edit* edit, const char* field);
/* `out_id` may be NULL; otherwise *out_id is the record's id (free it). */
HROMADA_EXPORT int hromada_edit_put(hromada_client* client, const hromada_edit* edit,
                                    char** out_id);

HROMADA_EXPORT int hromada_delete(hromada_client* client, const char* kind, const char* id);

/* ---- Reading records with typed getters ---- */

/* The live record (kind, id) in *out, to free with hromada_record_free.
 * HROMADA_NOT_FOUND if there is none (never existed or deleted). */
HROMADA_EXPORT int hromada_get(hromada_client* client, const char* kind, const char* id,
                               hromada_record** out);
HROMADA_EXPORT void hromada_record_free(hromada_record* record);

/* Every live record of `kind`, ordered by id, in *out (free it with
 * hromada_records_free). */
HROMADA_EXPORT int hromada_list(hromada_client* client, const char* kind, hromada_records** out);
HROMADA_EXPORT size_t hromada_records_count(const hromada_records* records);
/* The i-th record, borrowed from the list (do not free it); NULL when `i`
 * is out of range. */
HROMADA_EXPORT const hromada_record* hromada_records_at(const hromada_records* records, size_t i);
HROMADA_EXPORT void hromada_records_free(hromada_records* records);

HROMADA_EXPORT const char* hromada_record_kind(const hromada_record* record);
HROMADA_EXPORT const char* hromada_record_id(const hromada_record* record);
/* "" for a shared kind (community, survey). */
HROMADA_EXPORT const char* hromada_record_community_id(const hromada_record* record);
/* Milliseconds since the epoch of the last write to any field. */
HROMADA_EXPORT int64_t hromada_record_updated_ms(const hromada_record* record);

/* The fields that hold a value, in name order: their count, and the i-th
 * name (NULL when `i` is out of range). */
HROMADA_EXPORT size_t hromada_record_field_count(const hromada_record* record);
HROMADA_EXPORT const char* hromada_record_field_name(const hromada_record* record, size_t i);

typedef enum hromada_value_type {
  HROMADA_VALUE_UNSET = 0,
  HROMADA_VALUE_TEXT = 1, /* also dates (YYYY-MM-DD) and choices */
  HROMADA_VALUE_INT = 2,
  HROMADA_VALUE_REAL = 3,
  HROMADA_VALUE_BOOL = 4,
  HROMADA_VALUE_REF = 5
} hromada_value_type;

/* What `field` holds; HROMADA_VALUE_UNSET if it holds nothing. */
HROMADA_EXPORT hromada_value_type hromada_record_field_type(const hromada_record* record,
                                                            const char* field);
/* 1 if `field` holds a value, else 0. */
HROMADA_EXPORT int hromada_record_is_set(const hromada_record* record, const char* field);

/* Typed getters. Each returns HROMADA_OK and stores the value;
 * HROMADA_NOT_FOUND if the field holds nothing; HROMADA_INVALID_ARGUMENT if
 * it holds another type (see hromada_record_field_type) or an argument is
 * NULL. On failure the output is left as it was. */
/* The text, borrowed from the record, NUL-terminated; `out_len` may be
 * NULL. */
HROMADA_EXPORT int hromada_record_get_text(const hromada_record* record, const char* field,
                                           const char** out, size_t* out_len);
HROMADA_EXPORT int hromada_record_get_int(const hromada_record* record, const char* field,
                                          int64_t* out);
HROMADA_EXPORT int hromada_record_get_real(const hromada_record* record, const char* field,
                                           double* out);
/* 1 for yes, 0 for no. */
HROMADA_EXPORT int hromada_record_get_bool(const hromada_record* record, const char* field,
                                           int* out);
/* A text field holding a date YYYY-MM-DD; HROMADA_INVALID_ARGUMENT if the
 * text is not one. */
HROMADA_EXPORT int hromada_record_get_date(const hromada_record* record, const char* field,
                                           int* year, int* month, int* day);
/* The referenced record's id as canonical UUID text, borrowed. */
HROMADA_EXPORT int hromada_record_get_ref(const hromada_record* record, const char* field,
                                          const char** out_id);
/* The referenced record's id as 16 raw bytes. */
HROMADA_EXPORT int hromada_record_get_ref_bytes(const hromada_record* record, const char* field,
                                                uint8_t out[16]);

/* The same as JSON ({"kind","id","community_id","updated_ms",
 * "fields":{...}}) in *out_json (free it). HROMADA_NOT_FOUND if none. */
HROMADA_EXPORT int hromada_get_json(hromada_client* client, const char* kind, const char* id,
                                    char** out_json);
/* Every live record of `kind` as a JSON array (free it). */
HROMADA_EXPORT int hromada_list_json(hromada_client* client, const char* kind, char** out_json);
/* Whether the record has reached the server, as JSON in *out_json (free
 * it): {"state": "synced"|"waiting"|"refused", "synced_ms" (when the server
 * confirmed its last change, device clock; 0 if it came from the server),
 * "waiting" (changes not yet confirmed), "refusal" (the server's reason),
 * "text" (e.g. "synced at 2026-05-01 10:30 UTC", "waiting (2 changes)",
 * "refused: ...")}. HROMADA_NOT_FOUND if this device knows no such record. */
HROMADA_EXPORT int hromada_sync_state_json(hromada_client* client, const char* kind, const char* id,
                                           char** out_json);

/* ---- Attachments (a photo of a sign-in sheet, a signed consent form) ---- */

/* An attachment as JSON: {"id" (its attachment record), "record_kind",
 * "record_id" (what it is attached to), "sha256" (64 lower-case hex
 * digits), "size" (bytes), "media_type", "file_name", "on_device" (its
 * bytes are here), "sent" (the server holds them)}. */

/* Attaches the file at `file_path` (at most 10 MB) to the live record
 * `record_id` (a person, meeting, attendance, survey response or
 * initiative). The file is kept on the device, encrypted, and sent by a
 * later hromada_sync after the records; the same file attached twice to a
 * record gives the first attachment back. On success, if `out_json` is
 * not NULL, *out_json is the attachment (free it). HROMADA_NOT_FOUND: no
 * such record, or no file at `file_path`; HROMADA_RESOURCE_EXHAUSTED: the
 * file is over the limit (the message says both sizes);
 * HROMADA_INVALID_ARGUMENT: an empty file, or not a file. */
HROMADA_EXPORT int hromada_add_attachment(hromada_client* client, const char* record_id,
                                          const char* file_path, char** out_json);
/* The live attachments of record `record_id`, as a JSON array of
 * attachments in *out_json (free it); [] if none. */
HROMADA_EXPORT int hromada_list_attachments_json(hromada_client* client, const char* record_id,
                                                 char** out_json);
/* Writes the content whose SHA-256 is `sha256` (64 hex digits, as listed)
 * to `output_path` (created or replaced, mode 0600). What the device lacks
 * of it is fetched from the server first, chunk by chunk, each kept as it
 * comes, so a fetch cut off resumes where it stopped; the whole is checked
 * against `sha256`. HROMADA_INVALID_ARGUMENT: not 64 hex digits;
 * HROMADA_NOT_FOUND: no attachment on this device names it (sync first);
 * HROMADA_FAILED_PRECONDITION: not here, and the device is not enrolled;
 * HROMADA_UNAVAILABLE or HROMADA_DEADLINE_EXCEEDED: the link failed (try
 * later; what came is kept); HROMADA_DATA_LOSS: what came did not match
 * `sha256` and was dropped (try again); the server's refusals keep their
 * codes (e.g. HROMADA_RESOURCE_EXHAUSTED over its limit). */
HROMADA_EXPORT int hromada_get_attachment(hromada_client* client, const char* sha256,
                                          const char* output_path);

/* ---- Sync, status, reports ---- */

typedef enum hromada_phase {
  HROMADA_PHASE_HANDSHAKE = 0,
  HROMADA_PHASE_PUSH = 1,
  HROMADA_PHASE_PULL = 2,
  HROMADA_PHASE_DONE = 3,
  /* After PULL, only when files wait to be sent: records_* count the files,
   * bytes_done the bytes of them the server holds, of bytes_expected. */
  HROMADA_PHASE_ATTACHMENTS = 4
} hromada_phase;

typedef enum hromada_link_state {
  HROMADA_LINK_UP = 0,
  /* A call failed for the link; it is tried again in retry_in_ms. */
  HROMADA_LINK_RETRYING = 1
} hromada_link_state;

typedef struct hromada_progress {
  hromada_phase phase;
  uint64_t records_done;
  uint64_t records_expected;
  /* Bytes on the wire in the phase's direction (up for push, down for
   * pull), the call in flight included; for ATTACHMENTS, see there. */
  uint64_t bytes_done;
  uint64_t bytes_expected; /* 0: not known */
  /* Server clock minus device clock in ms, as measured this sync; a device
   * whose clock is off by more than 5 minutes should tell its user. */
  int64_t clock_offset_ms;
  /* Bytes on the wire this sync so far, each way, retries included. */
  uint64_t wire_bytes_up;
  uint64_t wire_bytes_down;
  hromada_link_state link_state;
  uint32_t retries;     /* calls tried again so far this sync */
  uint32_t retry_in_ms; /* while HROMADA_LINK_RETRYING: the pause left */
} hromada_progress;

/* Called on the syncing thread after each step, at each retry, and at
 * most about every 100 ms while bytes move within a call; must not call
 * back into the library. `progress` is borrowed for the call. A retry
 * reads well as one line: "link lost, retrying in 4 s, 3,120 of 10,006
 * records received". */
typedef void (*hromada_progress_fn)(const hromada_progress* progress, void* user_data);

/* Syncs. `progress` and `out_report_json` may be NULL. On success, if
 * `out_report_json` is not NULL, it receives {"pushed","acked","rejected",
 * "pulled","bytes_up","bytes_down","calls","duration_ms",
 * "attachments_sent","attachment_bytes","attachment_error"} (free it).
 * Attachments never fail a sync: "attachment_error" says why one was not
 * sent ("" if none), and the next sync goes on from where it stopped. */
HROMADA_EXPORT int hromada_sync(hromada_client* client, hromada_progress_fn progress,
                                void* user_data, char** out_report_json);

/* {"enrolled","server_url","device_id","role","communities",
 * "pending_changes","rejected","last_sync_ms","clock_offset_ms","cursor",
 * "last_error","tls":{"insecure","private_ca","pinned_public_key"}} in
 * *out_json (free it). */
HROMADA_EXPORT int hromada_status_json(hromada_client* client, char** out_json);
/* The changes the server refused, as a JSON array (free it). */
HROMADA_EXPORT int hromada_rejected_json(hromada_client* client, char** out_json);

typedef enum hromada_report_format {
  HROMADA_REPORT_JSON = 0,
  HROMADA_REPORT_HTML = 1,
  HROMADA_REPORT_CSV = 2,
  HROMADA_REPORT_TABLE = 3
} hromada_report_format;

/* A coordinator's report over this device's records (see
 * hromada::ReportRequest in hromada/options.h) in *out_text (free it).
 * `community_id` NULL or "": every community on the device; `from` and
 * `to` (YYYY-MM-DD, inclusive) NULL or "": open. `format` is a
 * hromada_report_format; any other number is HROMADA_INVALID_ARGUMENT. */
HROMADA_EXPORT int hromada_report(hromada_client* client, const char* community_id,
                                  const char* from, const char* to, int format, char** out_text);

/* The deterministic attendance id of a person at a meeting (free it). */
HROMADA_EXPORT int hromada_attendance_id(const char* meeting_id, const char* person_id,
                                         char** out_id);

#ifdef __cplusplus
}
#endif

#endif /* HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_ */
