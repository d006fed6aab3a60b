// The record kinds hromada syncs and the fields each one knows. Validation
// (validate.h) and the CLI's value parsing read this table; nothing else
// hard-codes a kind's fields.
#ifndef HROMADA_SHARED_SYNC_SCHEMA_H_
#define HROMADA_SHARED_SYNC_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

// Bumped when kinds or fields change meaning; carried in the handshake.
// 3: the attachment and conflict kinds.
constexpr uint32_t kSchemaVersion = 3;

enum class FieldType {
  kText,  // UTF-8 text up to max_length code points
  kEnum,  // one of `values`
  kDate,  // text YYYY-MM-DD
  kInt,   // integer in [min, max]
  kReal,  // finite number in [min, max]
  kBool,
  kRef,  // the 16-byte id of another record
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
  bool required = false;
  int64_t max_length = 200;         // kText
  double min = 0, max = 0;          // kInt, kReal
  std::vector<std::string> values;  // kEnum
  // kRef: the kind of the record it points at. The record must exist where
  // the change is applied and belong to the same community, unless its
  // kind is shared (see ValidateReferences).
  std::string ref_kind;
};

struct KindSpec {
  std::string name;
  // Shared kinds (communities, survey forms) go to every device and only
  // coordinators write them; the others belong to one community.
  bool shared = false;
  std::vector<FieldSpec> fields;
  // Only coordinators write it (in their communities): person_merge, which
  // changes every report's count of individuals.
  bool coordinator_only = false;

  const FieldSpec* Find(absl::string_view field) const;
};

// The kinds an `attachment` record may be attached to: every kind that
// belongs to one community, less attachments and merges.
const std::vector<std::string>& AttachableKinds();

// The largest attachment a device adds, and a server takes unless told
// otherwise (hromada-server --max-attachment-bytes).
constexpr uint64_t kDefaultMaxAttachmentBytes = 10 * 1000 * 1000;

// The spec of `kind`, or nullptr for a kind this build does not know.
const KindSpec* FindKind(absl::string_view kind);
const std::vector<KindSpec>& AllKinds();
std::string FieldTypeName(FieldType type);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_SCHEMA_H_
