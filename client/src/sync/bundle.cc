#include "client/src/sync/bundle.h"

#include <algorithm>
#include <vector>

#include "shared/sync/bundle.h"

namespace hromada::client {
namespace {

// Re-dated changes stay this far below the server's tolerance for clocks
// ahead (5 minutes by default): the bundle is applied later than it is
// written, never earlier.
constexpr int64_t kStampMarginMs = 60 * 1000;

absl::StatusOr<v1::BundleSecrets> KeysOf(const Profile& profile) {
  if (!profile.enrolled()) {
    return absl::FailedPreconditionError("this profile is not enrolled; enrol it first");
  }
  v1::BundleSecrets keys;
  if (profile.bundle_keys.empty() || !keys.ParseFromString(profile.bundle_keys) ||
      !bundle::ValidPublicKeys(keys.peer())) {
    return absl::FailedPreconditionError(
        "this profile was enrolled without bundle keys (an older app or server); enrol it "
        "again to exchange bundles");
  }
  return keys;
}

}  // namespace

absl::StatusOr<v1::BundleSecrets> NewBundleKeys() { return bundle::NewKeys(); }

absl::StatusOr<std::string> ExportBundle(Store& store, const Clock& clock, BundleCounts* counts) {
  Profile profile = store.profile();
  absl::StatusOr<v1::BundleSecrets> keys = KeysOf(profile);
  if (!keys.ok()) return keys.status();
  const int64_t server_now = clock.NowMillis() + profile.clock_offset_ms;
  absl::StatusOr<uint64_t> moved =
      store.CorrectStamps(profile.clock_offset_ms, server_now + kStampMarginMs);
  if (!moved.ok()) return moved.status();
  absl::StatusOr<OutboxBatch> outbox = store.ReadOutbox(0, bundle::kMaxFileBytes / 2);
  if (!outbox.ok()) return outbox.status();
  if (!outbox->changes.empty()) {
    // A later export or sync must send these with the same stamps: the
    // server may apply this file's copy.
    absl::Status s = store.KeepStamps(outbox->first_seq + outbox->changes.size() - 1);
    if (!s.ok()) return s;
  }
  profile = store.profile();
  v1::DeviceBundle body;
  body.set_device_id(profile.device_id);
  body.set_cursor(profile.cursor);
  body.set_next_seq(profile.next_seq);
  body.set_outbox_first_seq(outbox->changes.empty() ? profile.next_seq : outbox->first_seq);
  body.set_created_ms(server_now);
  body.set_epoch(profile.epoch);
  body.mutable_push()->set_first_seq(outbox->first_seq);
  for (const std::string& change : outbox->changes) {
    if (!body.mutable_push()->add_changes()->ParseFromString(change)) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
  }
  counts->changes = outbox->changes.size();
  return bundle::Seal(v1::BUNDLE_DIRECTION_TO_SERVER, profile.device_id, body.SerializeAsString(),
                      *keys, keys->peer());
}

absl::StatusOr<BundleCounts> ImportBundle(Store& store, absl::string_view file, int64_t now_ms) {
  const Profile profile = store.profile();
  absl::StatusOr<v1::BundleSecrets> keys = KeysOf(profile);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<v1::SignedBundle> opened =
      bundle::Open(file, v1::BUNDLE_DIRECTION_TO_DEVICE, *keys);
  if (!opened.ok()) return opened.status();
  if (absl::Status s = bundle::Verify(*opened, v1::BUNDLE_DIRECTION_TO_DEVICE, keys->peer());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::ServerBundle> body = bundle::ParseServerBundle(*opened);
  if (!body.ok()) return body.status();
  if (body->device_id() != profile.device_id) {
    return absl::InvalidArgumentError("this bundle was made for another device");
  }
  BundleCounts counts;
  if (!body->epoch().empty() && body->epoch() != profile.epoch) {
    // As at a handshake: a server restored from a backup may lack changes
    // it acknowledged; they go again in the next bundle, and the cursor
    // starts over.
    absl::StatusOr<uint64_t> again =
        store.AdoptEpoch(body->epoch(), /*resend=*/!profile.epoch.empty(), body->acked_through());
    if (!again.ok()) return again.status();
    counts.resent = *again;
  }
  const uint64_t own_cursor = store.profile().cursor;
  // Refusals of changes that already left the outbox were handled (by an
  // earlier import or a sync): undoing them again could roll back newer
  // states this device has pulled since.
  absl::StatusOr<OutboxStats> outbox = store.GetOutboxStats();
  if (!outbox.ok()) return outbox.status();
  std::vector<v1::Rejection> refused;
  for (const v1::Rejection& r : body->rejections()) {
    if (outbox->count > 0 && r.device_seq() >= outbox->first_seq) refused.push_back(r);
  }
  absl::StatusOr<uint64_t> acked = store.Ack(body->acked_through(), refused, now_ms);
  if (!acked.ok()) return acked.status();
  counts.acked = *acked;
  for (const v1::Rejection& r : refused) counts.refused += r.device_seq() <= body->acked_through();
  // The records cover (from_cursor, next_cursor]: the cursor moves on only
  // if that range starts where this device stands or behind it.
  const uint64_t cursor =
      body->from_cursor() <= own_cursor ? std::max(own_cursor, body->next_cursor()) : own_cursor;
  std::vector<std::string> states;
  states.reserve(body->records_size());
  for (const v1::Record& record : body->records()) states.push_back(record.SerializeAsString());
  std::vector<absl::string_view> views(states.begin(), states.end());
  if (absl::Status s = store.ApplyPage(views, cursor); !s.ok()) return s;
  counts.records = states.size();
  return counts;
}

}  // namespace hromada::client
