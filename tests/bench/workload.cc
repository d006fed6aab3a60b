#include "tests/bench/workload.h"

#include <algorithm>
#include <random>
#include <set>

namespace hromada::bench {
namespace {

// Collects edits and hands them to the sink 5,000 at a time.
class Batcher {
 public:
  explicit Batcher(const std::function<void(std::vector<Edit>&)>& sink) : sink_(sink) {}
  ~Batcher() {
    if (!batch_.empty()) sink_(batch_);
  }
  void Add(Edit e) {
    batch_.push_back(std::move(e));
    if (batch_.size() == 5000) {
      sink_(batch_);
      batch_.clear();
    }
  }

 private:
  const std::function<void(std::vector<Edit>&)>& sink_;
  std::vector<Edit> batch_;
};

Edit Of(const std::string& kind, const std::string& id, const std::string& community,
        Fields fields) {
  Edit e;
  e.kind = kind;
  e.id = id;
  e.community_id = community;
  e.fields = std::move(fields);
  return e;
}

}  // namespace

void GenerateRecords(const std::string& community_id, int count, uint64_t seed,
                     const std::function<void(std::vector<Edit>&)>& sink) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> persons(std::max(kAttendeesPerMeeting, count / kPersonShare));
  Batcher out(sink);
  int done = 0;
  for (size_t i = 0; i < persons.size() && done < count; ++i, ++done) {
    persons[i] = NewRecordId();
    out.Add(Of("person", persons[i], community_id,
               {{"full_name", "Учасник " + std::to_string(i)}}));
  }
  std::uniform_int_distribution<size_t> pick(0, persons.size() - 1);
  while (done < count) {
    const std::string meeting = NewRecordId();
    out.Add(Of("meeting", meeting, community_id, {{"date", std::string("2024-05-01")}}));
    ++done;
    std::set<size_t> attendees;
    while (attendees.size() < kAttendeesPerMeeting) attendees.insert(pick(rng));
    for (auto it = attendees.begin(); it != attendees.end() && done < count; ++it, ++done) {
      out.Add(Of("attendance", *AttendanceId(meeting, persons[*it]), community_id,
                 {{"meeting", Ref{meeting}},
                  {"person", Ref{persons[*it]}},
                  {"mode", std::string(rng() % 10 ? "in_person" : "online")},
                  {"role", std::string(rng() % 7 ? "participant" : "speaker")}}));
    }
  }
}

}  // namespace hromada::bench
