// The benchmark's workload: attendance records of realistic shape.
// Meetings of ~14 attendees drawn from a pool of persons a fifth the size
// of the attendance count, as in the Kherson network's own numbers
// (730 attendances, 140 individuals).
#ifndef HROMADA_TESTS_BENCH_WORKLOAD_H_
#define HROMADA_TESTS_BENCH_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hromada/client.h"

namespace hromada::bench {

constexpr int kAttendeesPerMeeting = 14;

// Calls `sink` with batches of attendance edits in `community_id`, `count`
// in all; meetings and persons are new UUIDs, attendees of one meeting are
// distinct. Deterministic for a seed.
void GenerateAttendance(const std::string& community_id, int count, uint64_t seed,
                        const std::function<void(std::vector<Edit>&)>& sink);

}  // namespace hromada::bench

#endif  // HROMADA_TESTS_BENCH_WORKLOAD_H_
