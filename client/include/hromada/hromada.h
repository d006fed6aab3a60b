/* The C API of the hromada field client, for apps not written in C++.
 *
 * A hromada_client is an opaque handle to one device profile (see
 * hromada/client.h for what a profile holds and how sync behaves). Every
 * function returning int returns a hromada_code: HROMADA_OK (0) or the code
 * of what went wrong, numbered as absl/gRPC status codes, so a caller can
 * branch on it (HROMADA_UNAVAILABLE: try later; HROMADA_INVALID_ARGUMENT:
 * fix the input; ...). After a failure, hromada_last_error(handle) is one
 * sentence for a person.
 *
 * Ownership: strings the library returns through `char**` are the
 * caller's, freed with hromada_free. Input strings are borrowed for the
 * call only. Text passed as pointer + length need not be NUL-terminated.
 *
 * Thread-safety: a handle may be used from several threads, but
 * hromada_last_error reports the last failure on the handle from any
 * thread; use one handle per thread if that matters.
 */
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_

#include <stddef.h>
#include <stdint.h>

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

/* Opens (creating) the profile at `path`. On success *out is a handle to
 * close with hromada_close. On failure *out is NULL and, if `error` is not
 * NULL, *error is a message to free with hromada_free. */
int hromada_open(const char* path, hromada_client** out, char** error);
void hromada_close(hromada_client* client); /* NULL is fine */

/* The message of the last failure on `client`; "" if none. Valid until the
 * next call on the handle. */
const char* hromada_last_error(const hromada_client* client);

/* Frees a string the library returned. NULL is fine. */
void hromada_free(void* p);

int hromada_enrol(hromada_client* client, const char* server_url, const char* code,
                  const char* device_name);

/* Puts a record from a JSON object of fields ({"full_name": "...",
 * "birth_year": 1980, "idp": true, "phone": null}); null clears a field,
 * text is parsed by the field's type. `id` NULL or "": a new id. `community_id`
 * may be NULL for an existing record or a shared kind. On success, if
 * `out_id` is not NULL, *out_id is the record's id (free it). */
int hromada_put_json(hromada_client* client, const char* kind, const char* id,
                     const char* community_id, const char* fields_json, char** out_id);

/* Field by field: create an edit, set fields, put it (one change), free it.
 * hromada_edit_new returns NULL only when out of memory. */
hromada_edit* hromada_edit_new(const char* kind, const char* id, const char* community_id);
void hromada_edit_free(hromada_edit* edit); /* NULL is fine */
void hromada_edit_set_text(hromada_edit* edit, const char* field, const char* text, size_t len);
void hromada_edit_set_int(hromada_edit* edit, const char* field, int64_t value);
void hromada_edit_set_real(hromada_edit* edit, const char* field, double value);
void hromada_edit_set_bool(hromada_edit* edit, const char* field, int value);
/* A reference as canonical UUID text. */
void hromada_edit_set_ref(hromada_edit* edit, const char* field, const char* record_id);
/* A reference as its 16 raw bytes (`len` must be 16). */
void hromada_edit_set_ref_bytes(hromada_edit* edit, const char* field, const uint8_t* bytes,
                                size_t len);
void hromada_edit_clear(hromada_edit* edit, const char* field);
int hromada_edit_put(hromada_client* client, const hromada_edit* edit, char** out_id);

/* The live record as JSON ({"kind","id","community_id","updated_ms",
 * "fields":{...}}) in *out_json (free it). HROMADA_NOT_FOUND if none. */
int hromada_get_json(hromada_client* client, const char* kind, const char* id, char** out_json);
/* Every live record of `kind` as a JSON array. */
int hromada_list_json(hromada_client* client, const char* kind, char** out_json);
int hromada_delete(hromada_client* client, const char* kind, const char* id);

typedef enum hromada_phase {
  HROMADA_PHASE_HANDSHAKE = 0,
  HROMADA_PHASE_PUSH = 1,
  HROMADA_PHASE_PULL = 2,
  HROMADA_PHASE_DONE = 3
} hromada_phase;

typedef struct hromada_progress {
  hromada_phase phase;
  uint64_t records_done;
  uint64_t records_expected;
  uint64_t bytes_done;
  uint64_t bytes_expected; /* 0: not known */
} hromada_progress;

/* Called on the syncing thread; must not call back into the library. */
typedef void (*hromada_progress_fn)(const hromada_progress* progress, void* user_data);

/* Syncs. `progress` may be NULL. On success, if `out_report_json` is not
 * NULL, it receives {"pushed","acked","rejected","pulled","bytes_up",
 * "bytes_down","calls","duration_ms"} (free it). */
int hromada_sync(hromada_client* client, hromada_progress_fn progress, void* user_data,
                 char** out_report_json);

/* {"enrolled","server_url","device_id","role","communities",
 * "pending_changes","rejected","last_sync_ms","clock_offset_ms","cursor",
 * "last_error"} in *out_json (free it). */
int hromada_status_json(hromada_client* client, char** out_json);
/* The changes the server refused, as a JSON array (free it). */
int hromada_rejected_json(hromada_client* client, char** out_json);

/* The deterministic attendance id of a person at a meeting (free it). */
int hromada_attendance_id(const char* meeting_id, const char* person_id, char** out_id);

#ifdef __cplusplus
}
#endif

#endif /* HROMADA_CLIENT_INCLUDE_HROMADA_HROMADA_H_ */
