#include "client/src/sync/sync_attachments.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/attachments.h"

namespace hromada::client {

AttachmentPhase::AttachmentPhase(SyncRound* round, LinkBudget* push_budget,
                                 const HandshakeOutcome& handshake)
    : round_(*round), budget_(*push_budget), server_max_(handshake.max_attachment_bytes) {
  round_.set_attachment_bytes([this] { return BytesDone(); });
}

AttachmentPhase::~AttachmentPhase() { round_.set_attachment_bytes(nullptr); }

void AttachmentPhase::Run() {
  if (server_max_ == 0) return;  // an older server
  // The clear `blobs` table says what waits; attachment records are opened
  // only when something does, to learn the record each content goes under.
  absl::StatusOr<std::map<std::string, uint64_t>> waiting = round_.store().BlobsToSend();
  if (!waiting.ok()) {
    round_.report().attachment_error = std::string(waiting.status().message());
    return;
  }
  if (waiting->empty()) return;
  // The server keeps a content once per community (docs/protocol.md,
  // "Attachments"): it goes up under one record of each community that
  // names it, and counts as sent once every one of them has it.
  std::vector<std::pair<std::string, std::string>> named;  // record id, sha256; oldest first
  std::set<std::pair<std::string, std::string>> seen;      // sha256, community
  std::map<std::string, int> uploads;                      // sha256: its records in `named`
  absl::Status s = round_.store().ForEach("attachment", [&](const v1::Record& r) {
    std::string sha256 = InfoOf(r, {}).sha256;
    if (waiting->count(sha256) > 0 && seen.insert({sha256, r.community_id()}).second) {
      ++uploads[sha256];
      named.emplace_back(r.id(), std::move(sha256));
    }
    return true;
  });
  if (!s.ok()) {
    round_.report().attachment_error = std::string(s.message());
    return;
  }
  if (named.empty()) return;  // kept, but no live record names them
  round_.progress().records_done = 0;
  round_.progress().records_expected = named.size();
  round_.progress().bytes_expected = 0;
  for (const auto& [id, sha256] : named) round_.progress().bytes_expected += waiting->at(sha256);
  finished_ = held_ = flight_ = 0;
  round_.Report(SyncPhase::kAttachments);
  // One file that cannot go (too large, its record refused, a fault of
  // the server's) holds up no other; the report keeps the first failure.
  for (const auto& [id, sha256] : named) {
    const uint64_t size = waiting->at(sha256);
    absl::Status sent =
        size > server_max_
            ? absl::ResourceExhaustedError(absl::StrCat(
                  "an attachment of ", size, " bytes is over the server's limit of ", server_max_))
            : Send(id, sha256, size);
    flight_ = 0;
    if (sent.ok()) {
      ++round_.progress().records_done;
      finished_ += size;
      if (--uploads[sha256] == 0) sent = round_.store().MarkBlobSent(sha256);
    } else {  // not this round: the phase no longer waits for it
      --round_.progress().records_expected;
      round_.progress().bytes_expected -= size;
    }
    held_ = finished_;
    round_.Report(SyncPhase::kAttachments);
    // Its record did not reach the server (refused, or sent by a round
    // that has not been acked): the next round tries again.
    if (sent.ok() || absl::IsNotFound(sent)) continue;
    if (s.ok()) s = sent;
    if (IsRetryable(sent)) break;  // the link is gone: the next round resumes
  }
  if (!s.ok()) round_.report().attachment_error = std::string(s.message());
}

uint64_t AttachmentPhase::BytesDone() const {
  const uint64_t moving = round_.watch().up() - flight_start_;
  return held_ + std::min(moving, flight_);
}

// Reads local chunks from `offset` up to `max` bytes (at least one chunk).
absl::StatusOr<std::string> AttachmentPhase::ReadUpload(const std::string& sha256, uint64_t offset,
                                                        uint64_t size, size_t max) {
  std::string data;
  while (offset + data.size() < size && (data.empty() || data.size() < max)) {
    absl::StatusOr<std::string> chunk = round_.store().ReadBlob(sha256, offset + data.size());
    if (!chunk.ok()) return chunk.status();
    data += *chunk;
  }
  if (data.size() > max) data.resize(max);
  return data;
}

// Each call carries what the push budget says the link takes (a chunk at
// least, at most what the server takes), re-read at each attempt so that
// it shrinks with the budget when the link is cut.
absl::Status AttachmentPhase::Send(const std::string& id, const std::string& sha256,
                                   uint64_t size) {
  v1::AttachmentStatusRequest ask;
  ask.set_attachment_id(id);
  v1::AttachmentStatusResponse held;
  CallTiming timing;
  if (absl::Status s = round_.Call("AttachmentStatus", ask, &held, &timing); !s.ok()) return s;
  held_ = finished_ + std::min(held.held(), size);
  int gaps = 0;  // answers that the server holds less than it said
  while (!held.complete()) {
    if (held.size() != size) {
      return absl::FailedPreconditionError(
          "the server's attachment record names another size than this device's file");
    }
    const uint64_t before = held.held();
    absl::StatusOr<std::string> answer =
        Retry(round_.retry(), [&]() -> absl::StatusOr<std::string> {
          const size_t limit = budget_.bytes();
          const size_t server_max = held.max_chunk_bytes() > 0 ? held.max_chunk_bytes() : SIZE_MAX;
          const size_t max = std::min(std::max(limit, Store::kBlobChunkBytes), server_max);
          absl::StatusOr<std::string> data = ReadUpload(sha256, held.held(), size, max);
          if (!data.ok()) return data.status();
          v1::UploadAttachmentRequest upload;
          upload.set_attachment_id(id);
          upload.set_offset(held.held());
          upload.set_data(*std::move(data));
          const absl::Time start = round_.link_clock()();
          const uint64_t up_before = round_.report().bytes_up;
          flight_ = upload.data().size();
          flight_start_ = round_.watch().up();
          absl::StatusOr<std::string> a =
              round_.CallOnce("UploadAttachment", upload.SerializeAsString(), &timing, &budget_);
          const uint64_t wire = round_.report().bytes_up - up_before;
          if (a.ok()) {
            budget_.OnSuccess(limit, wire, start);
          } else {
            budget_.OnFailure(a.status(), wire);
            flight_ = 0;  // what it carried is not held
          }
          return a;
        });
    absl::Status s = answer.status();
    if (s.ok() && !held.ParseFromString(*answer)) {
      s = absl::InternalError("the server's answer to UploadAttachment is unreadable");
    }
    // A gap: the server lost what it held (restored from a backup?).
    if (absl::IsFailedPrecondition(s) && ++gaps <= 2) {
      s = round_.Call("AttachmentStatus", ask, &held, &timing);
    }
    flight_ = 0;
    if (!s.ok()) return s;
    round_.report().attachment_bytes += held.held() > before ? held.held() - before : 0;
    held_ = finished_ + std::min(held.held(), size);
    round_.Report(SyncPhase::kAttachments);
  }
  ++round_.report().attachments_sent;
  return absl::OkStatus();
}

}  // namespace hromada::client
