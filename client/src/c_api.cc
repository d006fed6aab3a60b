// The C API (hromada/hromada.h) over hromada::Client: handles, edits,
// sync, status and reports. Record getters are in c_api_records.cc.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "client/src/c_api_internal.h"
#include "client/src/json.h"
#include "hromada/client.h"
#include "hromada/hromada.h"
#include "shared/base/uuid.h"

struct hromada_edit {
  hromada::Edit edit;
  std::string error;  // the first mistake in a set_* call, reported by put
};

namespace hromada::capi {
namespace {

// The C enums the library hands out are the C++ ones, value for value,
// so casts from C++ to C are exact. A new value on either side must be
// added to both. (What a caller hands in is an int and is mapped by name
// after a check: see ReportFormatOf.)
#define HROMADA_SAME_CODE(c, cc) \
  static_assert(static_cast<int>(absl::StatusCode::cc) == HROMADA_##c, #c)
HROMADA_SAME_CODE(OK, kOk);
HROMADA_SAME_CODE(CANCELLED, kCancelled);
HROMADA_SAME_CODE(UNKNOWN, kUnknown);
HROMADA_SAME_CODE(INVALID_ARGUMENT, kInvalidArgument);
HROMADA_SAME_CODE(DEADLINE_EXCEEDED, kDeadlineExceeded);
HROMADA_SAME_CODE(NOT_FOUND, kNotFound);
HROMADA_SAME_CODE(ALREADY_EXISTS, kAlreadyExists);
HROMADA_SAME_CODE(PERMISSION_DENIED, kPermissionDenied);
HROMADA_SAME_CODE(RESOURCE_EXHAUSTED, kResourceExhausted);
HROMADA_SAME_CODE(FAILED_PRECONDITION, kFailedPrecondition);
HROMADA_SAME_CODE(ABORTED, kAborted);
HROMADA_SAME_CODE(OUT_OF_RANGE, kOutOfRange);
HROMADA_SAME_CODE(UNIMPLEMENTED, kUnimplemented);
HROMADA_SAME_CODE(INTERNAL, kInternal);
HROMADA_SAME_CODE(UNAVAILABLE, kUnavailable);
HROMADA_SAME_CODE(DATA_LOSS, kDataLoss);
HROMADA_SAME_CODE(UNAUTHENTICATED, kUnauthenticated);
#undef HROMADA_SAME_CODE

static_assert(static_cast<int>(SyncPhase::kHandshake) == HROMADA_PHASE_HANDSHAKE);
static_assert(static_cast<int>(SyncPhase::kPush) == HROMADA_PHASE_PUSH);
static_assert(static_cast<int>(SyncPhase::kPull) == HROMADA_PHASE_PULL);
static_assert(static_cast<int>(SyncPhase::kDone) == HROMADA_PHASE_DONE);
static_assert(static_cast<int>(SyncPhase::kAttachments) == HROMADA_PHASE_ATTACHMENTS);

// Per thread, so reading it needs no lock and one thread's failure never
// overwrites the message another thread is about to read.
thread_local std::string last_error;

char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

std::string Str(const char* s) { return s ? std::string(s) : std::string(); }

// The C++ format for a caller's hromada_report_format. The caller's number
// stays an int until it is known to be one of the enum's: a C caller may
// pass any int, and an out-of-range value in a C++ enum is undefined.
absl::StatusOr<ReportRequest::Format> ReportFormatOf(int format) {
  switch (format) {
    case HROMADA_REPORT_JSON:
      return ReportRequest::Format::kJson;
    case HROMADA_REPORT_HTML:
      return ReportRequest::Format::kHtml;
    case HROMADA_REPORT_CSV:
      return ReportRequest::Format::kCsv;
    case HROMADA_REPORT_TABLE:
      return ReportRequest::Format::kTable;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("there is no report format ", format, "; the formats are HROMADA_REPORT_JSON (",
                   HROMADA_REPORT_JSON, ") to HROMADA_REPORT_TABLE (", HROMADA_REPORT_TABLE, ")"));
}

// Gives `text` through an output the caller may leave NULL.
absl::Status GiveIfAsked(const std::string& text, char** out) {
  return out == nullptr ? absl::OkStatus() : Give(text, out);
}

void Note(hromada_edit* e, std::string mistake) {
  if (e->error.empty()) e->error = std::move(mistake);
}

void Set(hromada_edit* e, const char* field, Value value) {
  if (field == nullptr) return Note(e, "a field name given to the edit is NULL");
  e->edit.fields[field] = std::move(value);
}

// Runs a setter's `body` on a non-NULL edit. Setters return nothing, so
// their own failure (out of memory) is kept in the edit like any other
// mistake, for hromada_edit_put to report.
template <typename F>
void Setter(hromada_edit* e, F&& body) noexcept {
  if (e == nullptr) return;
  try {
    body();
  } catch (const std::exception&) {
    Note(e, "out of memory");  // short enough to need no allocation
  }
}

}  // namespace

int Finish(int code, absl::string_view message) noexcept {
  last_error.clear();
  try {
    last_error.append(message.data(), message.size());
  } catch (const std::bad_alloc&) {
    // The code still says what happened; only the sentence is lost.
  }
  return code;
}

absl::Status Need(std::initializer_list<Arg> args) {
  for (const Arg& a : args) {
    if (a.value == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("the argument '", a.name, "' is NULL"));
    }
  }
  return absl::OkStatus();
}

absl::Status Give(const std::string& text, char** out) {
  *out = Dup(text);
  return *out ? absl::OkStatus() : absl::ResourceExhaustedError("out of memory");
}

// Opens the profile at `path` into a new handle in *out.
absl::Status OpenInto(const char* path, const ClientSettings& settings, hromada_client** out) {
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Open(path, settings);
  if (!client.ok()) return client.status();
  auto handle = std::make_unique<hromada_client>();
  handle->client = *std::move(client);
  *out = handle.release();
  return absl::OkStatus();
}

}  // namespace hromada::capi

using hromada::capi::ClearOut;
using hromada::capi::Give;
using hromada::capi::GiveIfAsked;
using hromada::capi::Need;
using hromada::capi::Note;
using hromada::capi::OpenInto;
using hromada::capi::ReportFormatOf;
using hromada::capi::Run;
using hromada::capi::Set;
using hromada::capi::Setter;
using hromada::capi::Str;

extern "C" {

const char* hromada_last_error(void) { return hromada::capi::last_error.c_str(); }

void hromada_free(void* p) { std::free(p); }

int hromada_open_passphrase(const char* path, const char* passphrase, hromada_client** out,
                            char** error) {
  ClearOut(out);
  ClearOut(error);
  const int code = Run([&]() -> absl::Status {
    if (absl::Status s = Need({{path, "path"}, {passphrase, "passphrase"}, {out, "out"}});
        !s.ok()) {
      return s;
    }
    hromada::ClientSettings settings;
    settings.passphrase = passphrase;
    return OpenInto(path, settings, out);
  });
  if (code != HROMADA_OK && error != nullptr) *error = hromada::capi::Dup(hromada_last_error());
  return code;
}

int hromada_open_keystore(const char* path, hromada_key_fn key_fn, void* user_data,
                          hromada_client** out, char** error) {
  ClearOut(out);
  ClearOut(error);
  const int code = Run([&]() -> absl::Status {
    if (absl::Status s = Need({{path, "path"}, {out, "out"}}); !s.ok()) return s;
    if (key_fn == nullptr) return absl::InvalidArgumentError("the argument 'key_fn' is NULL");
    hromada::ClientSettings settings;
    settings.key_provider = [&]() -> absl::StatusOr<std::string> {
      std::string key(32, '\0');
      if (key_fn(user_data, reinterpret_cast<uint8_t*>(key.data())) != 0) {
        return absl::FailedPreconditionError("the app's keystore gave no key");
      }
      return key;
    };
    return OpenInto(path, settings, out);
  });
  if (code != HROMADA_OK && error != nullptr) *error = hromada::capi::Dup(hromada_last_error());
  return code;
}

int hromada_change_passphrase(hromada_client* c, const char* new_passphrase) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {new_passphrase, "new_passphrase"}}); !s.ok()) {
      return s;
    }
    return c->client->ChangePassphrase(new_passphrase);
  });
}

int hromada_wipe(hromada_client* c) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}}); !s.ok()) return s;
    return c->client->Wipe();
  });
}

void hromada_close(hromada_client* client) { delete client; }

int hromada_enrol(hromada_client* c, const char* server_url, const char* code,
                  const char* device_name) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {server_url, "server_url"}, {code, "code"}});
        !s.ok()) {
      return s;
    }
    return c->client->Enrol(server_url, code, Str(device_name));
  });
}

int hromada_enrol_tls(hromada_client* c, const char* server_url, const char* code,
                      const char* device_name, int insecure, const char* ca_pem,
                      const char* pinned_public_key) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {server_url, "server_url"}, {code, "code"}});
        !s.ok()) {
      return s;
    }
    const hromada::TlsSettings tls{insecure != 0, Str(ca_pem), Str(pinned_public_key)};
    return c->client->Enrol(server_url, code, Str(device_name), tls);
  });
}

int hromada_put_json(hromada_client* c, const char* kind, const char* id, const char* community_id,
                     const char* fields_json, char** out_id) {
  ClearOut(out_id);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {fields_json, "fields_json"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<hromada::Fields> fields = hromada::client::FieldsFromJsonText(kind, fields_json);
    if (!fields.ok()) return fields.status();
    absl::StatusOr<std::string> put = c->client->Put(kind, Str(id), Str(community_id), *fields);
    if (!put.ok()) return put.status();
    return GiveIfAsked(*put, out_id);
  });
}

hromada_edit* hromada_edit_new(const char* kind, const char* id, const char* community_id) {
  hromada_edit* e = new (std::nothrow) hromada_edit;
  if (e == nullptr) return nullptr;
  try {
    if (kind == nullptr) Note(e, "the argument 'kind' is NULL");
    e->edit.kind = Str(kind);
    e->edit.id = Str(id);
    e->edit.community_id = Str(community_id);
  } catch (const std::bad_alloc&) {
    delete e;
    return nullptr;
  }
  return e;
}

void hromada_edit_free(hromada_edit* edit) { delete edit; }

void hromada_edit_set_text(hromada_edit* e, const char* field, const char* text, size_t len) {
  Setter(e, [&] {
    if (text == nullptr && len > 0)
      return Note(e, "the text given for '" + Str(field) + "' is NULL");
    Set(e, field, std::string(text ? text : "", text ? len : 0));
  });
}
void hromada_edit_set_int(hromada_edit* e, const char* field, int64_t value) {
  Setter(e, [&] { Set(e, field, value); });
}
void hromada_edit_set_real(hromada_edit* e, const char* field, double value) {
  Setter(e, [&] { Set(e, field, value); });
}
void hromada_edit_set_bool(hromada_edit* e, const char* field, int value) {
  Setter(e, [&] { Set(e, field, value != 0); });
}
void hromada_edit_set_date(hromada_edit* e, const char* field, int year, int month, int day) {
  Setter(e, [&] {
    const absl::CivilDay date(year, month, day);  // normalizes: 2024-02-30 is 03-01
    if (date.year() != year || date.month() != month || date.day() != day) {
      return Note(e,
                  absl::StrCat("'", Str(field), "' is not a date: ", year, "-", month, "-", day));
    }
    Set(e, field, absl::FormatCivilTime(date));
  });
}
void hromada_edit_set_ref(hromada_edit* e, const char* field, const char* record_id) {
  Setter(e, [&] {
    if (record_id == nullptr) return Note(e, "the id given for '" + Str(field) + "' is NULL");
    Set(e, field, hromada::Ref{record_id});
  });
}
void hromada_edit_set_ref_bytes(hromada_edit* e, const char* field, const uint8_t* bytes,
                                size_t len) {
  Setter(e, [&] {
    if (bytes == nullptr || len != hromada::Uuid::kSize) {
      return Note(e, "'" + Str(field) + "' must be a 16-byte id");
    }
    const std::string raw(reinterpret_cast<const char*>(bytes), len);
    Set(e, field, hromada::Ref{hromada::IdToString(raw)});
  });
}
void hromada_edit_clear(hromada_edit* e, const char* field) {
  Setter(e, [&] { Set(e, field, hromada::Null{}); });
}

int hromada_edit_put(hromada_client* c, const hromada_edit* e, char** out_id) {
  ClearOut(out_id);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {e, "edit"}}); !s.ok()) return s;
    if (!e->error.empty()) return absl::InvalidArgumentError(e->error);
    absl::StatusOr<std::string> put = c->client->Put(e->edit);
    if (!put.ok()) return put.status();
    return GiveIfAsked(*put, out_id);
  });
}

int hromada_delete(hromada_client* c, const char* kind, const char* id) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {id, "id"}}); !s.ok()) return s;
    return c->client->Delete(kind, id);
  });
}

int hromada_get_json(hromada_client* c, const char* kind, const char* id, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {id, "id"}, {out_json, "out_json"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::optional<hromada::RecordView>> r = c->client->Get(kind, id);
    if (!r.ok()) return r.status();
    if (!r->has_value()) return absl::NotFoundError(absl::StrCat("there is no ", kind, " ", id));
    return Give(hromada::client::ToJson(**r).dump(), out_json);
  });
}

int hromada_sync_state_json(hromada_client* c, const char* kind, const char* id, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {id, "id"}, {out_json, "out_json"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<hromada::RecordSync> sync = c->client->SyncStateOf(kind, id);
    if (!sync.ok()) return sync.status();
    return Give(hromada::client::ToJson(*sync).dump(), out_json);
  });
}

int hromada_list_json(hromada_client* c, const char* kind, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {kind, "kind"}, {out_json, "out_json"}}); !s.ok()) {
      return s;
    }
    nlohmann::json list = nlohmann::json::array();
    absl::Status s = c->client->ForEach(kind, [&](const hromada::RecordView& r) {
      list.push_back(hromada::client::ToJson(r));
      return true;
    });
    if (!s.ok()) return s;
    return Give(list.dump(), out_json);
  });
}

int hromada_sync(hromada_client* c, hromada_progress_fn progress, void* user_data,
                 char** out_report_json) {
  ClearOut(out_report_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}}); !s.ok()) return s;
    hromada::ProgressCallback callback;
    if (progress != nullptr) {
      callback = [&](const hromada::SyncProgress& p) {
        hromada_progress cp{};
        cp.phase = static_cast<hromada_phase>(p.phase);
        cp.records_done = p.records_done;
        cp.records_expected = p.records_expected;
        cp.bytes_done = p.bytes_done;
        cp.bytes_expected = p.bytes_expected;
        cp.clock_offset_ms = p.clock_offset_ms;
        cp.wire_bytes_up = p.wire_bytes_up;
        cp.wire_bytes_down = p.wire_bytes_down;
        cp.link_state =
            p.link == hromada::LinkState::kRetrying ? HROMADA_LINK_RETRYING : HROMADA_LINK_UP;
        cp.retries = static_cast<uint32_t>(p.retries);
        cp.retry_in_ms = static_cast<uint32_t>(absl::ToInt64Milliseconds(p.retry_in));
        progress(&cp, user_data);
      };
    }
    absl::StatusOr<hromada::SyncReport> report = c->client->Sync(callback);
    if (!report.ok()) return report.status();
    return GiveIfAsked(hromada::client::ToJson(*report).dump(), out_report_json);
  });
}

int hromada_status_json(hromada_client* c, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {out_json, "out_json"}}); !s.ok()) return s;
    absl::StatusOr<hromada::ClientStatus> status = c->client->GetStatus();
    if (!status.ok()) return status.status();
    return Give(hromada::client::ToJson(*status).dump(), out_json);
  });
}

int hromada_rejected_json(hromada_client* c, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {out_json, "out_json"}}); !s.ok()) return s;
    absl::StatusOr<std::vector<hromada::RejectedChange>> list = c->client->Rejected();
    if (!list.ok()) return list.status();
    nlohmann::json out = nlohmann::json::array();
    for (const hromada::RejectedChange& r : *list) out.push_back(hromada::client::ToJson(r));
    return Give(out.dump(), out_json);
  });
}

int hromada_report(hromada_client* c, const char* community_id, const char* from, const char* to,
                   int format, char** out_text) {
  ClearOut(out_text);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {out_text, "out_text"}}); !s.ok()) return s;
    absl::StatusOr<hromada::ReportRequest::Format> known = ReportFormatOf(format);
    if (!known.ok()) return known.status();
    hromada::ReportRequest request;
    request.community_id = Str(community_id);
    request.from = Str(from);
    request.to = Str(to);
    request.format = *known;
    absl::StatusOr<std::string> text = c->client->RenderReport(request);
    if (!text.ok()) return text.status();
    return Give(*text, out_text);
  });
}

int hromada_attendance_id(const char* meeting_id, const char* person_id, char** out_id) {
  ClearOut(out_id);
  return Run([&]() -> absl::Status {
    if (absl::Status s =
            Need({{meeting_id, "meeting_id"}, {person_id, "person_id"}, {out_id, "out_id"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> id = hromada::AttendanceId(meeting_id, person_id);
    if (!id.ok()) return id.status();
    return Give(*id, out_id);
  });
}

}  // extern "C"
