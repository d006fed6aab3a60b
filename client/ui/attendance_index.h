// Who was at which meeting, for the screens that show it (the meetings
// list's counts, the roster's ticks and "meetings attended", a person's
// meetings) without reading every attendance record on each request: with
// 1,000 meetings a device holds tens of thousands. Built from the live
// attendance records when the App's data generation has moved on (any
// write through the page, any sync), like PersonIndex.
//
// Thread-compatible: the App runs one request at a time.
#ifndef HROMADA_CLIENT_UI_ATTENDANCE_INDEX_H_
#define HROMADA_CLIENT_UI_ATTENDANCE_INDEX_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "hromada/client.h"

namespace hromada::ui {

class AttendanceIndex {
 public:
  // Builds the index unless it was built at `generation` already.
  absl::Status Refresh(Client& client, uint64_t generation);

  // The persons marked at `meeting` (empty if none).
  const std::set<std::string>& PersonsAt(const std::string& meeting) const;
  // The meetings `person` was marked at (empty if none).
  const std::set<std::string>& MeetingsOf(const std::string& person) const;

 private:
  bool built_ = false;
  uint64_t generation_ = 0;
  std::map<std::string, std::set<std::string>> by_meeting_, by_person_;
};

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_ATTENDANCE_INDEX_H_
