#include "shared/cli/usage.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "shared/base/edit_distance.h"

namespace hromada::cli {
namespace {

// Named subcommands of `app` (CLI11 keeps option groups as unnamed ones).
std::vector<CLI::App*> Subcommands(CLI::App& app) {
  return app.get_subcommands([](CLI::App* sub) { return !sub->get_name().empty(); });
}

// The root and the subcommands parsed under it, root first.
std::vector<CLI::App*> ParsedChain(CLI::App& root) {
  std::vector<CLI::App*> chain = {&root};
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (CLI::App* sub : Subcommands(*chain.back())) {
      if (sub->parsed()) {
        chain.push_back(sub);
        deeper = true;
        break;
      }
    }
  }
  return chain;
}

// "persons add": the words that choose `app` on the command line.
std::string PathOf(const CLI::App& app) {
  std::vector<std::string> words;
  for (const CLI::App* a = &app; a->get_parent() != nullptr; a = a->get_parent()) {
    words.push_back(a->get_name());
  }
  std::reverse(words.begin(), words.end());
  return absl::StrJoin(words, " ");
}

// The program's name: the root app's ("hromada", "hromada-server").
std::string ProgramOf(const CLI::App& app) {
  const CLI::App* root = &app;
  while (root->get_parent() != nullptr) root = root->get_parent();
  return root->get_name();
}

std::string HelpOf(const CLI::App& app) {
  const std::string path = PathOf(app);
  return absl::StrCat("see `", ProgramOf(app), " ", path, path.empty() ? "" : " ", "--help`");
}

absl::Status UnknownCommand(CLI::App& app, const std::string& typed) {
  std::vector<std::string> names;
  for (CLI::App* sub : Subcommands(app)) names.push_back(sub->get_name());
  const std::string path = PathOf(app);
  const std::string prefix = path.empty() ? "" : path + " ";
  const std::string nearest = NearestName(typed, names);
  return absl::InvalidArgumentError(absl::StrCat(
      "no command '", prefix, typed, "'; ",
      nearest.empty() ? HelpOf(app) : absl::StrCat("did you mean '", prefix, nearest, "'?")));
}

absl::Status UnknownOption(CLI::App& app, const std::string& typed) {
  const std::string name = typed.substr(0, typed.find('='));
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& n : option->get_lnames()) names.push_back("--" + n);
    for (const std::string& n : option->get_snames()) names.push_back("-" + n);
  }
  const std::string path = PathOf(app);
  const std::string nearest = NearestName(name, names);
  return absl::InvalidArgumentError(
      absl::StrCat("'", path.empty() ? ProgramOf(app) : path, "' has no option '", name, "'; ",
                   nearest.empty() ? HelpOf(app) : absl::StrCat("did you mean '", nearest, "'?")));
}

// At most this many top-level commands are listed when none is named.
constexpr size_t kNamedCommands = 4;

absl::Status MissingCommand(CLI::App& app) {
  std::vector<std::string> names;
  for (CLI::App* sub : Subcommands(app)) names.push_back(sub->get_name());
  if (app.get_parent() == nullptr) {
    // A binary with few commands names them (hromada-server: serve, admin).
    if (names.size() <= kNamedCommands) {
      return absl::InvalidArgumentError(
          absl::StrCat("name a command: ", absl::StrJoin(names, " or "), "; ", HelpOf(app)));
    }
    return absl::InvalidArgumentError(absl::StrCat("name a command; ", HelpOf(app)));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", PathOf(app), "' needs a command: ", absl::StrJoin(names, ", ")));
}

}  // namespace

std::string NearestName(absl::string_view typed, const std::vector<std::string>& names) {
  const std::string lower = absl::AsciiStrToLower(typed);
  const std::string* best = nullptr;
  size_t best_distance = 0;
  for (const std::string& name : names) {
    const size_t d = static_cast<size_t>(EditDistance(lower, name));
    if (best == nullptr || d < best_distance) {
      best = &name;
      best_distance = d;
    }
  }
  if (best != nullptr && best_distance <= std::max<size_t>(1, lower.size() / 3)) return *best;
  const std::string* only = nullptr;
  for (const std::string& name : names) {
    if (lower.size() < 2 || !absl::StartsWith(name, lower)) continue;
    if (only != nullptr) return "";
    only = &name;
  }
  return only ? *only : "";
}

absl::Status UsageError(CLI::App& app, const CLI::ParseError& error) {
  const std::vector<CLI::App*> chain = ParsedChain(app);
  // What CLI11 could not place is left in `remaining` of the command it
  // was typed after.
  for (CLI::App* command : chain) {
    const std::vector<std::string> left = command->remaining();
    if (left.empty()) continue;
    if (absl::StartsWith(left[0], "-")) return UnknownOption(*command, left[0]);
    if (!Subcommands(*command).empty()) return UnknownCommand(*command, left[0]);
    break;
  }
  CLI::App& last = *chain.back();
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      last.get_require_subcommand_min() > 0 && !Subcommands(last).empty()) {
    return MissingCommand(last);
  }
  return absl::InvalidArgumentError(absl::StrCat(error.what(), "; ", HelpOf(last)));
}

}  // namespace hromada::cli
