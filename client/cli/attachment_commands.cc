// attachments add | list | get: files attached to records (a photo of a
// meeting's sign-in sheet, a signed consent form). A file is kept on this
// device, sealed, and its bytes are sent by `hromada sync` after the
// records; `get` fetches one from the server when it is not here.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "shared/base/community_names.h"
#include "shared/base/text.h"
#include "shared/cli/exit_codes.h"
#include "shared/sync/schema.h"

namespace hromada::cli {
namespace {

struct AttachmentArgs {
  std::string record, file, sha256, output;
};

std::string Where(const AttachmentInfo& a) {
  if (!a.on_device) return "on the server";
  return a.sent ? "here and on the server" : "here, not yet sent";
}

// The record `typed` names, as every command names one (resolve.h), of
// any kind a file may be attached to.
absl::StatusOr<RecordView> Target(Session& s, const std::string& typed) {
  return ResolveAmong(s.client, AttachableKinds(), typed);
}

absl::Status Add(Session& s, const AttachmentArgs& a) {
  absl::StatusOr<RecordView> record = Target(s, a.record);
  if (!record.ok()) return record.status();
  absl::StatusOr<AttachmentInfo> added = s.client.AddAttachment(record->id, a.file);
  if (!added.ok()) return added.status();
  s.out << "attached " << added->file_name << " (" << BytesText(added->size) << ") to "
        << added->record_kind << " " << added->record_id << "\n"
        << "sha256 " << added->sha256 << "\n"
        << "it is sent to the server by the next `hromada sync`, after the records\n";
  return absl::OkStatus();
}

absl::Status List(Session& s, const AttachmentArgs& a) {
  absl::StatusOr<RecordView> record = Target(s, a.record);
  if (!record.ok()) return record.status();
  absl::StatusOr<std::vector<AttachmentInfo>> list = s.client.ListAttachments(record->id);
  if (!list.ok()) return list.status();
  if (list->empty()) s.out << "no attachments\n";
  for (const AttachmentInfo& x : *list) {
    s.out << x.sha256 << "  " << BytesText(x.size) << "  "
          << (x.file_name.empty() ? "(no name)" : x.file_name) << "  "
          << (x.media_type.empty() ? "-" : x.media_type) << "  " << Where(x) << "\n";
  }
  return absl::OkStatus();
}

// The SHA-256 of the attachment `typed` names: all 64 hex digits as they
// are; else, as every command names a record (resolve.h), the start of it
// as `attachments list` shows it, its file name, or its record's id.
absl::StatusOr<std::string> ContentNamed(Session& s, const std::string& typed) {
  const std::string hex = IdPartOf(typed);
  if (hex.size() == 64) return hex;
  // One file attached to two records is one content: its digits name it.
  std::set<std::string> contents;
  absl::Status st = s.client.ForEach("attachment", [&](const RecordView& r) {
    const std::string sha = TextOf(r, "sha256");
    if (!hex.empty() && absl::StartsWith(sha, hex)) contents.insert(sha);
    return true;
  });
  if (!st.ok()) return st;
  if (contents.size() == 1) return *contents.begin();
  absl::StatusOr<RecordView> attachment = Resolve(s.client, "attachment", typed);
  if (!attachment.ok()) return attachment.status();
  return TextOf(*attachment, "sha256");
}

absl::Status Get(Session& s, const AttachmentArgs& a) {
  absl::StatusOr<std::string> sha256 = ContentNamed(s, a.sha256);
  if (!sha256.ok()) return sha256.status();
  absl::Status got = s.client.GetAttachment(*sha256, a.output);
  if (!got.ok()) {
    // Codes the device alone gives keep their meaning; the rest came from
    // the server (or the link to it).
    const bool local = absl::IsInvalidArgument(got) || absl::IsNotFound(got);
    return local ? got : FromServer(got);
  }
  s.out << "written to " << a.output << "\n";
  return absl::OkStatus();
}

constexpr char kRecordHelp[] =
    "the record: its id or a unique part of it, a person's name, a meeting's date or number, "
    "an initiative's title";

}  // namespace

void AddAttachmentCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<AttachmentArgs>();
  CLI::App* top = app.add_subcommand("attachments", "files attached to records (photos, scans)");
  top->require_subcommand(1);
  CLI::App* add = top->add_subcommand("add", "attach a file (at most 10 MB) to a record");
  add->add_option("record", a->record, kRecordHelp)->required();
  add->add_option("file", a->file, "the file to attach")->required();
  CLI::App* list = top->add_subcommand("list", "a record's attachments");
  list->add_option("record", a->record, kRecordHelp)->required();
  CLI::App* get = top->add_subcommand("get", "write an attachment to a file");
  get->add_option("sha256", a->sha256,
                  "the attachment: its SHA-256 or its first digits (from `attachments list`), or "
                  "its file name")
      ->required();
  get->add_option("--output", a->output, "the file to write (mode 0600)")->required();
  table.Add(add, [a](Session& s) { return Add(s, *a); });
  table.Add(list, [a](Session& s) { return List(s, *a); });
  table.Add(get, [a](Session& s) { return Get(s, *a); });
}

}  // namespace hromada::cli
