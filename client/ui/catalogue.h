// The one catalogue of every word the web screen shows, Ukrainian first
// and English by a switch. The page asks for it once (GET /api/catalogue)
// and writes nothing of its own; the server's own answers (refusals,
// errors it words itself) come from here too. Choice labels (gender,
// organisation kind, meeting format, attendance mode and role, initiative
// status, yes/no) are not copied here: they are served from the report's
// catalogue (shared/report/labels.h), so the screen, the report and what
// the CLI reads agree on one word per code.
//
// Pure lookups over constant tables: thread-safe, never fail.
#ifndef HROMADA_CLIENT_UI_CATALOGUE_H_
#define HROMADA_CLIENT_UI_CATALOGUE_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::ui {

enum class Lang { kUk, kEn };

// "uk" or "en"; nullopt otherwise.
std::optional<Lang> ParseLang(absl::string_view name);
const char* LangName(Lang lang);

// The phrase with `key` in `lang`; "?" if the catalogue lacks it (a test
// checks that every key the page and the server use is there).
const char* Say(absl::string_view key, Lang lang);

// The phrase with each "{name}" of `values` replaced by its value:
// Fill("unlock.wrong", lang, {{"n", "3"}}).
std::string Fill(absl::string_view key, Lang lang,
                 std::initializer_list<std::pair<absl::string_view, absl::string_view>> values);

// A failure the client library or the server reported (its message is
// English), told in `lang` by what the person should do, chosen by its
// code: no link, a device the server no longer knows, a refusal, a fault.
// The library's own sentence follows as the detail for a coordinator
// where it says something the code does not.
std::string Explain(const absl::Status& status, Lang lang);

// Whether the catalogue has `key` in both languages.
bool HasPhrase(absl::string_view key);

// What the page loads: {"lang", "messages": {key: phrase},
// "choices": {"kind.field": [{"code", "label"}, …]}} with every enum field
// of the field kinds and the yes/no words ("yesno").
nlohmann::json CatalogueJson(Lang lang);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_CATALOGUE_H_
