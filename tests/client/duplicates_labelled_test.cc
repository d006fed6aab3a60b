// Duplicate suggestions (client/src/duplicates/duplicates.h) against a
// labelled set of persons typed as field staff type them
// (data/duplicates_labelled.tsv, written before the scoring was tuned for
// it): precision and recall at the default threshold, overall and per
// variant kind, and how many hard negatives were wrongly joined.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "client/src/duplicates/duplicates.h"

namespace hromada {
namespace {

struct Labelled {
  PersonSummary person;
  std::string cluster, kind, near;
};

std::vector<Labelled> ReadLabelled(const char* path) {
  std::ifstream in(path);
  std::vector<Labelled> out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // the column names
      header = false;
      continue;
    }
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 9) {
      ADD_FAILURE() << "not 9 columns: " << line;
      continue;
    }
    Labelled l;
    l.cluster = f[0];
    l.kind = f[1];
    l.person.id = f[2];
    l.person.full_name = f[3];
    l.person.phone = f[4];
    l.person.birth_year = f[5].empty() ? 0 : std::stoll(f[5]);
    l.person.gender = f[6];
    l.person.community_id = f[7];
    l.near = f[8];
    out.push_back(std::move(l));
  }
  return out;
}

bool IsNegative(const std::string& kind) { return kind.rfind("neg_", 0) == 0; }

// Counts for one kind: pairs within its clusters (positives), suggestions
// touching its persons, and hard pairs (a negative against its `near`).
struct Tally {
  int true_pairs = 0, found = 0;  // recall: found / true_pairs
  int suggested = 0, right = 0;   // precision: right / suggested
  int hard_pairs = 0, joined = 0;
  double recall() const { return true_pairs ? found / double(true_pairs) : 1; }
  double precision() const { return suggested ? right / double(suggested) : 1; }
};

using Pair = std::pair<std::string, std::string>;  // ids, a < b

Pair Ordered(const std::string& a, const std::string& b) { return a < b ? Pair{a, b} : Pair{b, a}; }

class LabelledSet : public ::testing::Test {
 protected:
  // The labelled file this fixture scores.
  virtual const char* Path() const { return HROMADA_DUPLICATES_LABELLED; }

  void SetUp() override {
    set_ = ReadLabelled(Path());
    std::vector<PersonSummary> persons;
    for (const Labelled& l : set_) {
      by_id_[l.person.id] = &l;
      persons.push_back(l.person);
    }
    // The default threshold, as `hromada duplicates` uses it.
    for (const DuplicateSuggestion& s : SuggestDuplicates(persons)) {
      suggested_[{s.a, s.b}] = s;
    }
    Count();
  }

  void Count() {
    for (const auto& [ids, s] : suggested_) {
      const Labelled &a = *by_id_[ids.first], &b = *by_id_[ids.second];
      const bool right = a.cluster == b.cluster;
      for (const std::string& kind : std::set<std::string>{a.kind, b.kind}) {
        tally_[kind].suggested++;
        tally_[kind].right += right;
      }
      all_.suggested++;
      all_.right += right;
      if (!right) {
        log_ << "labelled: wrongly joined " << a.person.full_name << " / " << b.person.full_name
             << " (" << s.score << ": " << s.reason << ")\n";
      }
    }
    for (size_t i = 0; i < set_.size(); ++i) {
      for (size_t j = i + 1; j < set_.size(); ++j) CountPair(set_[i], set_[j]);
    }
  }

  void CountPair(const Labelled& a, const Labelled& b) {
    const bool found = suggested_.count(Ordered(a.person.id, b.person.id)) > 0;
    if (a.cluster == b.cluster) {
      tally_[a.kind].true_pairs++;
      tally_[a.kind].found += found;
      all_.true_pairs++;
      all_.found += found;
      if (!found) {
        const DuplicateSuggestion s = ScorePair(a.person, b.person);
        log_ << "labelled: missed " << a.kind << " " << a.person.full_name << " / "
             << b.person.full_name << " (" << s.score << ": " << s.reason << ")\n";
      }
      return;
    }
    for (const auto& [neg, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      if (IsNegative(neg->kind) && neg->near == other->cluster) {
        tally_[neg->kind].hard_pairs++;
        tally_[neg->kind].joined += found;
      }
    }
  }

  void Print() const {
    std::cout << log_.str();
    std::cout.precision(2);
    std::cout << std::fixed;
    for (const auto& [kind, t] : tally_) {
      std::cout << "labelled: " << kind;
      if (IsNegative(kind)) {
        std::cout << " joined " << t.joined << " of " << t.hard_pairs << " hard pairs";
      } else {
        std::cout << " recall " << t.recall() << " (" << t.found << "/" << t.true_pairs << ")";
      }
      std::cout << " precision " << t.precision() << " (" << t.right << "/" << t.suggested << ")\n";
    }
    std::cout << "labelled: " << Path() << "\nlabelled: overall precision " << all_.precision()
              << " recall " << all_.recall() << " (" << all_.found << "/" << all_.true_pairs
              << ") on " << set_.size() << " persons\n";
  }

  std::vector<Labelled> set_;
  std::map<std::string, const Labelled*> by_id_;
  std::map<Pair, DuplicateSuggestion> suggested_;
  std::map<std::string, Tally> tally_;
  Tally all_;
  std::ostringstream log_;  // what was missed or wrongly joined, and how it scored
};

struct Floor {
  double recall, precision;
};

// The figures reached, rounded down: a change that loses any fails here.
// Below 1.00: "Sergei Scherbak" (no birth year) is also his father's name
// and phone.
const std::map<std::string, Floor>& Floors() {
  static const auto* const floors = new std::map<std::string, Floor>{
      {"initials", {1.0, 1.0}},      {"initials_first", {1.0, 1.0}}, {"typo2", {1.0, 1.0}},
      {"year_off1", {1.0, 1.0}},     {"iso9", {1.0, 1.0}},           {"sys1996", {1.0, 1.0}},
      {"passport", {1.0, 1.0}},      {"translit_ru", {1.0, 0.93}},   {"vowel_slip", {1.0, 1.0}},
      {"transposition", {1.0, 1.0}}, {"apostrophe", {1.0, 1.0}},     {"russian_forms", {1.0, 1.0}},
  };
  return *floors;
}

constexpr double kOverallRecall = 1.0, kOverallPrecision = 0.99;
constexpr int kMaxHardPairsJoined = 1;

TEST_F(LabelledSet, TheSetIsAsWritten) {
  EXPECT_GE(set_.size(), 300u);
  for (const Labelled& l : set_) {
    EXPECT_TRUE(IsNegative(l.kind) || Floors().count(l.kind)) << l.kind;
    EXPECT_EQ(IsNegative(l.kind), !l.near.empty()) << l.person.id;
  }
  for (const auto& [kind, floor] : Floors()) EXPECT_GT(tally_[kind].true_pairs, 10) << kind;
}

TEST_F(LabelledSet, PrecisionAndRecallPerKind) {
  Print();
  for (const auto& [kind, floor] : Floors()) {
    const Tally& t = tally_[kind];
    EXPECT_GE(t.recall(), floor.recall) << kind;
    EXPECT_GE(t.precision(), floor.precision) << kind;
  }
  EXPECT_GE(all_.recall(), kOverallRecall);
  EXPECT_GE(all_.precision(), kOverallPrecision);
  int joined = 0;
  for (const auto& [kind, t] : tally_) joined += t.joined;
  EXPECT_LE(joined, kMaxHardPairsJoined);
}

// The shapes issue 19 item 11 names, and negatives of the same shapes
// (data/duplicates_labelled_shapes.tsv, written before the scorer was
// calibrated for them).
class ShapesSet : public LabelledSet {
 protected:
  const char* Path() const override { return HROMADA_DUPLICATES_SHAPES; }
};

const std::set<std::string>& ShapeKinds() {
  static const auto* const kinds = new std::set<std::string>{
      "initials_swapped", "initials_year_off1", "typo1_no_year", "typo2_year_off1"};
  return *kinds;
}

TEST_F(ShapesSet, TheSetIsAsWritten) {
  EXPECT_GE(set_.size(), 80u);
  for (const Labelled& l : set_) {
    EXPECT_TRUE(IsNegative(l.kind) || ShapeKinds().count(l.kind)) << l.kind;
    EXPECT_EQ(IsNegative(l.kind), !l.near.empty()) << l.person.id;
  }
  for (const std::string& kind : ShapeKinds()) EXPECT_GE(tally_[kind].true_pairs, 6) << kind;
}

// Reached after the calibration (duplicates_score.cc: an initial that fits
// one name, the typo's cost; duplicates_parse.cc: a last consonant's
// voicing); a change that loses any fails here.
TEST_F(ShapesSet, PrecisionAndRecall) {
  Print();
  for (const std::string& kind : ShapeKinds()) {
    EXPECT_GE(tally_[kind].recall(), 1.0) << kind;
    EXPECT_GE(tally_[kind].precision(), 1.0) << kind;
  }
  int joined = 0;
  for (const auto& [kind, t] : tally_) joined += t.joined;
  EXPECT_EQ(joined, 0) << "no negative of these shapes is listed";
}

}  // namespace
}  // namespace hromada
