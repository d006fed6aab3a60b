#include "client/ui/person_index.h"

#include <algorithm>

#include "absl/strings/str_split.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "shared/base/edit_distance.h"
#include "shared/base/text.h"

namespace hromada::ui {
namespace {

// Typos a search word of this length forgives.
int TyposAllowed(size_t length) { return length >= 7 ? 2 : length >= 4 ? 1 : 0; }

std::vector<std::string> WordsOf(const std::string& key) {
  return absl::StrSplit(key, ' ', absl::SkipEmpty());
}

// Every word of `want` starts a word of `have`, a typo or two forgiven.
bool LooselyNamed(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  for (const std::string& w : want) {
    const bool found = std::any_of(have.begin(), have.end(), [&](const std::string& h) {
      return EditDistance(w, h.substr(0, w.size())) <= TyposAllowed(w.size());
    });
    if (!found) return false;
  }
  return !want.empty();
}

}  // namespace

absl::Status PersonIndex::Refresh(Client& client, uint64_t generation) {
  if (built_ && generation_ == generation) return absl::OkStatus();
  std::vector<Entry> entries;
  absl::Status s = client.ForEach("person", [&](const RecordView& p) {
    Entry e;
    e.id = p.id;
    e.full_name = cli::TextOf(p, "full_name");
    e.community_id = p.community_id;
    e.birth_year = cli::IntOf(p, "birth_year");
    e.key = SearchKey(e.full_name);
    e.words = WordsOf(e.key);
    entries.push_back(std::move(e));
    return true;
  });
  if (!s.ok()) return s;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& x, const Entry& y) { return x.full_name < y.full_name; });
  entries_ = std::move(entries);
  generation_ = generation;
  built_ = true;
  return absl::OkStatus();
}

std::vector<const PersonIndex::Entry*> PersonIndex::Find(absl::string_view typed) const {
  const std::vector<std::string> want = WordsOf(SearchKey(typed));
  std::vector<const Entry*> exact, near;
  for (const Entry& e : entries_) {
    if (want.empty() || cli::KeyHasEveryWord(e.key, want)) {
      exact.push_back(&e);
    } else if (LooselyNamed(e.words, want)) {
      near.push_back(&e);
    }
  }
  exact.insert(exact.end(), near.begin(), near.end());
  return exact;
}

}  // namespace hromada::ui
