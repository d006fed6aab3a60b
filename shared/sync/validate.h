// Record validation: what a change must satisfy before anyone merges it.
// The client checks its own edits with it before they reach the outbox;
// the server checks every pushed change again, since it trusts no device.
//
// Errors are INVALID_ARGUMENT (the change can never be accepted as it is)
// or FAILED_PRECONDITION (its clock is too far ahead: fix the clock and
// re-stamp). The offending field, when one is to blame, travels in the
// status payload; read it with ErrorField().
#ifndef HROMADA_SHARED_SYNC_VALIDATE_H_
#define HROMADA_SHARED_SYNC_VALIDATE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

// Limits on what one change may hold.
constexpr int kMaxFieldsPerRecord = 64;
constexpr size_t kMaxUnknownTextBytes = 100000;

// Checks a change as a device writes it (see record.proto): known kind,
// 16-byte id, community id present exactly for non-shared kinds, a clock,
// and every field valid for its kind. Text, choice and date values must
// already be as NormalizeText (text.h) leaves them: trimmed and in NFC.
// Some fields are checked for their meaning too (validate_kinds.h): a
// survey's form key and questions, a response's answers object. Fields
// this build does not know are kept if their name and value are well
// formed, so that an older replica never erases what a newer one wrote.
absl::Status ValidateChange(const v1::Record& change);

// Checks that a live (not deleted) merged record has its required fields.
absl::Status ValidateRequired(const v1::Record& record);

// The live record (kind, id) of the replica that validates, or nullopt.
using RecordLookup = std::function<absl::StatusOr<std::optional<v1::Record>>(absl::string_view kind,
                                                                             absl::string_view id)>;
// The community (16 bytes) of the record (kind, id) on the replica that
// validates, deleted or not, or nullopt when it has none: all a reference
// check reads, so a replica can answer it without opening the record.
using RecordCommunityLookup = std::function<absl::StatusOr<std::optional<std::string>>(
    absl::string_view kind, absl::string_view id)>;

// Checks of a live merged record that need other records, for what
// `change` (the change being applied) sets:
//   - each reference field it sets (schema.h ref_kind) names a record of
//     that kind that exists on this replica, deleted or not (an offline
//     device cannot know of a delete), and that belongs to the record's own
//     community unless its kind is shared;
//   - a survey response whose form, version, answers or state it sets fits
//     the form version it names: the version matches, each answer fits its
//     question, a final one answers every required question.
// INVALID_ARGUMENT naming the field (and never another community's id);
// lookup errors as they come. Run by ApplyChange (apply.h) on every path.
// References are checked through `community_of`, a form through `find`.
absl::Status ValidateReferences(const v1::Record& record, const v1::Record& change,
                                const RecordLookup& find,
                                const RecordCommunityLookup& community_of);
// The same, with each reference's community read through `find`.
absl::Status ValidateReferences(const v1::Record& record, const v1::Record& change,
                                const RecordLookup& find);

// FAILED_PRECONDITION if the change is stamped more than `max_ahead_ms`
// ahead of `now_ms`.
absl::Status ValidateClock(const v1::Record& change, int64_t now_ms, int64_t max_ahead_ms);

// The field named by a validation error, or "" when none is.
std::string ErrorField(const absl::Status& status);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_VALIDATE_H_
