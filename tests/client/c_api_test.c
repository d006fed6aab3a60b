/* The C API from plain C: open, put (JSON and field by field), get, list,
 * delete, status, errors with codes and messages, attendance ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static const char* kCommunity = "0b7d6c8e-1f2a-4c3b-9d4e-5f6a7b8c9d0e";

static void on_progress(const hromada_progress* p, void* user) {
  (void)p;
  ++*(int*)user;
}

int main(void) {
  char dir[] = "/tmp/hromada-c-api-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof path, "%s/profile.db", dir);

  char* error = NULL;
  hromada_client* bad = NULL;
  CHECK(hromada_open("/nonexistent/dir/x.db", &bad, &error) == HROMADA_FAILED_PRECONDITION);
  CHECK(bad == NULL);
  CHECK(error != NULL && strlen(error) > 0);
  hromada_free(error);

  hromada_client* h = NULL;
  CHECK(hromada_open(path, &h, NULL) == HROMADA_OK);
  CHECK(h != NULL);

  char* id = NULL;
  CHECK(hromada_put_json(h, "person", NULL, kCommunity,
                         "{\"full_name\": \"Oksana\", \"birth_year\": 1980, \"idp\": true}",
                         &id) == HROMADA_OK);
  CHECK(id != NULL && strlen(id) == 36);

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

  /* Bad input: a code to branch on and a sentence. */
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "{\"birth_year\": \"old\"}", NULL) ==
        HROMADA_INVALID_ARGUMENT);
  CHECK(strstr(hromada_last_error(h), "birth_year") != NULL);
  CHECK(hromada_put_json(h, "person", NULL, kCommunity, "not json", NULL) ==
        HROMADA_INVALID_ARGUMENT);
  e = hromada_edit_new("attendance", NULL, kCommunity);
  const uint8_t short_id[3] = {1, 2, 3};
  hromada_edit_set_ref_bytes(e, "meeting", short_id, sizeof short_id);
  CHECK(hromada_edit_put(h, e, NULL) == HROMADA_INVALID_ARGUMENT);
  hromada_edit_free(e);

  CHECK(hromada_list_json(h, "person", &json) == HROMADA_OK);
  CHECK(json[0] == '[' && strstr(json, id) != NULL);
  hromada_free(json);

  CHECK(hromada_status_json(h, &json) == HROMADA_OK);
  CHECK(strstr(json, "\"pending_changes\":2") != NULL);
  CHECK(strstr(json, "\"enrolled\":false") != NULL);
  hromada_free(json);

  int calls = 0;
  CHECK(hromada_sync(h, on_progress, &calls, NULL) == HROMADA_FAILED_PRECONDITION);
  CHECK(strstr(hromada_last_error(h), "not enrolled") != NULL);

  CHECK(hromada_delete(h, "person", id) == HROMADA_OK);
  CHECK(hromada_get_json(h, "person", id, &json) == HROMADA_NOT_FOUND);
  CHECK(hromada_delete(h, "person", "not-an-id") == HROMADA_INVALID_ARGUMENT);

  char* a1 = NULL;
  char* a2 = NULL;
  CHECK(hromada_attendance_id(kCommunity, id, &a1) == HROMADA_OK);
  CHECK(hromada_attendance_id(kCommunity, id, &a2) == HROMADA_OK);
  CHECK(a1 != NULL && a2 != NULL && strcmp(a1, a2) == 0);
  CHECK(hromada_attendance_id("x", id, &a2) == HROMADA_INVALID_ARGUMENT);
  hromada_free(a1);
  hromada_free(a2);

  CHECK(hromada_rejected_json(h, &json) == HROMADA_OK);
  CHECK(strcmp(json, "[]") == 0);
  hromada_free(json);

  hromada_free(id);
  hromada_close(h);
  hromada_close(NULL);

  /* Reopen: everything is still there. */
  CHECK(hromada_open(path, &h, NULL) == HROMADA_OK);
  CHECK(hromada_status_json(h, &json) == HROMADA_OK);
  CHECK(strstr(json, "\"pending_changes\":3") != NULL);
  hromada_free(json);
  hromada_close(h);

  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
