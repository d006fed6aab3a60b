// Meetings, attendances and individuals: the people half of a report.
#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "shared/base/uuid.h"
#include "shared/report/report_data.h"

namespace hromada::report {
namespace {

// True if two records are known to be of different communities. The apply
// rule never lets a reference cross communities; a report still does not
// trust that (an old database, another backend) and ignores such a link.
bool Crosses(absl::string_view a, absl::string_view b) {
  return !a.empty() && !b.empty() && a != b;
}

// Person index -> the index of its individual's representative: of the
// person records joined by person_merge, the one with the smallest id
// (for UUIDv7 ids, the first registered). Chains and cycles resolve alike.
std::vector<int32_t> Representatives(const Data& data) {
  std::vector<int32_t> parent(data.person_ids.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int32_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const auto& [a, b] : data.merges) {
    if (Crosses(data.persons[a].community, data.persons[b].community)) continue;
    int32_t ra = find(a), rb = find(b);
    if (ra == rb) continue;
    if (data.person_ids.Key(rb) < data.person_ids.Key(ra)) std::swap(ra, rb);
    parent[rb] = ra;
  }
  for (int32_t i = 0; i < static_cast<int32_t>(parent.size()); ++i) parent[i] = find(i);
  return parent;
}

// The attributes of each individual: the representative's, with a field it
// lacks taken from the other merged records in id order.
std::vector<Person> IndividualAttributes(const Interner& ids, const std::vector<Person>& persons,
                                         const std::vector<int32_t>& rep) {
  std::vector<int32_t> order(rep.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if ((rep[a] == a) != (rep[b] == b)) return rep[a] == a;  // representatives first
    return ids.Key(a) < ids.Key(b);
  });
  std::vector<Person> out(rep.size());
  for (int32_t i : order) {
    const Person& p = persons[i];
    if (!p.live) continue;
    Person& o = out[rep[i]];
    for (auto [to, from] : {std::pair{&o.gender, &p.gender},
                            {&o.organisation_kind, &p.organisation_kind},
                            {&o.idp, &p.idp},
                            {&o.veteran, &p.veteran}}) {
      if (to->empty()) *to = *from;
    }
  }
  return out;
}

Breakdown Tally(const std::string& name, const std::vector<int32_t>& individuals,
                const std::vector<Person>& attrs, std::string Person::*field) {
  std::map<std::string, int64_t> counts;
  for (int32_t i : individuals) {
    const std::string& v = attrs[i].*field;
    ++counts[v.empty() ? "unknown" : v];
  }
  Breakdown b{name, {}};
  for (const auto& [key, n] : counts) b.rows.push_back({key, n});
  std::stable_sort(b.rows.begin(), b.rows.end(),
                   [](const CountRow& a, const CountRow& c) { return a.count > c.count; });
  return b;
}

struct Pair {
  int32_t meeting, individual;
  friend bool operator<(Pair a, Pair b) {
    return a.meeting != b.meeting ? a.meeting < b.meeting : a.individual < b.individual;
  }
  friend bool operator==(Pair a, Pair b) {
    return a.meeting == b.meeting && a.individual == b.individual;
  }
};

std::string CommunityName(const Data& data, const std::string& id) {
  auto it = data.communities.find(id);
  return it == data.communities.end() ? IdToString(id) : it->second.name_latin;
}

// CountPeople's steps over shared intermediate state, one method each.
class PeopleCounter {
 public:
  PeopleCounter(const Data& data, absl::string_view scope, Report* out)
      : data_(data),
        scope_(scope),
        out_(out),
        persons_(data.persons),
        meetings_(data.meetings),
        rep_(Representatives(data)) {}

  void Run() {
    CountMerged();
    OrderMeetings();
    CollectPairs();
    CountAttendances();
    MeetingAndCommunityRows();
    const std::vector<Person> attrs = IndividualAttributes(data_.person_ids, persons_, rep_);
    out_->breakdowns = {Tally("organisation_kind", individuals_, attrs, &Person::organisation_kind),
                        Tally("gender", individuals_, attrs, &Person::gender),
                        Tally("idp", individuals_, attrs, &Person::idp),
                        Tally("veteran", individuals_, attrs, &Person::veteran)};
  }

 private:
  void CountMerged() {
    for (size_t i = 0; i < rep_.size(); ++i) {
      if (persons_[i].live && rep_[i] != static_cast<int32_t>(i) &&
          InScope(scope_, persons_[i].community)) {
        ++out_->merged_records;
      }
    }
  }

  // Meetings of the community scope in (date, id) order: rank = position.
  // Each gets a small number for its community, and whether it is in the
  // period.
  void OrderMeetings() {
    for (int32_t m = 0; m < static_cast<int32_t>(meetings_.size()); ++m) {
      if (meetings_[m].live && InScope(scope_, meetings_[m].community)) ordered_.push_back(m);
    }
    std::sort(ordered_.begin(), ordered_.end(), [&](int32_t a, int32_t b) {
      if (meetings_[a].date != meetings_[b].date) return meetings_[a].date < meetings_[b].date;
      return data_.meeting_ids.Key(a) < data_.meeting_ids.Key(b);
    });
    rank_.assign(meetings_.size(), -1);
    community_of_.assign(meetings_.size(), 0);
    in_period_.assign(meetings_.size(), 0);
    for (size_t i = 0; i < ordered_.size(); ++i) {
      const int32_t m = ordered_[i];
      rank_[m] = static_cast<int32_t>(i);
      community_of_[m] =
          community_number_.try_emplace(meetings_[m].community, community_number_.size())
              .first->second;
      in_period_[m] = InPeriod(out_->query, meetings_[m].date);
    }
  }

  // Distinct (meeting, individual) pairs at meetings of the scope, and each
  // individual's first meeting in the scope, ever.
  void CollectPairs() {
    pairs_.reserve(data_.attendances.size());
    for (const Attendance& a : data_.attendances) {
      if (rank_[a.meeting] < 0) continue;
      if (Crosses(persons_[a.person].community, meetings_[a.meeting].community)) continue;
      pairs_.push_back({a.meeting, rep_[a.person]});
    }
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
    first_.assign(rep_.size(), INT32_MAX);
    for (const Pair& p : pairs_)
      first_[p.individual] = std::min(first_[p.individual], rank_[p.meeting]);
  }

  void CountAttendances() {
    rows_.resize(ordered_.size());
    std::vector<std::vector<bool>> seen_in(community_number_.size(),
                                           std::vector<bool>(rep_.size(), false));
    individuals_in_.assign(community_number_.size(), 0);
    std::vector<char> seen(rep_.size(), 0);
    for (const Pair& p : pairs_) {
      if (!in_period_[p.meeting]) continue;
      ++out_->attendances;
      MeetingRow& row = rows_[rank_[p.meeting]];
      ++row.attendances;
      if (first_[p.individual] == rank_[p.meeting]) ++row.first_timers;
      std::vector<bool>::reference in_community = seen_in[community_of_[p.meeting]][p.individual];
      if (!in_community) ++individuals_in_[community_of_[p.meeting]];
      in_community = true;
      if (seen[p.individual]) continue;
      seen[p.individual] = 1;
      individuals_.push_back(p.individual);
      ++(in_period_[ordered_[first_[p.individual]]] ? out_->new_individuals
                                                    : out_->returning_individuals);
    }
    out_->individuals = static_cast<int64_t>(individuals_.size());
  }

  void MeetingAndCommunityRows() {
    std::map<std::string, CommunityRow> communities;
    for (const auto& [id, c] : data_.communities) {
      communities[id] = CommunityRow{IdToString(id), c.name_uk, c.name_latin, 0, 0, 0};
    }
    for (int32_t m : ordered_) {
      if (!in_period_[m]) continue;
      const Meeting& meeting = meetings_[m];
      ++out_->meetings;
      MeetingRow& row = rows_[rank_[m]];
      row.id = IdToString(data_.meeting_ids.Id(m));
      row.community_id = IdToString(meeting.community);
      row.community_name = CommunityName(data_, meeting.community);
      row.date = meeting.date;
      row.format = meeting.format;
      row.number = meeting.number;
      CommunityRow& c = communities[meeting.community];
      c.id = row.community_id;
      ++c.meetings;
      c.attendances += row.attendances;
      c.individuals = individuals_in_[community_of_[m]];
      out_->meeting_rows.push_back(std::move(row));
    }
    std::stable_sort(out_->meeting_rows.begin(), out_->meeting_rows.end(),
                     [](const MeetingRow& a, const MeetingRow& b) {
                       return std::tie(a.date, a.community_name, a.number) <
                              std::tie(b.date, b.community_name, b.number);
                     });
    if (!scope_.empty()) return;  // a community report has no per-community table
    for (auto& [id, c] : communities) out_->communities.push_back(c);
    std::sort(
        out_->communities.begin(), out_->communities.end(),
        [](const CommunityRow& a, const CommunityRow& b) { return a.name_latin < b.name_latin; });
  }

  const Data& data_;
  absl::string_view scope_;
  Report* out_;
  const std::vector<Person>& persons_;    // by person index, one per id
  const std::vector<Meeting>& meetings_;  // by meeting index, one per id
  std::vector<int32_t> rep_;              // person index -> representative
  std::vector<int32_t> ordered_, rank_, community_of_, first_;
  std::vector<char> in_period_;
  std::map<std::string, int32_t> community_number_;
  std::vector<Pair> pairs_;
  std::vector<MeetingRow> rows_;         // by rank
  std::vector<int64_t> individuals_in_;  // by community number
  std::vector<int32_t> individuals_;
};

}  // namespace

void CountPeople(const Data& data, absl::string_view scope, Report* out) {
  PeopleCounter(data, scope, out).Run();
}

}  // namespace hromada::report
