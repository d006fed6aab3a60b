// Coordinator reports: one computation over a stream of record states, run
// unchanged on the server's database and on a synced device's local store,
// so both give the same numbers for the same records.
//
// Feed every record state (ReportBuilder::Add), in any order, then Finish.
// What counts:
//   meetings       live meetings in the scope (community, dates inclusive);
//   attendances    distinct (meeting, individual) pairs at those meetings:
//                  two person records merged by person_merge and both marked
//                  at one meeting count once;
//   individuals    distinct individuals among those attendances, following
//                  person_merge chains to one representative;
//   new/returning  an individual is new if their first meeting in the
//                  community scope (ever) falls in the period, returning if
//                  they had been at one before it;
//   breakdowns     of the individuals, by the representative's organisation
//                  kind, gender, IDP and veteran flags (a field missing on
//                  the representative is taken from a merged record);
//   needs          final survey responses in the scope, dated in the period:
//                  per question (across all versions of a form), options
//                  ranked by Borda points for ranking questions (first of m
//                  options m points, then m-1, ...; unranked 0), by share of
//                  respondents for choice questions, mean for number; a
//                  rating as its distribution (respondents per value, in
//                  value order, method "count");
//   text answers   the same responses' answers to text questions, listed
//                  per question by date then text (only what is in scope);
//   initiatives    in the community scope, proposed on or before the period's
//                  end: count by status as of that date, and days spent in
//                  each status (from its entered date to the next one's, or
//                  to the as-of date for the current status); and each
//                  initiative listed with its status as of that date.
#ifndef HROMADA_SHARED_REPORT_REPORT_H_
#define HROMADA_SHARED_REPORT_REPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {
namespace v1 {
class Record;
}  // namespace v1

struct ReportQuery {
  std::string community_id;  // canonical UUID text; "" for the whole network
  std::string from, to;      // YYYY-MM-DD, inclusive; "" leaves that end open
  // The date "now" for initiatives when the period has no end ("": today
  // by the system clock, UTC). Ignored when `to` is set. In a finished
  // Report, the date that was used.
  std::string as_of;
};

struct CountRow {
  std::string key;  // e.g. "female", "police", "yes"
  int64_t count = 0;
};

struct Breakdown {
  std::string name;            // "organisation_kind", "gender", "idp", "veteran"
  std::vector<CountRow> rows;  // largest first; "unknown" for no value
};

struct CommunityRow {
  std::string id, name_uk, name_latin;
  int64_t meetings = 0, attendances = 0, individuals = 0;
};

struct MeetingRow {
  std::string id, community_id, community_name, date, format;
  int64_t number = 0;  // 0: not given
  int64_t attendances = 0;
  int64_t first_timers = 0;  // individuals at their first meeting in the scope
};

struct NeedRow {
  std::string option_id, label;
  // Borda points (ranking), share 0..1 (choice), mean (number), or
  // respondents who gave this value (rating, method "count")
  double score = 0;
  int64_t responses = 0;  // respondents who chose / ranked / rated it
};

struct NeedQuestion {
  std::string form, title, question_id, text;
  std::string type;             // QuestionTypeName
  std::string method;           // "borda", "share", "mean" or "count"
  int64_t respondents = 0;      // final responses that answered it
  std::vector<NeedRow> ranked;  // best first; for "count", by value
};

// A final survey response the report counted (survey_responses).
struct ResponseRow {
  std::string community_id;  // canonical UUID text
  std::string date;          // YYYY-MM-DD
};

struct TextAnswer {
  std::string date, text;  // the response's date; the answer as written
};

// A text question's answers, from final responses in the scope and period.
struct TextQuestion {
  std::string form, title, question_id, text;
  std::vector<TextAnswer> answers;  // by date, then text
};

// One initiative as of the report's date.
struct InitiativeRow {
  std::string id, community_name, title, category, donor;
  double estimated_cost = -1;   // -1: not given
  std::string status;           // as of the date
  std::string since;            // the date it entered that status; "" if unknown
  int64_t days_in_status = -1;  // from `since` to the as-of date; -1 if unknown
};

struct StatusRow {
  std::string status;
  int64_t current = 0;   // initiatives in this status as of the date
  int64_t passed = 0;    // initiatives that have been in it (incl. current)
  double mean_days = 0;  // mean days spent in it, over `passed`
  double median_days = 0;
};

struct Report {
  ReportQuery query;
  std::string scope;  // "all communities" or the community's names
  std::string as_of;  // the date initiatives were counted at
  int64_t meetings = 0;
  int64_t attendances = 0;
  int64_t individuals = 0;
  int64_t new_individuals = 0;
  int64_t returning_individuals = 0;
  int64_t merged_records = 0;  // person records folded into another by merges
  int64_t survey_responses = 0;
  int64_t initiatives = 0;
  std::vector<CommunityRow> communities;  // by Latin name; only for the network
  std::vector<MeetingRow> meeting_rows;   // by date, then community
  std::vector<Breakdown> breakdowns;
  std::vector<NeedQuestion> needs;
  std::vector<StatusRow> statuses;             // InitiativeStatuses() order
  std::vector<TextQuestion> text_answers;      // by form, then question order
  std::vector<InitiativeRow> initiative_rows;  // by community, status order, title
  std::vector<ResponseRow> response_rows;      // one per counted response, by date
};

class ReportBuilder {
 public:
  explicit ReportBuilder(ReportQuery query);
  ~ReportBuilder();
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;

  // One record state: a serialized canonical hromada.v1.Record, live or
  // a tombstone (tombstones are skipped). Kinds a report does not use are
  // skipped cheaply. DATA_LOSS if `state` does not parse.
  absl::Status Add(absl::string_view kind, absl::string_view state);
  // A live attendance given by its meeting's and person's ids (16 bytes
  // each), all a report reads of one: counts as Add of its state would,
  // without a state to open or parse.
  void AddAttendance(absl::string_view meeting, absl::string_view person);

  // The report. INVALID_ARGUMENT for a bad query (dates, community id).
  absl::StatusOr<Report> Finish();

 private:
  struct Data;
  ReportQuery query_;
  std::unique_ptr<Data> data_;
};

// The kinds a report reads; a store may feed only these.
const std::vector<std::string>& ReportKinds();

// Calls its argument for one record state: (kind, serialized v1::Record).
using RecordStateFn = std::function<absl::Status(absl::string_view kind, absl::string_view state)>;

// The whole report over what `scan` feeds: `scan(fn)` must call `fn` for
// every record state of ReportKinds() in the store (others are skipped)
// and return the first error. Server and device both run reports this way.
absl::StatusOr<Report> RunReport(const ReportQuery& query,
                                 const std::function<absl::Status(const RecordStateFn&)>& scan);

// A device's store hands its states over still sealed (docs/security.md).
// `open(kind, id, sealed, &state)` replaces `state` with the serialized
// v1::Record; it is called from several threads at once. A scan calls its
// SealedStateFn with (kind, record id, sealed state, refs). `refs` is what
// the store keeps in clear for a report: for an attendance, its meeting's
// and person's ids (16 bytes each, in that order); the state is then
// neither opened nor read, and `sealed` may be empty. Otherwise "".
using StateOpenFn = std::function<absl::Status(absl::string_view kind, absl::string_view id,
                                               absl::string_view sealed, std::string* state)>;
using SealedStateFn = std::function<absl::Status(absl::string_view kind, absl::string_view id,
                                                 absl::string_view sealed, absl::string_view refs)>;

// The refs a store may keep in clear for `record` (see SealedStateFn): an
// attendance's meeting and person ids when it has both, else "".
std::string ReportRefs(const v1::Record& record);

// RunReport over sealed states: the same report, with the states opened
// by `open` on worker threads while the scan goes on reading.
absl::StatusOr<Report> RunSealedReport(
    const ReportQuery& query, const StateOpenFn& open,
    const std::function<absl::Status(const SealedStateFn&)>& scan);

// INVALID_ARGUMENT with a sentence if the query's dates or id are wrong.
absl::Status CheckReportQuery(const ReportQuery& query);

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_REPORT_H_
