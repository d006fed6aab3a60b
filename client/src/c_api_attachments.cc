// The C API's attachments (hromada/hromada.h): thin over Client's
// AddAttachment, ListAttachments and GetAttachment, answering in JSON
// (client/src/json.h) like the other reads that are not records.
#include <string>
#include <vector>

#include "client/src/c_api_internal.h"
#include "client/src/json.h"
#include "hromada/client.h"
#include "hromada/hromada.h"

using hromada::capi::ClearOut;
using hromada::capi::Give;
using hromada::capi::Need;
using hromada::capi::Run;

extern "C" {

int hromada_add_attachment(hromada_client* c, const char* record_id, const char* file_path,
                           char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {record_id, "record_id"}, {file_path, "file_path"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<hromada::AttachmentInfo> added = c->client->AddAttachment(record_id, file_path);
    if (!added.ok()) return added.status();
    if (out_json == nullptr) return absl::OkStatus();
    return Give(hromada::client::ToJson(*added).dump(), out_json);
  });
}

int hromada_list_attachments_json(hromada_client* c, const char* record_id, char** out_json) {
  ClearOut(out_json);
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {record_id, "record_id"}, {out_json, "out_json"}});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::vector<hromada::AttachmentInfo>> list =
        c->client->ListAttachments(record_id);
    if (!list.ok()) return list.status();
    nlohmann::json out = nlohmann::json::array();
    for (const hromada::AttachmentInfo& a : *list) out.push_back(hromada::client::ToJson(a));
    return Give(out.dump(), out_json);
  });
}

int hromada_get_attachment(hromada_client* c, const char* sha256, const char* output_path) {
  return Run([&]() -> absl::Status {
    if (absl::Status s = Need({{c, "client"}, {sha256, "sha256"}, {output_path, "output_path"}});
        !s.ok()) {
      return s;
    }
    return c->client->GetAttachment(sha256, output_path);
  });
}

}  // extern "C"
