#include "client/src/attachments.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/sha256.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "shared/sync/record_fields.h"

namespace hromada::client {

absl::StatusOr<std::string> ReadAttachmentFile(const std::string& path, uint64_t max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) return absl::InvalidArgumentError(absl::StrCat(path, " is not a file"));
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        path, " is ", BytesText(size), "; an attachment may be at most ", BytesText(max_bytes)));
  }
  if (size == 0) return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  if (content.size() > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(path, " grew past ", BytesText(max_bytes)));
  }
  return content;
}

absl::StatusOr<std::string> KeepContent(Store& store, absl::string_view content) {
  const std::string sha256 = Sha256Hex(content);
  absl::StatusOr<BlobInfo> held = store.GetBlob(sha256);
  if (!held.ok()) return held.status();
  if (held->whole()) return sha256;
  // A part fetched earlier is dropped: the whole file is here.
  if (held->size > 0) {
    if (absl::Status s = store.DropBlob(sha256); !s.ok()) return s;
  }
  if (absl::Status s = store.AppendBlob(sha256, content.size(), 0, content); !s.ok()) return s;
  return sha256;
}

absl::StatusOr<std::string> ReadContent(Store& store, absl::string_view sha256) {
  absl::StatusOr<BlobInfo> held = store.GetBlob(sha256);
  if (!held.ok()) return held.status();
  if (!held->whole()) return absl::NotFoundError("this attachment's file is not on this device");
  std::string content;
  content.reserve(held->size);
  while (content.size() < held->size) {
    absl::StatusOr<std::string> chunk = store.ReadBlob(sha256, content.size());
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) return absl::DataLossError("an attachment on this device is incomplete");
    content += *chunk;
  }
  return content;
}

absl::Status FetchContent(Store& store, Transport& transport, const RetryPolicy& retry,
                          const std::string& token, absl::string_view attachment_id,
                          absl::string_view sha256) {
  CallOptions options;
  options.token = token;
  absl::StatusOr<BlobInfo> held = store.GetBlob(sha256);
  if (!held.ok()) return held.status();
  uint64_t offset = held->held;
  uint64_t size = held->size;
  while (size == 0 || offset < size) {
    v1::FetchAttachmentRequest request;
    request.set_attachment_id(std::string(attachment_id));
    request.set_offset(offset);
    request.set_max_bytes(Store::kBlobChunkBytes);
    const std::string bytes = request.SerializeAsString();
    absl::StatusOr<std::string> answer =
        Retry(retry, [&] { return transport.Call("FetchAttachment", bytes, options, nullptr); });
    if (!answer.ok()) return answer.status();
    v1::FetchAttachmentResponse response;
    if (!response.ParseFromString(*answer) || response.size() == 0) {
      return absl::InternalError("the server's answer to FetchAttachment is unreadable");
    }
    if (size != 0 && response.size() != size) {
      return absl::DataLossError("the server's attachment is not the size this device expected");
    }
    size = response.size();
    if (response.data().empty()) return absl::DataLossError("the server's attachment ends early");
    if (absl::Status s = store.AppendBlob(sha256, size, offset, response.data()); !s.ok()) return s;
    offset += response.data().size();
  }
  absl::StatusOr<std::string> digest = store.BlobDigest(sha256);
  if (!digest.ok()) return digest.status();
  if (*digest != sha256) {
    (void)store.DropBlob(sha256);
    return absl::DataLossError(
        "the fetched attachment does not match its SHA-256; it was dropped: fetch it again");
  }
  return store.MarkBlobSent(sha256);  // it came from the server
}

AttachmentInfo InfoOf(const v1::Record& record, const BlobInfo& blob) {
  AttachmentInfo info;
  info.id = IdToString(record.id());
  info.record_kind = std::string(TextOf(record, "record_kind"));
  const v1::Value* ref = FindField(record, "record");
  if (ref != nullptr && ref->v_case() == v1::Value::kRef) info.record_id = IdToString(ref->ref());
  info.sha256 = std::string(TextOf(record, "sha256"));
  const v1::Value* size = FindField(record, "size");
  info.size = size != nullptr ? static_cast<uint64_t>(size->integer()) : 0;
  info.media_type = std::string(TextOf(record, "media_type"));
  info.file_name = std::string(TextOf(record, "file_name"));
  info.on_device = blob.whole();
  info.sent = blob.sent;
  return info;
}

std::string MediaTypeOf(absl::string_view file_name) {
  const std::string name = absl::AsciiStrToLower(file_name);
  const std::pair<const char*, const char*> kTypes[] = {
      {".jpg", "image/jpeg"},  {".jpeg", "image/jpeg"},     {".png", "image/png"},
      {".heic", "image/heic"}, {".pdf", "application/pdf"}, {".webp", "image/webp"},
      {".txt", "text/plain"}};
  for (const auto& [ext, type] : kTypes) {
    if (absl::EndsWith(name, ext)) return type;
  }
  return "";
}

}  // namespace hromada::client
