#include "client/ui/attendance_index.h"

#include "client/cli/records.h"

namespace hromada::ui {
namespace {

const std::set<std::string>& Lookup(const std::map<std::string, std::set<std::string>>& map,
                                    const std::string& key) {
  static const std::set<std::string>* const kNone = new std::set<std::string>();
  auto it = map.find(key);
  return it == map.end() ? *kNone : it->second;
}

}  // namespace

absl::Status AttendanceIndex::Refresh(Client& client, uint64_t generation) {
  if (built_ && generation_ == generation) return absl::OkStatus();
  std::map<std::string, std::set<std::string>> by_meeting, by_person;
  absl::Status s = client.ForEach("attendance", [&](const RecordView& r) {
    const std::string meeting = cli::TextOf(r, "meeting"), person = cli::TextOf(r, "person");
    by_meeting[meeting].insert(person);
    by_person[person].insert(meeting);
    return true;
  });
  if (!s.ok()) return s;
  by_meeting_ = std::move(by_meeting);
  by_person_ = std::move(by_person);
  generation_ = generation;
  built_ = true;
  return absl::OkStatus();
}

const std::set<std::string>& AttendanceIndex::PersonsAt(const std::string& meeting) const {
  return Lookup(by_meeting_, meeting);
}

const std::set<std::string>& AttendanceIndex::MeetingsOf(const std::string& person) const {
  return Lookup(by_person_, person);
}

}  // namespace hromada::ui
