/* An app on the installed C API, built with `cc` and pkg-config alone:
 * opens a profile in the folder argv[1], puts a person field by field,
 * reads it back with typed getters, attaches a file to it, and prints the
 * status. Exits 1 on any surprise. */
#include <hromada/hromada.h>
#include <stdio.h>
#include <string.h>

static int fail(const char* what) {
  fprintf(stderr, "c_consumer: %s: %s\n", what, hromada_last_error());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: c_consumer FOLDER");
  char path[512];
  snprintf(path, sizeof path, "%s/profile.db", argv[1]);
  hromada_client* h = NULL;
  if (hromada_open_passphrase(path, "consumer passphrase", &h, NULL) != HROMADA_OK)
    return fail("open");

  hromada_edit* e = hromada_edit_new("person", NULL, "0b7d6c8e-1f2a-4c3b-9d4e-5f6a7b8c9d0e");
  hromada_edit_set_text(e, "full_name", "Ivan Bondar", 11);
  hromada_edit_set_int(e, "birth_year", 1979);
  char* id = NULL;
  const int put = hromada_edit_put(h, e, &id);
  hromada_edit_free(e);
  if (put != HROMADA_OK) return fail("put");

  hromada_record* r = NULL;
  if (hromada_get(h, "person", id, &r) != HROMADA_OK) return fail("get");
  const char* name = NULL;
  int64_t year = 0;
  if (hromada_record_get_text(r, "full_name", &name, NULL) != HROMADA_OK ||
      strcmp(name, "Ivan Bondar") != 0 ||
      hromada_record_get_int(r, "birth_year", &year) != HROMADA_OK || year != 1979) {
    return fail("read back");
  }
  char file[512];
  snprintf(file, sizeof file, "%s/sheet.txt", argv[1]);
  FILE* f = fopen(file, "w");
  if (f == NULL || fputs("sign-in sheet", f) < 0 || fclose(f) != 0) return fail("write a file");
  char* attachments = NULL;
  if (hromada_add_attachment(h, id, file, NULL) != HROMADA_OK ||
      hromada_list_attachments_json(h, id, &attachments) != HROMADA_OK ||
      strstr(attachments, "\"file_name\":\"sheet.txt\"") == NULL) {
    return fail("attach");
  }
  hromada_free(attachments);
  char* status = NULL;
  if (hromada_status_json(h, &status) != HROMADA_OK) return fail("status");
  printf("c_consumer: person %s is %s, born %lld; status %s\n", id, name, (long long)year, status);
  hromada_free(status);
  hromada_record_free(r);
  hromada_free(id);
  hromada_close(h);
  return 0;
}
