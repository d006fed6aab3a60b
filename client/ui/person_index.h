// Search as you type over the device's persons (issue 21: an answer in
// under 50 ms with 10,000 persons). Each person's name is folded once
// (SearchKey: either script, any case) when the index is built, not on
// every keystroke; the App's data generation says when to build again (any
// write through the page, any sync). What matches is the CLI's rule
// (cli::KeyHasEveryWord: every typed word inside the name), then a looser
// one for typos: every typed word starts some word of the name, with one
// typo forgiven from 4 letters and two from 7.
//
// Thread-compatible: the App runs one request at a time.
#ifndef HROMADA_CLIENT_UI_PERSON_INDEX_H_
#define HROMADA_CLIENT_UI_PERSON_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"

namespace hromada::ui {

class PersonIndex {
 public:
  struct Entry {
    std::string id, full_name, community_id;
    int64_t birth_year = 0;          // 0: not given
    std::string key;                 // SearchKey(full_name)
    std::vector<std::string> words;  // `key`'s words
  };

  // Builds the index from `client`'s live persons unless it was built at
  // `generation` already.
  absl::Status Refresh(Client& client, uint64_t generation);

  // The persons `typed` finds: those matching every word first, then the
  // near ones, each group by name; every person by name when `typed` has
  // no word. All of them; the caller shows the first few.
  std::vector<const Entry*> Find(absl::string_view typed) const;

  size_t size() const { return entries_.size(); }
  // Every person, by name.
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  bool built_ = false;
  uint64_t generation_ = 0;
  std::vector<Entry> entries_;  // by full_name
};

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_PERSON_INDEX_H_
