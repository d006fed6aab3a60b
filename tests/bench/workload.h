// The benchmark's workload: records of realistic shape, as in the Kherson
// network's own numbers (140 individuals, 54 meetings, 730 attendances):
// persons first (a sixth of the records), then meetings of 14 attendees
// drawn from them, each meeting before its attendance records, so every
// reference names a record the server already has.
#ifndef HROMADA_TESTS_BENCH_WORKLOAD_H_
#define HROMADA_TESTS_BENCH_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hromada/client.h"

namespace hromada::bench {

constexpr int kAttendeesPerMeeting = 14;
constexpr int kPersonShare = 6;  // one record in six is a person

// Calls `sink` with batches of edits in `community_id`, `count` in all
// (persons, meetings and attendance); ids are new UUIDs, attendees of one
// meeting are distinct. Deterministic for a seed, but for the ids.
void GenerateRecords(const std::string& community_id, int count, uint64_t seed,
                        const std::function<void(std::vector<Edit>&)>& sink);

}  // namespace hromada::bench

#endif  // HROMADA_TESTS_BENCH_WORKLOAD_H_
