// What ReportBuilder keeps of the records it is fed: only the fields a
// report reads, with record ids interned to small indexes so a million
// attendances cost a few bytes each. Private to shared/report/.
#ifndef HROMADA_SHARED_REPORT_REPORT_DATA_H_
#define HROMADA_SHARED_REPORT_REPORT_DATA_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "shared/forms/survey.h"
#include "shared/report/report.h"

namespace hromada::report {

// A record id's 16 bytes as two big-endian words: hashed and compared in
// registers, ordered as memcmp orders the bytes.
struct IdKey {
  uint64_t hi = 0, lo = 0;
  friend bool operator==(const IdKey& a, const IdKey& b) { return a.hi == b.hi && a.lo == b.lo; }
  friend bool operator<(const IdKey& a, const IdKey& b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
  template <typename H>
  friend H AbslHashValue(H h, const IdKey& k) {
    return H::combine(std::move(h), k.hi, k.lo);
  }
};

// Record ids (16 raw bytes) of one kind, numbered 0, 1, 2… as first seen.
// An id of another length (validation refuses those) maps to index 0's
// slot of a nil id.
class Interner {
 public:
  int32_t Index(absl::string_view id);
  const IdKey& Key(int32_t index) const { return ids_[index]; }
  std::string Id(int32_t index) const;
  int32_t size() const { return static_cast<int32_t>(ids_.size()); }

 private:
  absl::flat_hash_map<IdKey, int32_t> index_;
  std::vector<IdKey> ids_;
  // The last id looked up: a meeting's attendances are mostly stored
  // together, so most lookups of a meeting hit this without hashing.
  IdKey last_;
  int32_t last_index_ = -1;
};

struct Person {
  bool live = false;
  std::string community;                                // 16 raw bytes
  std::string gender, organisation_kind, idp, veteran;  // "" when not set
};

struct Meeting {
  bool live = false;
  std::string community;  // 16 raw bytes
  std::string date, format;
  int64_t number = 0;
};

struct Attendance {
  int32_t meeting, person;
};

struct Community {
  std::string name_uk, name_latin;
};

struct Survey {
  std::string form, title;
  int64_t version = 0;
  std::vector<Question> questions;
};

struct Response {
  std::string survey;  // 16 raw bytes
  std::string community, date, answers;
};

struct Initiative {
  std::string id;  // 16 raw bytes
  std::string community, status, title, category, donor;
  double estimated_cost = -1;
  std::map<std::string, std::string> entered;  // status -> date
};

struct Data {
  Interner person_ids, meeting_ids;
  std::vector<Person> persons;    // by person index (sized to person_ids by Finish)
  std::vector<Meeting> meetings;  // by meeting index (sized to meeting_ids by Finish)
  std::vector<Attendance> attendances;
  std::vector<std::pair<int32_t, int32_t>> merges;  // person, same_as
  std::map<std::string, Community> communities;     // by 16-byte id
  std::map<std::string, Survey> surveys;            // by 16-byte id
  std::vector<Response> responses;                  // final ones
  std::vector<Initiative> initiatives;
};

// True if `date` (YYYY-MM-DD) is within the query's period.
bool InPeriod(const ReportQuery& query, absl::string_view date);
// True if a record of `community` (16 raw bytes) is within the query's
// scope; `scope` is the query's community as raw bytes ("" for all).
inline bool InScope(absl::string_view scope, absl::string_view community) {
  return scope.empty() || scope == community;
}

// The three parts of Finish, each filling its share of `out`.
void CountPeople(const Data& data, absl::string_view scope, Report* out);
void RankNeeds(const Data& data, absl::string_view scope, Report* out);
void CountInitiatives(const Data& data, absl::string_view scope, Report* out);

}  // namespace hromada::report

#endif  // HROMADA_SHARED_REPORT_REPORT_DATA_H_
