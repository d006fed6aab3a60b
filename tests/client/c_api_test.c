/* The C API from plain C: open, put (JSON and field by field), typed
 * getters, get, list, delete, status, reports, errors with codes and
 * per-thread messages, NULL arguments, attendance ids, attachments. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hromada/hromada.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* The call returned INVALID_ARGUMENT and its message names `arg`. */
#define CHECK_NULL_ARG(call, arg)                                     \
  do {                                                                \
    CHECK((call) == HROMADA_INVALID_ARGUMENT);                        \
    CHECK(strstr(hromada_last_error(), "'" arg "' is NULL") != NULL); \
  } while (0)

static const char* kCommunity = "0b7d6c8e-1f2a-4c3b-9d4e-5f6a7b8c9d0e";

static void on_progress(const hromada_progress* p, void* user) {
  (void)p;
  ++*(int*)user;
}

/* Fails a call on another thread; returns whether that thread saw its own
 * message. */
static void* fail_on_thread(void* h) {
  int ok = hromada_delete((hromada_client*)h, "person", "not-an-id") == HROMADA_INVALID_ARGUMENT &&
           strlen(hromada_last_error()) > 0;
  return ok ? h : NULL;
}

static void test_open_errors(void) {
  char* error = NULL;
  hromada_client* bad = (hromada_client*)&error; /* must be reset to NULL */
  /* Under a file, not a folder: no folder can be made there, even as root. */
  CHECK(hromada_open_passphrase("/dev/null/dir/x.db", "pw", &bad, &error) ==
        HROMADA_FAILED_PRECONDITION);
  CHECK(bad == NULL);
  CHECK(error != NULL && strlen(error) > 0);
  CHECK(error != NULL && strcmp(error, hromada_last_error()) == 0);
  hromada_free(error);
  CHECK_NULL_ARG(hromada_open_passphrase(NULL, "pw", &bad, NULL), "path");
  CHECK_NULL_ARG(hromada_open_passphrase("x.db", "pw", NULL, NULL), "out");
}

/* One rule for NULL: a code and a message naming the argument, no crash. */
static void test_null_arguments(hromada_client* h) {
  char* out = (char*)"not reset";
  CHECK_NULL_ARG(hromada_get_json(NULL, "person", kCommunity, &out), "client");
  CHECK(out == NULL);
  CHECK_NULL_ARG(hromada_get_json(h, NULL, kCommunity, &out), "kind");
  CHECK_NULL_ARG(hromada_get_json(h, "person", NULL, &out), "id");
  CHECK_NULL_ARG(hromada_get_json(h, "person", kCommunity, NULL), "out_json");
  CHECK_NULL_ARG(hromada_put_json(h, NULL, NULL, kCommunity, "{}", NULL), "kind");
  CHECK_NULL_ARG(hromada_put_json(h, "person", NULL, kCommunity, NULL, NULL), "fields_json");
  CHECK_NULL_ARG(hromada_list_json(h, "person", NULL), "out_json");
  CHECK_NULL_ARG(hromada_delete(h, "person", NULL), "id");
  CHECK_NULL_ARG(hromada_enrol(h, NULL, "CODE", NULL), "server_url");
  CHECK_NULL_ARG(hromada_enrol(h, "http://127.0.0.1:1", NULL, NULL), "code");
  CHECK_NULL_ARG(hromada_enrol_tls(h, NULL, "CODE", NULL, 0, NULL, NULL), "server_url");
  /* Plain http:// to another host needs `insecure`; refused before any
   * connection is tried. */
  CHECK(hromada_enrol_tls(h, "http://192.0.2.10:7443", "CODE", NULL, 0, NULL, NULL) ==
        HROMADA_FAILED_PRECONDITION);
  CHECK_NULL_ARG(hromada_sync(NULL, NULL, NULL, NULL), "client");
  CHECK_NULL_ARG(hromada_status_json(h, NULL), "out_json");
  CHECK_NULL_ARG(hromada_rejected_json(NULL, &out), "client");
  CHECK_NULL_ARG(hromada_report(h, NULL, NULL, NULL, HROMADA_REPORT_JSON, NULL), "out_text");
  CHECK_NULL_ARG(hromada_attendance_id(NULL, kCommunity, &out), "meeting_id");
  CHECK_NULL_ARG(hromada_edit_put(h, NULL, NULL), "edit");
  CHECK_NULL_ARG(hromada_get(h, "person", kCommunity, NULL), "out");
  CHECK_NULL_ARG(hromada_list(h, NULL, NULL), "kind");
  CHECK_NULL_ARG(hromada_record_get_int(NULL, "x", NULL), "record");

  /* Setters keep the mistake in the edit; put reports it. */
  hromada_edit* e = hromada_edit_new(NULL, NULL, kCommunity);
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "'kind' is NULL") != NULL);
  hromada_edit_free(e);
  e = hromada_edit_new("person", NULL, kCommunity);
  hromada_edit_set_text(e, "full_name", "Ok", 2);
  hromada_edit_set_text(e, NULL, "x", 1);
  hromada_edit_set_text(e, "phone", NULL, 3);
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "field name") != NULL);
  hromada_edit_free(e);
  hromada_edit_set_int(NULL, "x", 1); /* ignored */

  /* Accessors of a NULL record, and the freeing functions, do nothing. */
  CHECK(strcmp(hromada_record_id(NULL), "") == 0);
  CHECK(hromada_record_field_count(NULL) == 0);
  CHECK(hromada_record_is_set(NULL, "x") == 0);
  CHECK(hromada_records_at(NULL, 0) == NULL);
  hromada_record_free(NULL);
  hromada_records_free(NULL);
  hromada_edit_free(NULL);
  hromada_free(NULL);
  hromada_close(NULL);
}

/* An enum parameter is an int: every value of the enum works, and any
 * other number a C caller passes is refused with a code and a message
 * naming it, output left NULL (UBSan would flag it loaded into a C++
 * enum). */
static void test_enum_arguments(hromada_client* h) {
  const char* starts[] = {"{", "<!DOCTYPE html>", NULL, NULL};
  const int formats[] = {HROMADA_REPORT_JSON, HROMADA_REPORT_HTML, HROMADA_REPORT_CSV,
                         HROMADA_REPORT_TABLE};
  char* texts[4] = {NULL, NULL, NULL, NULL};
  for (int i = 0; i < 4; ++i) {
    CHECK(hromada_report(h, NULL, NULL, NULL, formats[i], &texts[i]) == HROMADA_OK);
    CHECK(texts[i] != NULL && strlen(texts[i]) > 0);
    if (texts[i] != NULL && starts[i] != NULL) {
      CHECK(strncmp(texts[i], starts[i], strlen(starts[i])) == 0);
    }
  }
  /* Four formats, four different texts. */
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      CHECK(texts[i] != NULL && texts[j] != NULL && strcmp(texts[i], texts[j]) != 0);
    }
  }
  for (int i = 0; i < 4; ++i) hromada_free(texts[i]);

  const int bad[] = {-1, HROMADA_REPORT_TABLE + 1, 7, 256, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    char* report = (char*)"not reset";
    char number[32];
    snprintf(number, sizeof number, "report format %d;", bad[i]);
    CHECK(hromada_report(h, NULL, NULL, NULL, bad[i], &report) == HROMADA_INVALID_ARGUMENT);
    CHECK(report == NULL);
    CHECK(strstr(hromada_last_error(), number) != NULL);
  }
  /* The NULL rule still comes first. */
  CHECK_NULL_ARG(hromada_report(h, NULL, NULL, NULL, -1, NULL), "out_text");
}

/* Reads a person back with the typed getters. */
static void test_typed_person(hromada_client* h, const char* id) {
  hromada_record* r = NULL;
  CHECK(hromada_get(h, "person", id, &r) == HROMADA_OK);
  if (r == NULL) return;
  CHECK(strcmp(hromada_record_kind(r), "person") == 0);
  CHECK(strcmp(hromada_record_id(r), id) == 0);
  CHECK(strcmp(hromada_record_community_id(r), kCommunity) == 0);
  CHECK(hromada_record_updated_ms(r) > 0);

  const char* text = NULL;
  size_t len = 0;
  CHECK(hromada_record_get_text(r, "full_name", &text, &len) == HROMADA_OK);
  CHECK(text != NULL && len == 6 && strcmp(text, "Oksana") == 0);
  int64_t year = 0;
  CHECK(hromada_record_get_int(r, "birth_year", &year) == HROMADA_OK && year == 1980);
  int idp = -1;
  CHECK(hromada_record_get_bool(r, "idp", &idp) == HROMADA_OK && idp == 1);

  CHECK(hromada_record_is_set(r, "full_name") == 1);
  CHECK(hromada_record_is_set(r, "phone") == 0);
  CHECK(hromada_record_field_type(r, "birth_year") == HROMADA_VALUE_INT);
  CHECK(hromada_record_field_type(r, "phone") == HROMADA_VALUE_UNSET);
  /* Not set: NOT_FOUND, the output untouched. Another type: INVALID_ARGUMENT. */
  text = "untouched";
  CHECK(hromada_record_get_text(r, "phone", &text, NULL) == HROMADA_NOT_FOUND);
  CHECK(strcmp(text, "untouched") == 0);
  CHECK(hromada_record_get_text(r, "birth_year", &text, NULL) == HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "whole number") != NULL);
  double real = 0;
  CHECK(hromada_record_get_real(r, "birth_year", &real) == HROMADA_INVALID_ARGUMENT);

  /* Fields in name order. */
  CHECK(hromada_record_field_count(r) == 3);
  CHECK(strcmp(hromada_record_field_name(r, 0), "birth_year") == 0);
  CHECK(strcmp(hromada_record_field_name(r, 2), "idp") == 0);
  CHECK(hromada_record_field_name(r, 3) == NULL);
  hromada_record_free(r);
}

/* A meeting (date), an attendance (references), an initiative (real). */
static void test_typed_other_kinds(hromada_client* h, const char* person) {
  hromada_edit* e = hromada_edit_new("meeting", NULL, kCommunity);
  hromada_edit_set_date(e, "date", 2024, 2, 30); /* no such day */
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "not a date") != NULL);
  hromada_edit_free(e);
  e = hromada_edit_new("meeting", NULL, kCommunity);
  hromada_edit_set_date(e, "date", 2024, 5, 1);
  char* meeting = NULL;
  CHECK(hromada_edit_put(h, e, &meeting) == HROMADA_OK);
  hromada_edit_free(e);

  hromada_record* r = NULL;
  CHECK(hromada_get(h, "meeting", meeting, &r) == HROMADA_OK);
  int y = 0, m = 0, d = 0;
  CHECK(hromada_record_get_date(r, "date", &y, &m, &d) == HROMADA_OK);
  CHECK(y == 2024 && m == 5 && d == 1);
  CHECK(hromada_record_field_type(r, "date") == HROMADA_VALUE_TEXT);
  CHECK_NULL_ARG(hromada_record_get_date(r, "date", &y, NULL, &d), "out");
  hromada_record_free(r);

  e = hromada_edit_new("attendance", NULL, kCommunity);
  hromada_edit_set_ref(e, "meeting", meeting);
  hromada_edit_set_ref(e, "person", person);
  char* attendance = NULL;
  CHECK(hromada_edit_put(h, e, &attendance) == HROMADA_OK);
  hromada_edit_free(e);
  CHECK(hromada_get(h, "attendance", attendance, &r) == HROMADA_OK);
  const char* ref = NULL;
  CHECK(hromada_record_get_ref(r, "meeting", &ref) == HROMADA_OK);
  CHECK(ref != NULL && strcmp(ref, meeting) == 0);
  uint8_t bytes[16] = {0};
  CHECK(hromada_record_get_ref_bytes(r, "person", bytes) == HROMADA_OK);
  CHECK(bytes[0] != 0 || bytes[15] != 0);
  CHECK(hromada_record_field_type(r, "person") == HROMADA_VALUE_REF);
  CHECK(hromada_record_get_date(r, "meeting", &y, &m, &d) == HROMADA_INVALID_ARGUMENT);
  hromada_record_free(r);

  e = hromada_edit_new("initiative", NULL, kCommunity);
  hromada_edit_set_text(e, "title", "Shelter", 7);
  hromada_edit_set_text(e, "status", "proposed", 8);
  hromada_edit_set_real(e, "estimated_cost", 150000.5);
  char* initiative = NULL;
  CHECK(hromada_edit_put(h, e, &initiative) == HROMADA_OK);
  hromada_edit_free(e);
  CHECK(hromada_get(h, "initiative", initiative, &r) == HROMADA_OK);
  double cost = 0;
  CHECK(hromada_record_get_real(r, "estimated_cost", &cost) == HROMADA_OK && cost == 150000.5);
  hromada_record_free(r);

  hromada_records* list = NULL;
  CHECK(hromada_list(h, "meeting", &list) == HROMADA_OK);
  CHECK(hromada_records_count(list) == 1);
  CHECK(strcmp(hromada_record_id(hromada_records_at(list, 0)), meeting) == 0);
  CHECK(hromada_records_at(list, 1) == NULL);
  hromada_records_free(list);

  char* report = NULL;
  CHECK(hromada_report(h, kCommunity, "2024-01-01", "2024-12-31", HROMADA_REPORT_JSON, &report) ==
        HROMADA_OK);
  CHECK(report != NULL && strstr(report, "\"meetings\": 1,") != NULL);
  hromada_free(report);
  CHECK(hromada_report(h, NULL, "2024-13-01", NULL, HROMADA_REPORT_HTML, &report) ==
        HROMADA_INVALID_ARGUMENT);
  CHECK(report == NULL);

  hromada_free(meeting);
  hromada_free(attendance);
  hromada_free(initiative);
}

static void write_file(const char* path, const char* text, size_t len) {
  FILE* f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f == NULL) return;
  CHECK(fwrite(text, 1, len, f) == len);
  fclose(f);
}

/* Attachments on a profile of their own in `dir`: added, listed, written
 * back from the device; what cannot be found or fetched says why. */
static void test_attachments(const char* dir) {
  char path[256], file[256], out[256], empty[256];
  snprintf(path, sizeof path, "%s/attach.db", dir);
  snprintf(file, sizeof file, "%s/sheet.jpg", dir);
  snprintf(out, sizeof out, "%s/out.jpg", dir);
  snprintf(empty, sizeof empty, "%s/empty.jpg", dir);
  const char content[] = "a photo of a sign-in sheet";
  write_file(file, content, sizeof content - 1);
  write_file(empty, "", 0);
  /* SHA-256 of `content` (sha256sum). */
  const char* digest = "3a84929dd94cb069b880877f9b7dba72b65ea89e0a13288a87107715d985af9d";
  hromada_client* h = NULL;
  CHECK(hromada_open_passphrase(path, "test passphrase", &h, NULL) == HROMADA_OK);
  char* person = NULL;
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "{\"full_name\": \"Oksana\"}", &person) ==
        HROMADA_OK);

  char* json = (char*)"stale";
  CHECK(hromada_add_attachment(h, person, file, &json) == HROMADA_OK);
  CHECK(json != NULL && strstr(json, "\"file_name\":\"sheet.jpg\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"media_type\":\"image/jpeg\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"on_device\":true") != NULL);
  CHECK(json != NULL && strstr(json, "\"sent\":false") != NULL);
  CHECK(json != NULL && strstr(json, "\"size\":26") != NULL);
  CHECK(json != NULL && strstr(json, digest) != NULL);
  hromada_free(json);
  CHECK(hromada_add_attachment(h, person, file, NULL) == HROMADA_OK); /* the same one back */

  CHECK(hromada_list_attachments_json(h, person, &json) == HROMADA_OK);
  CHECK(json != NULL && strstr(json, digest) != NULL);
  CHECK(json != NULL && strstr(json, "},{") == NULL); /* one attachment */
  hromada_free(json);
  CHECK(hromada_list_attachments_json(h, kCommunity, &json) == HROMADA_OK);
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  hromada_free(json);

  CHECK(hromada_get_attachment(h, digest, out) == HROMADA_OK);
  FILE* f = fopen(out, "rb");
  char back[64] = {0};
  CHECK(f != NULL && fread(back, 1, sizeof back, f) == sizeof content - 1);
  if (f != NULL) fclose(f);
  CHECK(strcmp(back, content) == 0);
  struct stat st;
  CHECK(stat(out, &st) == 0 && (st.st_mode & 0777) == 0600);

  /* Errors. */
  json = (char*)"stale";
  CHECK(hromada_add_attachment(h, kCommunity, file, &json) == HROMADA_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(hromada_add_attachment(h, person, "/nonexistent-hromada/x.jpg", NULL) == HROMADA_NOT_FOUND);
  CHECK(hromada_add_attachment(h, person, empty, NULL) == HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "empty") != NULL);
  CHECK(hromada_get_attachment(h, "abc", out) == HROMADA_INVALID_ARGUMENT);
  CHECK(hromada_get_attachment(h,
                               "0000000000000000000000000000000000000000000000000000000000000000",
                               out) == HROMADA_NOT_FOUND);
  CHECK(strstr(hromada_last_error(), "sync first") != NULL);
  /* An attachment whose bytes are not here (as another device's comes by
   * sync): fetching needs an enrolled device. */
  char fields[300];
  snprintf(fields, sizeof fields,
           "{\"record_kind\": \"person\", \"record\": \"%s\", \"sha256\": "
           "\"%064d\", \"size\": 5}",
           person, 7);
  CHECK(hromada_put_json(h, "attachment", NULL, kCommunity, fields, NULL) == HROMADA_OK);
  char missing[65];
  snprintf(missing, sizeof missing, "%064d", 7);
  CHECK(hromada_get_attachment(h, missing, out) == HROMADA_FAILED_PRECONDITION);
  CHECK(strstr(hromada_last_error(), "not enrolled") != NULL);
  CHECK(hromada_list_attachments_json(h, person, &json) == HROMADA_OK);
  CHECK(json != NULL && strstr(json, "\"on_device\":false") != NULL);
  hromada_free(json);

  CHECK_NULL_ARG(hromada_add_attachment(NULL, person, file, NULL), "client");
  CHECK_NULL_ARG(hromada_add_attachment(h, NULL, file, NULL), "record_id");
  CHECK_NULL_ARG(hromada_add_attachment(h, person, NULL, NULL), "file_path");
  CHECK_NULL_ARG(hromada_list_attachments_json(h, person, NULL), "out_json");
  CHECK_NULL_ARG(hromada_get_attachment(h, NULL, out), "sha256");
  CHECK_NULL_ARG(hromada_get_attachment(h, digest, NULL), "output_path");
  hromada_free(person);
  hromada_close(h);
}

int main(void) {
  char dir[] = "/tmp/hromada-c-api-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof path, "%s/profile.db", dir);

  test_open_errors();

  hromada_client* h = NULL;
  CHECK(hromada_open_passphrase(path, "test passphrase", &h, NULL) == HROMADA_OK);
  CHECK(h != NULL);
  CHECK(strcmp(hromada_last_error(), "") == 0);
  test_null_arguments(h);
  test_enum_arguments(h);

  char* id = NULL;
  CHECK(hromada_put_json(h, "person", NULL, kCommunity,
                         "{\"full_name\": \"Oksana\", \"birth_year\": 1980, \"idp\": true}",
                         &id) == HROMADA_OK);
  CHECK(id != NULL && strlen(id) == 36);
  test_typed_person(h, id);

  char* json = NULL;
  CHECK(hromada_get_json(h, "person", id, &json) == HROMADA_OK);
  CHECK(json != NULL && strstr(json, "\"full_name\":\"Oksana\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"birth_year\":1980") != NULL);
  hromada_free(json);

  /* Field by field, text as pointer + length (not NUL-terminated). */
  hromada_edit* e = hromada_edit_new("person", id, NULL);
  const char phone[] = "+380501112233XXXX";
  hromada_edit_set_text(e, "phone", phone, 13);
  hromada_edit_set_bool(e, "veteran", 1);
  hromada_edit_clear(e, "birth_year");
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_OK);
  hromada_edit_free(e);
  CHECK(hromada_get_json(h, "person", id, &json) == HROMADA_OK);
  CHECK(strstr(json, "\"phone\":\"+380501112233\"") != NULL);
  CHECK(strstr(json, "birth_year") == NULL);
  hromada_free(json);

  /* Not synced yet: both changes wait in the outbox. */
  CHECK(hromada_sync_state_json(h, "person", id, &json) == HROMADA_OK);
  CHECK(json != NULL && strstr(json, "\"state\":\"waiting\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"text\":\"waiting (2 changes)\"") != NULL);
  hromada_free(json);
  CHECK(hromada_sync_state_json(h, "person", kCommunity, &json) == HROMADA_NOT_FOUND);
  CHECK(json == NULL);

  /* Bad input: a code to branch on and a sentence. */
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "{\"birth_year\": \"old\"}", NULL) ==
        HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(), "birth_year") != NULL);
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "not json", NULL) ==
        HROMADA_INVALID_ARGUMENT);
  e = hromada_edit_new("attendance", NULL, kCommunity);
  const uint8_t short_id[3] = {1, 2, 3};
  hromada_edit_set_ref_bytes(e, "meeting", short_id, sizeof short_id);
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_INVALID_ARGUMENT);
  hromada_edit_free(e);

  /* The last error is per thread: another thread's failure leaves this
   * thread's message alone. */
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "not json", NULL) ==
        HROMADA_INVALID_ARGUMENT);
  char mine[512];
  snprintf(mine, sizeof mine, "%s", hromada_last_error());
  pthread_t thread;
  void* seen = NULL;
  CHECK(pthread_create(&thread, NULL, fail_on_thread, h) == 0);
  CHECK(pthread_join(thread, &seen) == 0);
  CHECK(seen == h);
  CHECK(strcmp(hromada_last_error(), mine) == 0);

  CHECK(hromada_list_json(h, "person", &json) == HROMADA_OK);
  CHECK(json[0] == '[' && strstr(json, id) != NULL);
  hromada_free(json);

  CHECK(hromada_status_json(h, &json) == HROMADA_OK);
  CHECK(strstr(json, "\"pending_changes\":2") != NULL);
  CHECK(strstr(json, "\"enrolled\":false") != NULL);
  hromada_free(json);

  int calls = 0;
  CHECK(hromada_sync(h, on_progress, &calls, NULL) == HROMADA_FAILED_PRECONDITION);
  CHECK(strstr(hromada_last_error(), "not enrolled") != NULL);

  test_typed_other_kinds(h, id);

  CHECK(hromada_delete(h, "person", id) == HROMADA_OK);
  CHECK(hromada_get_json(h, "person", id, &json) == HROMADA_NOT_FOUND);
  hromada_record* gone = (hromada_record*)&json;
  CHECK(hromada_get(h, "person", id, &gone) == HROMADA_NOT_FOUND);
  CHECK(gone == NULL);
  CHECK(hromada_delete(h, "person", "not-an-id") == HROMADA_INVALID_ARGUMENT);

  char* a1 = NULL;
  char* a2 = NULL;
  CHECK(hromada_attendance_id(kCommunity, id, &a1) == HROMADA_OK);
  CHECK(hromada_attendance_id(kCommunity, id, &a2) == HROMADA_OK);
  CHECK(a1 != NULL && a2 != NULL && strcmp(a1, a2) == 0);
  hromada_free(a2);
  CHECK(hromada_attendance_id("x", id, &a2) == HROMADA_INVALID_ARGUMENT);
  CHECK(a2 == NULL);
  hromada_free(a1);

  CHECK(hromada_rejected_json(h, &json) == HROMADA_OK);
  CHECK(strcmp(json, "[]") == 0);
  hromada_free(json);

  hromada_free(id);
  hromada_close(h);

  /* Reopen: everything is still there (2 puts of the person, a meeting, an
   * attendance, an initiative and the delete). */
  CHECK(hromada_open_passphrase(path, "test passphrase", &h, NULL) == HROMADA_OK);
  CHECK(hromada_status_json(h, &json) == HROMADA_OK);
  CHECK(strstr(json, "\"pending_changes\":6") != NULL);
  hromada_free(json);
  hromada_close(h);

  test_attachments(dir);

  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
