#include "tests/bench/workload.h"

#include <algorithm>
#include <random>
#include <set>

namespace hromada::bench {

void GenerateAttendance(const std::string& community_id, int count, uint64_t seed,
                        const std::function<void(std::vector<Edit>&)>& sink) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> persons(std::max(kAttendeesPerMeeting, count / 5));
  for (std::string& p : persons) p = NewRecordId();
  std::uniform_int_distribution<size_t> pick(0, persons.size() - 1);
  std::vector<Edit> batch;
  for (int done = 0; done < count;) {
    const std::string meeting = NewRecordId();
    std::set<size_t> attendees;
    while (attendees.size() < kAttendeesPerMeeting) attendees.insert(pick(rng));
    for (size_t p : attendees) {
      if (done == count) break;
      Edit e;
      e.kind = "attendance";
      e.id = *AttendanceId(meeting, persons[p]);
      e.community_id = community_id;
      e.fields = {{"meeting", Ref{meeting}},
                  {"person", Ref{persons[p]}},
                  {"mode", std::string(rng() % 10 ? "in_person" : "online")},
                  {"role", std::string(rng() % 7 ? "participant" : "speaker")}};
      batch.push_back(std::move(e));
      ++done;
      if (batch.size() == 5000) {
        sink(batch);
        batch.clear();
      }
    }
  }
  if (!batch.empty()) sink(batch);
}

}  // namespace hromada::bench
