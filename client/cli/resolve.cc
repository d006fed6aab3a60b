#include "client/cli/resolve.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/cli/records.h"
#include "shared/base/community_names.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"

namespace hromada::cli {
namespace {

constexpr size_t kMaxCandidates = 8;

std::string Plural(const std::string& kind) {
  if (kind == "community") return "communities";
  if (kind == "survey_response") return "survey responses";
  return kind + "s";
}

bool IdStartsWith(const RecordView& r, const std::string& hex) {
  return absl::StartsWith(absl::StrReplaceAll(r.id, {{"-", ""}}), hex);
}

bool IdEndsWith(const RecordView& r, const std::string& hex) {
  return absl::EndsWith(absl::StrReplaceAll(r.id, {{"-", ""}}), hex);
}

// Records whose id starts with `hex`, else those whose id ends with it:
// new ids are time-ordered (UUIDv7), so records made minutes apart share
// their first digits and the last ones tell them apart.
absl::StatusOr<std::vector<RecordView>> ByIdPart(Client& client, const std::string& kind,
                                                 const std::string& hex) {
  auto by_prefix =
      ListWhere(client, kind, [&](const RecordView& r) { return IdStartsWith(r, hex); });
  if (!by_prefix.ok() || !by_prefix->empty()) return by_prefix;
  return ListWhere(client, kind, [&](const RecordView& r) { return IdEndsWith(r, hex); });
}

// A name as written, any case and spacing, but no other spelling: "Іван
// Бондарь" is not "Іван Бондар" here, though their search keys are one.
std::string AsWritten(absl::string_view name) {
  return absl::StrJoin(absl::StrSplit(FoldCase(name), ' ', absl::SkipWhitespace()), " ");
}

// Persons whose whole name is `typed` as written; else whose whole name
// has its search key (another script or spelling); else whose name holds
// every word of it. The first way that finds any wins, so a full name
// typed exactly is not lost among near matches.
absl::StatusOr<std::vector<RecordView>> PersonsNamed(Client& client, absl::string_view typed) {
  const std::string written = AsWritten(typed);
  auto exact = ListWhere(client, "person", [&](const RecordView& r) {
    return AsWritten(TextOf(r, "full_name")) == written;
  });
  if (!exact.ok() || !exact->empty()) return exact;
  const std::string key = SearchKey(typed);
  auto same_key = ListWhere(client, "person", [&](const RecordView& r) {
    return SearchKey(TextOf(r, "full_name")) == key;
  });
  if (!same_key.ok() || !same_key->empty()) return same_key;
  return ListWhere(client, "person", [&](const RecordView& r) {
    return HasEveryWord(TextOf(r, "full_name"), typed);
  });
}

// The fewest last hex digits of their ids (at least kMinIdPart) that
// tell `matches` apart: what to type when nothing else does.
size_t TailLength(const std::vector<RecordView>& matches) {
  for (size_t n = kMinIdPart; n < 32; ++n) {
    std::set<std::string> tails;
    for (const RecordView& m : matches) {
      tails.insert(absl::StrReplaceAll(m.id, {{"-", ""}}).substr(32 - n));
    }
    if (tails.size() == matches.size()) return n;
  }
  return 32;
}

// One candidate as a person tells it from the others: a person by name,
// birth year and community; a meeting by date, community and its number
// to type; anything else by its label. Then the end of its id.
std::string Candidate(const RecordView& m, const std::string& kind, const CommunityNames& names,
                      size_t tail) {
  std::vector<std::string> about;
  std::string label = Label(m);
  if (m.kind == "person" && IntOf(m, "birth_year") > 0) {
    about.push_back(absl::StrCat("born ", IntOf(m, "birth_year")));
  }
  if (!m.community_id.empty()) about.push_back(NameOf(names, m.community_id));
  if (m.kind == "meeting" && IntOf(m, "number") > 0) {
    label = absl::StrCat("meeting of ", TextOf(m, "date"));
    about.push_back(absl::StrCat("type '", TextOf(m, "date"), " #", IntOf(m, "number"), "'"));
  }
  about.push_back(
      absl::StrCat("id ending ", absl::StrReplaceAll(m.id, {{"-", ""}}).substr(32 - tail)));
  const bool say_kind = m.kind != kind && !absl::StartsWith(label, m.kind);
  return absl::StrCat(say_kind ? m.kind + " " : "", label, " (", absl::StrJoin(about, ", "), ")");
}

// What to type to name one of several `kind` records.
std::string Advice(const std::string& kind, const std::vector<RecordView>& matches) {
  if (kind == "person") return "type the whole name as written, or the end of the id";
  if (kind == "meeting") {
    std::set<std::string> communities;
    for (const RecordView& m : matches) communities.insert(m.community_id);
    if (communities.size() > 1) return "type the community and number, as 'Bilozerka #2'";
    const RecordView& m = matches.back();
    return absl::StrCat("type the date and number, as '", TextOf(m, "date"), " #",
                        IntOf(m, "number"), "', or the number alone, as #", IntOf(m, "number"));
  }
  return "give more of the name or the end of the id";
}

// `kind` "record": the matches may be of several kinds, and say which.
absl::StatusOr<RecordView> One(Client& client, const std::string& kind, absl::string_view typed,
                               const std::vector<RecordView>& matches) {
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) {
    return absl::NotFoundError(absl::StrCat("no ", kind, " on this device matches '", typed, "'"));
  }
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(client);
  if (!names.ok()) return names.status();
  const size_t tail = TailLength(matches);
  std::vector<std::string> shown;
  for (const RecordView& m : matches) shown.push_back(Candidate(m, kind, *names, tail));
  std::sort(shown.begin(), shown.end());  // by name, then birth year; meetings by number
  if (matches.size() > kMaxCandidates) {
    shown.resize(kMaxCandidates);
    shown.push_back(absl::StrCat("and ", matches.size() - kMaxCandidates, " more"));
  }
  return absl::InvalidArgumentError(absl::StrCat("'", typed, "' matches ", matches.size(), " ",
                                                 Plural(kind), ": ", absl::StrJoin(shown, "; "),
                                                 "; ", Advice(kind, matches)));
}

// Meetings as people name them: by date ("2024-05-01", "1.5.2024"), by number in the
// series ("#3"), or by community and number ("Bilozerka #3", "Білозерка 3").
// nullopt when `text` is none of these.
std::optional<absl::StatusOr<std::vector<RecordView>>> MeetingsNamed(Client& client,
                                                                     const std::string& text) {
  if (const std::optional<std::string> date = ReadDate(text); date.has_value()) {
    return ListWhere(client, "meeting",
                     [&](const RecordView& r) { return TextOf(r, "date") == *date; });
  }
  // A date and a number ("2024-05-01 #2", "1.5.2024 2"): two meetings on
  // one day told apart.
  const size_t space = text.find_last_of(' ');
  if (space != std::string::npos) {
    const std::optional<std::string> date =
        ReadDate(absl::StripAsciiWhitespace(text.substr(0, space)));
    absl::string_view tail = absl::StripAsciiWhitespace(absl::string_view(text).substr(space + 1));
    absl::ConsumePrefix(&tail, "#");
    int64_t number = 0;
    if (date.has_value() && absl::SimpleAtoi(tail, &number)) {
      return ListWhere(client, "meeting", [&](const RecordView& r) {
        return TextOf(r, "date") == *date && IntOf(r, "number") == number;
      });
    }
  }
  size_t digits = text.size();
  while (digits > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[digits - 1]))) {
    --digits;
  }
  if (digits == text.size() || text.size() - digits > 6) return std::nullopt;
  int64_t number = 0;
  if (!absl::SimpleAtoi(text.substr(digits), &number)) return std::nullopt;
  std::string place(absl::StripAsciiWhitespace(text.substr(0, digits)));
  const bool hash = !place.empty() && place.back() == '#';
  if (hash) place = std::string(absl::StripAsciiWhitespace(place.substr(0, place.size() - 1)));
  if (place.empty() && !hash) return std::nullopt;  // a bare number may be an id part
  std::string community;
  if (!place.empty()) {
    absl::StatusOr<std::string> c = ResolveCommunity(client, place);
    if (!c.ok()) return std::nullopt;  // not a place: perhaps an id
    community = *c;
  }
  return ListWhere(client, "meeting", [&](const RecordView& r) {
    return IntOf(r, "number") == number && (community.empty() || r.community_id == community);
  });
}

// Attachments as `attachments list` shows them: by the start of their
// content's SHA-256 (4 hex digits or more), else by their file name.
absl::StatusOr<std::vector<RecordView>> AttachmentsNamed(Client& client, const std::string& text) {
  if (const std::string hex = IdPartOf(text); !hex.empty()) {
    auto by_sha = ListWhere(client, "attachment", [&](const RecordView& r) {
      return absl::StartsWith(TextOf(r, "sha256"), hex);
    });
    if (!by_sha.ok() || !by_sha->empty()) return by_sha;
  }
  return ListWhere(client, "attachment",
                   [&](const RecordView& r) { return TextOf(r, "file_name") == text; });
}

// Initiatives whose title holds every word typed (either script, any case).
absl::StatusOr<std::vector<RecordView>> InitiativesTitled(Client& client, absl::string_view typed) {
  return ListWhere(client, "initiative",
                   [&](const RecordView& r) { return HasEveryWord(TextOf(r, "title"), typed); });
}

// `matches` with each person merged into another (person_merge, chains
// too) replaced by the record kept, once: a name of either record of a
// merged pair names the one kept.
absl::StatusOr<std::vector<RecordView>> KeptRecords(Client& client,
                                                    const std::vector<RecordView>& matches) {
  std::map<std::string, std::string> parent;  // a union-find over merged ids
  const auto root = [&](std::string id) {
    while (parent.count(id) && parent[id] != id) id = parent[id];
    return id;
  };
  absl::Status st = client.ForEach("person_merge", [&](const RecordView& r) {
    const std::string a = root(TextOf(r, "person")), b = root(TextOf(r, "same_as"));
    if (a != b) parent[a] = b;
    return true;
  });
  if (!st.ok()) return st;
  std::vector<RecordView> kept;
  std::set<std::string> seen;
  for (const RecordView& m : matches) {
    RecordView record = m;
    if (const std::string id = root(m.id); id != m.id) {
      absl::StatusOr<std::optional<RecordView>> into = client.Get("person", id);
      if (!into.ok()) return into.status();
      if (into->has_value()) record = **into;  // else the kept one is not on this device
    }
    if (seen.insert(record.id).second) kept.push_back(std::move(record));
  }
  return kept;
}

// The live records of `kind` that `text` (not a full id) may name: the
// first of these ways that finds any.
absl::StatusOr<std::vector<RecordView>> Candidates(Client& client, const std::string& kind,
                                                   const std::string& text) {
  if (kind == "meeting") {
    if (auto named = MeetingsNamed(client, text); named.has_value()) {
      if (!named->ok() || !(*named)->empty()) return *std::move(named);
    }
  }
  if (kind == "attachment") {
    if (auto named = AttachmentsNamed(client, text); !named.ok() || !named->empty()) return named;
  }
  if (const std::string hex = IdPartOf(text); !hex.empty()) {
    auto by_id = ByIdPart(client, kind, hex);
    if (!by_id.ok() || !by_id->empty()) return by_id;
  }
  if (kind == "person") {
    absl::StatusOr<std::vector<RecordView>> named = PersonsNamed(client, text);
    if (!named.ok() || named->empty()) return named;
    return KeptRecords(client, *named);
  }
  if (kind == "initiative") return InitiativesTitled(client, text);
  return std::vector<RecordView>{};
}

}  // namespace

bool KeyHasEveryWord(absl::string_view key, const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (!absl::StrContains(key, w)) return false;
  }
  return !words.empty();
}

bool HasEveryWord(absl::string_view text, absl::string_view typed) {
  const std::vector<std::string> words = absl::StrSplit(SearchKey(typed), ' ', absl::SkipEmpty());
  return KeyHasEveryWord(SearchKey(text), words);
}

absl::StatusOr<RecordView> Resolve(Client& client, const std::string& kind,
                                   absl::string_view typed) {
  const std::string text(absl::StripAsciiWhitespace(typed));
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat("name a ", kind));
  if (absl::StatusOr<Uuid> id = Uuid::Parse(text); id.ok()) {
    absl::StatusOr<std::optional<RecordView>> record = client.Get(kind, id->ToString());
    if (!record.ok()) return record.status();
    if (record->has_value()) return **record;
    return absl::NotFoundError(
        absl::StrCat("there is no ", kind, " ", id->ToString(), " on this device"));
  }
  absl::StatusOr<std::vector<RecordView>> matches = Candidates(client, kind, text);
  if (!matches.ok()) return matches.status();
  return One(client, kind, text, *matches);
}

absl::StatusOr<RecordView> ResolveAmong(Client& client, const std::vector<std::string>& kinds,
                                        absl::string_view typed) {
  const std::string text(absl::StripAsciiWhitespace(typed));
  if (text.empty()) return absl::InvalidArgumentError("name a record");
  std::vector<RecordView> matches;
  const absl::StatusOr<Uuid> id = Uuid::Parse(text);
  for (const std::string& kind : kinds) {
    if (id.ok()) {
      absl::StatusOr<std::optional<RecordView>> record = client.Get(kind, id->ToString());
      if (!record.ok()) return record.status();
      if (record->has_value()) return **record;
      continue;
    }
    absl::StatusOr<std::vector<RecordView>> found = Candidates(client, kind, text);
    if (!found.ok()) return found.status();
    matches.insert(matches.end(), found->begin(), found->end());
  }
  if (id.ok()) {
    return absl::NotFoundError(
        absl::StrCat("there is no record ", id->ToString(), " on this device"));
  }
  return One(client, "record", text, matches);
}

absl::StatusOr<std::string> ResolveCommunity(Client& client, absl::string_view typed) {
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return status.status();
  if (absl::StripAsciiWhitespace(typed).empty()) {
    if (status->communities.size() == 1) return status->communities[0];
    return absl::InvalidArgumentError("say which community with --community (its name or id)");
  }
  // The rule both binaries choose by (shared/base/community_names.h).
  CommunityLookup lookup{
      {}, status->communities, true, "this device", "sync to get the communities, or give its id"};
  absl::Status s = client.ForEach("community", [&](const RecordView& r) {
    lookup.known.push_back({r.id, TextOf(r, "name_latin"), TextOf(r, "name_uk")});
    return true;
  });
  if (!s.ok()) return s;
  return ChooseCommunity(typed, lookup);
}

std::string Label(const RecordView& r) {
  if (r.kind == "person") return TextOf(r, "full_name");
  if (r.kind == "meeting") {
    const int64_t number = IntOf(r, "number");
    return absl::StrCat("meeting of ", TextOf(r, "date"),
                        number > 0 ? absl::StrCat(" (no. ", number, ")") : "");
  }
  if (r.kind == "initiative") return TextOf(r, "title");
  if (r.kind == "survey") return absl::StrCat(TextOf(r, "form"), " v", TextOf(r, "version"));
  if (r.kind == "community") return TextOf(r, "name_latin");
  if (r.kind == "attachment") {
    return absl::StrCat(TextOf(r, "file_name").empty() ? "attachment" : TextOf(r, "file_name"), " ",
                        TextOf(r, "sha256").substr(0, 12));
  }
  return r.kind;
}

}  // namespace hromada::cli
