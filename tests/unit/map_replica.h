// A replica held in a map, for unit tests of the apply rule
// (shared/sync/apply.h): the ReplicaTxn the rule writes through, with no store
// behind it. Records are kept by (kind, id) in that order.
//
// A value type; not thread-safe. Every call succeeds.
#ifndef HROMADA_TESTS_UNIT_MAP_REPLICA_H_
#define HROMADA_TESTS_UNIT_MAP_REPLICA_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"
#include "shared/sync/apply.h"

namespace hromada::test {

class MapReplica final : public ReplicaTxn {
 public:
  absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind,
                                                absl::string_view id) override {
    auto it = records_.find({std::string(kind), std::string(id)});
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<bool> InsertIfAbsent(const v1::Record& record) override {
    return records_.insert({{record.kind(), record.id()}, record}).second;
  }
  absl::Status Put(const v1::Record& record) override {
    records_[{record.kind(), record.id()}] = record;
    return absl::OkStatus();
  }

  // The records of `kind`, by id.
  std::vector<v1::Record> Of(const std::string& kind) const {
    std::vector<v1::Record> out;
    for (const auto& [key, r] : records_) {
      if (key.first == kind) out.push_back(r);
    }
    return out;
  }
  // Every record as text, one a line: equal states give equal text.
  std::string Dump() const {
    std::string out;
    for (const auto& [key, r] : records_) absl::StrAppend(&out, r.ShortDebugString(), "\n");
    return out;
  }

 private:
  std::map<std::pair<std::string, std::string>, v1::Record> records_;
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_UNIT_MAP_REPLICA_H_
