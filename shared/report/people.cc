// Meetings, attendances and individuals: the people half of a report.
#include <algorithm>
#include <map>
#include <numeric>

#include "shared/report/report_data.h"
#include "shared/uuid.h"

namespace hromada::report {
namespace {

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

}  // namespace

void CountPeople(const Data& data, absl::string_view scope, Report* out) {
  std::vector<Person> persons = data.persons;
  persons.resize(data.person_ids.size());
  std::vector<Meeting> meetings = data.meetings;
  meetings.resize(data.meeting_ids.size());
  const std::vector<int32_t> rep = Representatives(data);
  for (size_t i = 0; i < rep.size(); ++i) {
    if (persons[i].live && rep[i] != static_cast<int32_t>(i) && InScope(scope, persons[i].community)) {
      ++out->merged_records;
    }
  }

  // Meetings of the community scope in (date, id) order; rank = position.
  std::vector<int32_t> ordered;
  for (int32_t m = 0; m < static_cast<int32_t>(meetings.size()); ++m) {
    if (meetings[m].live && InScope(scope, meetings[m].community)) ordered.push_back(m);
  }
  std::sort(ordered.begin(), ordered.end(), [&](int32_t a, int32_t b) {
    if (meetings[a].date != meetings[b].date) return meetings[a].date < meetings[b].date;
    return data.meeting_ids.Key(a) < data.meeting_ids.Key(b);
  });
  std::vector<int32_t> rank(meetings.size(), -1);
  for (size_t i = 0; i < ordered.size(); ++i) rank[ordered[i]] = static_cast<int32_t>(i);

  // Distinct (meeting, individual) pairs at meetings of the scope.
  std::vector<Pair> pairs;
  pairs.reserve(data.attendances.size());
  for (const Attendance& a : data.attendances) {
    if (rank[a.meeting] >= 0) pairs.push_back({a.meeting, rep[a.person]});
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  // Each individual's first meeting in the scope, ever.
  std::vector<int32_t> first(rep.size(), INT32_MAX);
  for (const Pair& p : pairs) first[p.individual] = std::min(first[p.individual], rank[p.meeting]);

  std::vector<MeetingRow> rows(ordered.size());  // by rank
  // Individuals seen per community, by a small number for each community.
  std::map<std::string, int32_t> community_number;
  std::vector<int32_t> number_of(meetings.size(), 0);  // by meeting
  for (int32_t m : ordered) {
    number_of[m] = community_number.try_emplace(meetings[m].community, community_number.size())
                       .first->second;
  }
  std::vector<std::vector<bool>> seen_in(community_number.size(),
                                         std::vector<bool>(rep.size(), false));
  std::vector<int64_t> individuals_in(community_number.size(), 0);
  std::vector<char> in_period(meetings.size(), 0);
  for (int32_t m : ordered) in_period[m] = InPeriod(out->query, meetings[m].date);
  std::vector<char> seen(rep.size(), 0);
  std::vector<int32_t> individuals;
  for (const Pair& p : pairs) {
    if (!in_period[p.meeting]) continue;
    ++out->attendances;
    MeetingRow& row = rows[rank[p.meeting]];
    ++row.attendances;
    if (first[p.individual] == rank[p.meeting]) ++row.first_timers;
    const int32_t c = number_of[p.meeting];
    if (!seen_in[c][p.individual]) {
      seen_in[c][p.individual] = true;
      ++individuals_in[c];
    }
    if (!seen[p.individual]) {
      seen[p.individual] = 1;
      individuals.push_back(p.individual);
      const bool is_new = in_period[ordered[first[p.individual]]];
      ++(is_new ? out->new_individuals : out->returning_individuals);
    }
  }
  out->individuals = static_cast<int64_t>(individuals.size());

  std::map<std::string, CommunityRow> communities;
  for (const auto& [id, c] : data.communities) {
    communities[id] = CommunityRow{IdToString(id), c.name_uk, c.name_latin, 0, 0, 0};
  }
  for (int32_t m : ordered) {
    const Meeting& meeting = meetings[m];
    if (!InPeriod(out->query, meeting.date)) continue;
    ++out->meetings;
    MeetingRow& row = rows[rank[m]];
    row.id = IdToString(data.meeting_ids.Id(m));
    row.community_id = IdToString(meeting.community);
    row.community_name = CommunityName(data, meeting.community);
    row.date = meeting.date;
    row.format = meeting.format;
    row.number = meeting.number;
    CommunityRow& c = communities[meeting.community];
    if (c.id.empty()) c.id = row.community_id;
    ++c.meetings;
    c.attendances += row.attendances;
  }
  for (MeetingRow& row : rows) {
    if (!row.id.empty()) out->meeting_rows.push_back(std::move(row));
  }
  if (scope.empty()) {
    for (auto& [id, c] : communities) {
      auto number = community_number.find(id);
      if (number != community_number.end()) c.individuals = individuals_in[number->second];
      out->communities.push_back(c);
    }
    std::sort(out->communities.begin(), out->communities.end(),
              [](const CommunityRow& a, const CommunityRow& b) { return a.name_latin < b.name_latin; });
  }

  const std::vector<Person> attrs = IndividualAttributes(data.person_ids, persons, rep);
  out->breakdowns = {Tally("organisation_kind", individuals, attrs, &Person::organisation_kind),
                     Tally("gender", individuals, attrs, &Person::gender),
                     Tally("idp", individuals, attrs, &Person::idp),
                     Tally("veteran", individuals, attrs, &Person::veteran)};
}

}  // namespace hromada::report
