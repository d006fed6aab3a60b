// Step 4 of a sync round: attachment contents (sync_engine.h). Each
// content the device holds whole and has not yet seen on the server (the
// clear `blobs` table says which, so a device with all sent opens no
// record) is offered under one attachment record naming it; the server answers how
// much it holds (from another device, or from a round cut off), and the
// rest goes a chunk per call, each retried as any call is. A repeated
// chunk (its answer lost) is harmless: the server says what it holds.
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/attachments.h"
#include "client/src/sync/sync_engine.h"

namespace hromada::client {

void SyncEngine::SendAttachments() {
  if (server_max_attachment_ == 0) return;  // an older server
  // The clear `blobs` table says what waits; attachment records are opened
  // only when something does, to learn the record each content goes under.
  absl::StatusOr<std::map<std::string, uint64_t>> waiting = store_->BlobsToSend();
  if (!waiting.ok()) {
    report_.attachment_error = std::string(waiting.status().message());
    return;
  }
  if (waiting->empty()) return;
  std::vector<std::pair<std::string, std::string>> named;  // record id, sha256; oldest first
  std::set<std::string> seen;
  absl::Status s = store_->ForEach("attachment", [&](const v1::Record& r) {
    std::string sha256 = InfoOf(r, {}).sha256;
    if (waiting->count(sha256) > 0 && seen.insert(sha256).second) {
      named.emplace_back(r.id(), std::move(sha256));
    }
    return seen.size() < waiting->size();
  });
  if (!s.ok()) {
    report_.attachment_error = std::string(s.message());
    return;
  }
  if (named.empty()) return;  // kept, but no live record names them
  state_.records_done = 0;
  state_.records_expected = named.size();
  state_.bytes_expected = 0;
  for (const auto& [id, sha256] : named) state_.bytes_expected += waiting->at(sha256);
  attach_finished_ = attach_held_ = attach_flight_ = 0;
  Report(SyncPhase::kAttachments);
  // One file that cannot go (too large, its record refused, a fault of
  // the server's) holds up no other; the report keeps the first failure.
  for (const auto& [id, sha256] : named) {
    const uint64_t size = waiting->at(sha256);
    absl::Status sent = size > server_max_attachment_
                            ? absl::ResourceExhaustedError(absl::StrCat(
                                  "an attachment of ", size,
                                  " bytes is over the server's limit of ", server_max_attachment_))
                            : SendAttachment(id, sha256, size);
    attach_flight_ = 0;
    if (sent.ok()) {
      ++state_.records_done;
      attach_finished_ += size;
    } else {  // not this round: the phase no longer waits for it
      --state_.records_expected;
      state_.bytes_expected -= size;
    }
    attach_held_ = attach_finished_;
    Report(SyncPhase::kAttachments);
    // Its record did not reach the server (refused, or sent by a round
    // that has not been acked): the next round tries again.
    if (sent.ok() || absl::IsNotFound(sent)) continue;
    if (s.ok()) s = sent;
    if (IsRetryable(sent)) break;  // the link is gone: the next round resumes
  }
  if (!s.ok()) report_.attachment_error = std::string(s.message());
}

uint64_t SyncEngine::AttachmentBytesDone() const {
  const uint64_t moving = watch_.up() - attach_flight_start_;
  return attach_held_ + std::min(moving, attach_flight_);
}

// Reads local chunks from `offset` up to `max` bytes (at least one chunk).
absl::StatusOr<std::string> SyncEngine::ReadUpload(const std::string& sha256, uint64_t offset,
                                                   uint64_t size, size_t max) {
  std::string data;
  while (offset + data.size() < size && (data.empty() || data.size() < max)) {
    absl::StatusOr<std::string> chunk = store_->ReadBlob(sha256, offset + data.size());
    if (!chunk.ok()) return chunk.status();
    data += *chunk;
  }
  if (data.size() > max) data.resize(max);
  return data;
}

// Each call carries what the push budget says the link takes (a chunk at
// least, at most what the server takes), re-read at each attempt so that
// it shrinks with the budget when the link is cut.
absl::Status SyncEngine::SendAttachment(const std::string& id, const std::string& sha256,
                                        uint64_t size) {
  v1::AttachmentStatusRequest ask;
  ask.set_attachment_id(id);
  v1::AttachmentStatusResponse held;
  Timing timing;
  if (absl::Status s = Call("AttachmentStatus", ask, &held, &timing); !s.ok()) return s;
  attach_held_ = attach_finished_ + std::min(held.held(), size);
  LinkBudget& budget = *push_budget_;
  int gaps = 0;  // answers that the server holds less than it said
  while (!held.complete()) {
    if (held.size() != size) {
      return absl::FailedPreconditionError(
          "the server's attachment record names another size than this device's file");
    }
    const uint64_t before = held.held();
    absl::StatusOr<std::string> answer = Retry(retry_, [&]() -> absl::StatusOr<std::string> {
      const size_t limit = budget.bytes();
      const size_t server_max = held.max_chunk_bytes() > 0 ? held.max_chunk_bytes() : SIZE_MAX;
      const size_t max = std::min(std::max(limit, Store::kBlobChunkBytes), server_max);
      absl::StatusOr<std::string> data = ReadUpload(sha256, held.held(), size, max);
      if (!data.ok()) return data.status();
      v1::UploadAttachmentRequest upload;
      upload.set_attachment_id(id);
      upload.set_offset(held.held());
      upload.set_data(*std::move(data));
      const absl::Time start = link_clock_();
      const uint64_t up_before = report_.bytes_up;
      attach_flight_ = upload.data().size();
      attach_flight_start_ = watch_.up();
      absl::StatusOr<std::string> a =
          CallOnce("UploadAttachment", upload.SerializeAsString(), &timing, &budget);
      const uint64_t wire = report_.bytes_up - up_before;
      if (a.ok()) {
        budget.OnSuccess(limit, wire, start);
      } else {
        budget.OnFailure(a.status(), wire);
        attach_flight_ = 0;  // what it carried is not held
      }
      return a;
    });
    absl::Status s = answer.status();
    if (s.ok() && !held.ParseFromString(*answer)) {
      s = absl::InternalError("the server's answer to UploadAttachment is unreadable");
    }
    // A gap: the server lost what it held (restored from a backup?).
    if (absl::IsFailedPrecondition(s) && ++gaps <= 2) {
      s = Call("AttachmentStatus", ask, &held, &timing);
    }
    attach_flight_ = 0;
    if (!s.ok()) return s;
    report_.attachment_bytes += held.held() > before ? held.held() - before : 0;
    attach_held_ = attach_finished_ + std::min(held.held(), size);
    Report(SyncPhase::kAttachments);
  }
  ++report_.attachments_sent;
  return store_->MarkBlobSent(sha256);
}

}  // namespace hromada::client
