// Attachments: a record's files (a photo of a meeting's sign-in sheet,
// a scan of a consent form), a new one uploaded from the page (a phone's
// camera), and one shown. The bytes go through Client::AddAttachment and
// GetAttachment, as `hromada attachments add/get` do, by way of a private
// file beside the profile that is removed at once.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/ui/api.h"
#include "client/ui/gate.h"
#include "shared/base/private_file.h"

namespace hromada::ui {
namespace {

// Media types shown in the page itself; anything else is downloaded, so
// a file never runs as a page of this origin.
bool IsPicture(const std::string& media_type) {
  return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/webp";
}

nlohmann::json AttachmentJson(const AttachmentInfo& a) {
  return {{"id", a.id},
          {"sha256", a.sha256},
          {"size", a.size},
          {"media_type", a.media_type},
          {"file_name", a.file_name},
          {"on_device", a.on_device},
          {"sent", a.sent},
          {"picture", IsPicture(a.media_type)}};
}

// A file beside the profile for one request's bytes, removed when it goes.
class ScratchFile {
 public:
  ScratchFile(const App& app, const std::string& name) {
    const std::filesystem::path profile(app.options().profile_path);
    path_ = (profile.parent_path() / absl::StrCat(".ui-", getpid(), "-", NewToken().substr(0, 16)) /
             name)
                .string();
  }
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The name a file is kept under: its last path part, without control
// characters, at most 100 bytes; "photo.jpg" when nothing is left.
std::string SafeName(const std::string& typed) {
  std::string name = typed.substr(typed.find_last_of("/\\") + 1);
  name.erase(
      std::remove_if(name.begin(), name.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }),
      name.end());
  if (name.size() > 100) name = name.substr(name.size() - 100);
  if (name.empty() || name == "." || name == "..") name = "photo.jpg";
  return name;
}

// Content-Disposition for a download under `name` (RFC 6266: the UTF-8
// name percent-encoded, and a plain one for old browsers).
std::string DownloadHeader(const std::string& name) {
  std::string encoded;
  for (unsigned char c : SafeName(name)) {
    if (absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&encoded, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return absl::StrCat("attachment; filename=\"attachment\"; filename*=UTF-8''", encoded);
}

// GET /api/attachments?record=ID -> [{id, sha256, size, media_type,
// file_name, on_device, sent, picture}]
Response List(App& app, const Request& r) {
  absl::StatusOr<std::vector<AttachmentInfo>> list =
      app.client()->ListAttachments(r.Query("record"));
  if (!list.ok()) return ErrorJson(list.status());
  nlohmann::json out = nlohmann::json::array();
  for (const AttachmentInfo& a : *list) out.push_back(AttachmentJson(a));
  return Json(out);
}

// POST /api/attachments?record=ID&name=FILE_NAME, the file's bytes as the
// body -> the attachment. 413 over 10 MB, 422 for an empty file.
Response Add(App& app, const Request& r) {
  const Lang lang = app.lang();
  if (r.body.empty()) {
    return ErrorJson(absl::InvalidArgumentError(Say("attach.empty", lang)), "file");
  }
  ScratchFile scratch(app, SafeName(r.Query("name")));
  if (absl::Status s = WritePrivateFile(scratch.path(), r.body); !s.ok()) return ErrorJson(s);
  absl::StatusOr<AttachmentInfo> added =
      app.client()->AddAttachment(r.Query("record"), scratch.path());
  if (absl::IsResourceExhausted(added.status())) {
    return ErrorJson(absl::ResourceExhaustedError(Say("attach.too_big", lang)), "file");
  }
  if (!added.ok()) return ErrorJson(added.status(), "file");
  return Json(AttachmentJson(*added));
}

// GET /api/attachment/file?record=ID&sha256=HEX -> the bytes: a picture
// as itself, anything else as a download. Only a file this device holds
// (a fetch over a slow link would hold the page); 404 otherwise.
Response File(App& app, const Request& r) {
  const Lang lang = app.lang();
  absl::StatusOr<std::vector<AttachmentInfo>> list =
      app.client()->ListAttachments(r.Query("record"));
  if (!list.ok()) return ErrorJson(list.status());
  const std::string sha256 = r.Query("sha256");
  for (const AttachmentInfo& a : *list) {
    if (a.sha256 != sha256) continue;
    if (!a.on_device) return ErrorJson(absl::NotFoundError(Say("attach.not_here", lang)));
    ScratchFile scratch(app, "content");
    if (absl::Status s = MakePrivateFolders(scratch.path()); !s.ok()) return ErrorJson(s);
    if (absl::Status s = app.client()->GetAttachment(sha256, scratch.path()); !s.ok()) {
      return ErrorJson(s);
    }
    std::ifstream in(scratch.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    Response out;
    out.body = bytes.str();
    if (IsPicture(a.media_type)) {
      out.content_type = a.media_type;
    } else {
      out.content_type = "application/octet-stream";
      out.headers.push_back({"Content-Disposition", DownloadHeader(a.file_name)});
    }
    return out;
  }
  return ErrorJson(absl::NotFoundError(Say("gate.not_found", lang)));
}

}  // namespace

void AddAttachmentRoutes(Router& router, App& app) {
  router.Add("GET", "/api/attachments", {[&app](const Request& r) { return List(app, r); }});
  router.Add("POST", "/api/attachments", {[&app](const Request& r) { return Add(app, r); }});
  router.Add("GET", "/api/attachment/file", {[&app](const Request& r) { return File(app, r); }});
}

}  // namespace hromada::ui
