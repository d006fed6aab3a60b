// Finding the record a person means from what they typed, the one way
// every command does (get, delete, show, edit, attendance mark, merge,
// attachments, conflicts resolve): its full id, a unique prefix of its id
// (at least 4 hex digits, dashes optional), else a unique ending of it
// (ids are time-ordered, so their ends differ most); a meeting also by its
// date ("2024-05-01", "1.5.2024"), its number ("#3") or its community and
// number ("Bilozerka #3"); a person by a name: the whole name as written
// (any case and spacing) first, so an exact name wins over near matches,
// then the whole name by SearchKey (either script, another spelling),
// then words of it in any order; an initiative by words of its title; an
// attachment by the start of its SHA-256 or its file name. Persons merged
// into one (person_merge) are one match: the record kept. Communities by
// id or by name. More than one match is an error that lists the
// candidates as people tell them apart (a person's birth year and
// community, a meeting's number to type) and says what to type.
// Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_RESOLVE_H_
#define HROMADA_CLIENT_CLI_RESOLVE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::cli {

// The live record of `kind` that `typed` names. NOT_FOUND if none does,
// INVALID_ARGUMENT listing the candidates if several do.
absl::StatusOr<RecordView> Resolve(Client& client, const std::string& kind,
                                   absl::string_view typed);

// The live record of any of `kinds` that `typed` names, each kind found
// as Resolve finds it; several matches, of one kind or of several, are
// INVALID_ARGUMENT listing them with their kinds.
absl::StatusOr<RecordView> ResolveAmong(Client& client, const std::vector<std::string>& kinds,
                                        absl::string_view typed);

// The id of the community `typed` names: a full id (taken as is, so a
// device that has not synced yet can still name one), an id prefix, or
// its Ukrainian or Latin name. Empty `typed`: the device's only community
// if it is enrolled for exactly one; otherwise INVALID_ARGUMENT.
absl::StatusOr<std::string> ResolveCommunity(Client& client, absl::string_view typed);

// Whether `text` holds every word of `typed`, in any order, either script,
// any case (by SearchKey): "Шевченко Кирило" is in "Кирило Шевченко".
// False when `typed` has no word.
bool HasEveryWord(absl::string_view text, absl::string_view typed);
// The same over a text already folded by SearchKey and the typed words
// (SearchKey(typed) split at spaces), for a caller that folds once.
bool KeyHasEveryWord(absl::string_view key, const std::vector<std::string>& words);

// A short label for a record in lists and messages: a person's name, a
// meeting's date and number, an initiative's title, a form and version.
std::string Label(const RecordView& record);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_RESOLVE_H_
