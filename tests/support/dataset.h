// A generated field dataset with known answers, the size of the Kherson
// network's first two years by default: 6 communities, 54 meetings, 730
// attendances, 140 unique individuals, some registered twice on two devices
// (the second time under the Latin transliteration of the name) and then
// merged by the coordinator; needs-survey responses to two versions of a
// form; initiatives with status histories.
//
// The plan says which device writes each edit and in which round (round 1:
// persons, meetings, surveys; round 2: attendance, responses, initiatives;
// round 3: the coordinator's merges). The expected figures are counted
// from the plan directly (sets of individuals), not by the report code.
#ifndef HROMADA_TESTS_SUPPORT_DATASET_H_
#define HROMADA_TESTS_SUPPORT_DATASET_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hromada/client.h"

namespace hromada::test {

struct DatasetSpec {
  int individuals = 140;
  int meetings_per_community = 9;
  int attendances = 730;  // distinct (meeting, individual) pairs
  int duplicates = 12;    // individuals registered twice (then merged)
  int double_marks = 6;   // an individual marked under both records at one meeting
  int same_marks = 5;     // one person record marked by two devices at one meeting
  int responses_per_community = 6;
  int initiatives_per_community = 2;
  uint64_t seed = 2026;
};

// Field devices: 0 {c0,c1,c2}, 1 {c2,c3,c4}, 2 {c4,c5,c0}; 3 the coordinator.
constexpr int kFieldDevices = 3;
constexpr int kCoordinator = 3;
std::vector<int> DeviceCommunities(int device);  // community indexes

struct PlannedEdit {
  int device;
  int round;  // 1, 2, 3
  Edit edit;
};

struct ExpectedCommunity {
  int64_t meetings = 0, attendances = 0, individuals = 0;
};

// Figures for the whole network and the whole period unless named.
struct Expected {
  int64_t meetings = 0, attendances = 0, individuals = 0, merged_records = 0;
  int64_t attendance_records = 0;  // records written, more than attendances
  std::map<std::string, ExpectedCommunity> communities;  // by Latin name
  std::map<std::string, int64_t> gender, idp, veteran, organisation_kind;
  // For the period [period_from, period_to]:
  std::string period_from = "2025-01-01", period_to = "2025-12-31";
  int64_t period_meetings = 0, period_attendances = 0, period_individuals = 0;
  int64_t period_new = 0, period_returning = 0;
  // Needs: final responses, Borda points of top_needs, shares of main_concern.
  int64_t survey_responses = 0;
  std::map<std::string, double> borda;            // option -> points
  std::map<std::string, int64_t> concern_counts;  // option -> respondents
  int64_t concern_respondents = 0;
  // Initiatives as of `as_of`: by status, and total days spent per status.
  std::string as_of = "2026-06-30";
  std::map<std::string, int64_t> status_current, status_passed;
  std::map<std::string, int64_t> status_days;  // sum over initiatives
};

struct Dataset {
  std::vector<PlannedEdit> edits;
  Expected expected;
};

// `community_ids` are the six communities' ids in the network's order
// (Stanislav, Bilozerka, Chornobaivka, Kochubeivka, Vysokopillia,
// Novovorontsovka); `latin_names` their Latin names.
Dataset MakeDataset(const DatasetSpec& spec, const std::vector<std::string>& community_ids,
                    const std::vector<std::string>& latin_names);

// The survey form file the dataset's responses answer (version 1 or 2).
std::string DatasetSurveyJson(int version);

}  // namespace hromada::test

#endif  // HROMADA_TESTS_SUPPORT_DATASET_H_
