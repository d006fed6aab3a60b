// The C API (hromada/hromada.h) over hromada::Client. No C++ exception
// crosses this boundary: each entry point catches them and reports
// HROMADA_INTERNAL (or RESOURCE_EXHAUSTED for memory).
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>

#include "client/src/json.h"
#include "hromada/client.h"
#include "hromada/hromada.h"
#include "shared/uuid.h"

struct hromada_client {
  std::unique_ptr<hromada::Client> client;
  std::mutex mu;  // guards last_error
  std::string last_error;
};

struct hromada_edit {
  hromada::Edit edit;
  std::string error;  // the first bad set_* call, reported by put
};

namespace {

using hromada::Client;
using hromada::Fields;

char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

std::string Str(const char* s) { return s ? std::string(s) : std::string(); }

int Record(hromada_client* c, const absl::Status& status) {
  std::lock_guard<std::mutex> lock(c->mu);
  c->last_error = status.ok() ? "" : std::string(status.message());
  return static_cast<int>(status.code());
}

// Runs `body` (returning absl::Status), turning exceptions into codes.
template <typename F>
int Guard(hromada_client* c, F&& body) {
  if (c == nullptr) return HROMADA_INVALID_ARGUMENT;
  try {
    return Record(c, body());
  } catch (const std::bad_alloc&) {
    return Record(c, absl::ResourceExhaustedError("out of memory"));
  } catch (const std::exception& e) {
    return Record(c, absl::InternalError(e.what()));
  }
}

// Stores `text` in *out when out is not NULL.
absl::Status Give(const std::string& text, char** out) {
  if (out == nullptr) return absl::OkStatus();
  *out = Dup(text);
  return *out ? absl::OkStatus() : absl::ResourceExhaustedError("out of memory");
}

void Set(hromada_edit* e, const char* field, hromada::Value value) {
  if (e == nullptr || field == nullptr) return;
  e->edit.fields[field] = std::move(value);
}

}  // namespace

extern "C" {

int hromada_open(const char* path, hromada_client** out, char** error) {
  if (out == nullptr || path == nullptr) return HROMADA_INVALID_ARGUMENT;
  *out = nullptr;
  try {
    absl::StatusOr<std::unique_ptr<Client>> client = Client::Open(path);
    if (!client.ok()) {
      if (error != nullptr) *error = Dup(std::string(client.status().message()));
      return static_cast<int>(client.status().code());
    }
    auto handle = std::make_unique<hromada_client>();
    handle->client = *std::move(client);
    *out = handle.release();
    return HROMADA_OK;
  } catch (const std::exception& e) {
    if (error != nullptr) *error = Dup(e.what());
    return HROMADA_INTERNAL;
  }
}

void hromada_close(hromada_client* client) { delete client; }

const char* hromada_last_error(const hromada_client* client) {
  return client ? client->last_error.c_str() : "";
}

void hromada_free(void* p) { std::free(p); }

int hromada_enrol(hromada_client* c, const char* server_url, const char* code,
                  const char* device_name) {
  return Guard(c, [&] { return c->client->Enrol(Str(server_url), Str(code), Str(device_name)); });
}

int hromada_put_json(hromada_client* c, const char* kind, const char* id, const char* community_id,
                     const char* fields_json, char** out_id) {
  return Guard(c, [&]() -> absl::Status {
    absl::StatusOr<Fields> fields =
        hromada::client::FieldsFromJsonText(Str(kind), Str(fields_json));
    if (!fields.ok()) return fields.status();
    absl::StatusOr<std::string> put =
        c->client->Put(Str(kind), Str(id), Str(community_id), *fields);
    if (!put.ok()) return put.status();
    return Give(*put, out_id);
  });
}

hromada_edit* hromada_edit_new(const char* kind, const char* id, const char* community_id) {
  hromada_edit* e = new (std::nothrow) hromada_edit;
  if (e == nullptr) return nullptr;
  e->edit.kind = Str(kind);
  e->edit.id = Str(id);
  e->edit.community_id = Str(community_id);
  return e;
}

void hromada_edit_free(hromada_edit* edit) { delete edit; }

void hromada_edit_set_text(hromada_edit* e, const char* field, const char* text, size_t len) {
  Set(e, field, std::string(text ? text : "", text ? len : 0));
}
void hromada_edit_set_int(hromada_edit* e, const char* field, int64_t value) {
  Set(e, field, value);
}
void hromada_edit_set_real(hromada_edit* e, const char* field, double value) {
  Set(e, field, value);
}
void hromada_edit_set_bool(hromada_edit* e, const char* field, int value) {
  Set(e, field, value != 0);
}
void hromada_edit_set_ref(hromada_edit* e, const char* field, const char* record_id) {
  Set(e, field, hromada::Ref{Str(record_id)});
}
void hromada_edit_set_ref_bytes(hromada_edit* e, const char* field, const uint8_t* bytes,
                                size_t len) {
  if (e == nullptr) return;
  if (bytes == nullptr || len != hromada::Uuid::kSize) {
    if (e->error.empty()) e->error = std::string("'") + Str(field) + "' must be a 16-byte id";
    return;
  }
  Set(e, field,
      hromada::Ref{hromada::IdToString(std::string(reinterpret_cast<const char*>(bytes), len))});
}
void hromada_edit_clear(hromada_edit* e, const char* field) { Set(e, field, hromada::Null{}); }

int hromada_edit_put(hromada_client* c, const hromada_edit* e, char** out_id) {
  return Guard(c, [&]() -> absl::Status {
    if (e == nullptr) return absl::InvalidArgumentError("no edit given");
    if (!e->error.empty()) return absl::InvalidArgumentError(e->error);
    absl::StatusOr<std::string> put = c->client->Put(e->edit);
    if (!put.ok()) return put.status();
    return Give(*put, out_id);
  });
}

int hromada_get_json(hromada_client* c, const char* kind, const char* id, char** out_json) {
  return Guard(c, [&]() -> absl::Status {
    absl::StatusOr<std::optional<hromada::RecordView>> r = c->client->Get(Str(kind), Str(id));
    if (!r.ok()) return r.status();
    if (!r->has_value()) {
      return absl::NotFoundError("there is no " + Str(kind) + " record " + Str(id));
    }
    return Give(hromada::client::ToJson(**r).dump(), out_json);
  });
}

int hromada_list_json(hromada_client* c, const char* kind, char** out_json) {
  return Guard(c, [&]() -> absl::Status {
    nlohmann::json list = nlohmann::json::array();
    absl::Status s = c->client->ForEach(Str(kind), [&](const hromada::RecordView& r) {
      list.push_back(hromada::client::ToJson(r));
      return true;
    });
    if (!s.ok()) return s;
    return Give(list.dump(), out_json);
  });
}

int hromada_delete(hromada_client* c, const char* kind, const char* id) {
  return Guard(c, [&] { return c->client->Delete(Str(kind), Str(id)); });
}

int hromada_sync(hromada_client* c, hromada_progress_fn progress, void* user_data,
                 char** out_report_json) {
  return Guard(c, [&]() -> absl::Status {
    hromada::ProgressCallback callback;
    if (progress != nullptr) {
      callback = [&](const hromada::SyncProgress& p) {
        const hromada_progress cp{static_cast<hromada_phase>(p.phase), p.records_done,
                                  p.records_expected, p.bytes_done, p.bytes_expected};
        progress(&cp, user_data);
      };
    }
    absl::StatusOr<hromada::SyncReport> report = c->client->Sync(callback);
    if (!report.ok()) return report.status();
    return Give(hromada::client::ToJson(*report).dump(), out_report_json);
  });
}

int hromada_status_json(hromada_client* c, char** out_json) {
  return Guard(c, [&]() -> absl::Status {
    absl::StatusOr<hromada::ClientStatus> s = c->client->GetStatus();
    if (!s.ok()) return s.status();
    return Give(hromada::client::ToJson(*s).dump(), out_json);
  });
}

int hromada_rejected_json(hromada_client* c, char** out_json) {
  return Guard(c, [&]() -> absl::Status {
    absl::StatusOr<std::vector<hromada::RejectedChange>> list = c->client->Rejected();
    if (!list.ok()) return list.status();
    nlohmann::json out = nlohmann::json::array();
    for (const hromada::RejectedChange& r : *list) out.push_back(hromada::client::ToJson(r));
    return Give(out.dump(), out_json);
  });
}

int hromada_attendance_id(const char* meeting_id, const char* person_id, char** out_id) {
  try {
    absl::StatusOr<std::string> id = hromada::AttendanceId(Str(meeting_id), Str(person_id));
    if (!id.ok()) return static_cast<int>(id.status().code());
    return static_cast<int>(Give(*id, out_id).code());
  } catch (const std::exception&) {
    return HROMADA_INTERNAL;
  }
}

}  // extern "C"
