// Settings: a new passphrase, and the wipe (crypto-erasure) with a typed
// confirmation, the one thing on the screen that cannot be undone.
#include <string>

#include "client/ui/api.h"

namespace hromada::ui {
namespace {

constexpr size_t kMinPassphrase = 8;  // as the CLI asks of a new one (client/cli/protect.cc)

Response Refuse(const char* key, Lang lang, const char* field) {
  return ErrorJson(absl::InvalidArgumentError(Say(key, lang)), field);
}

// POST /api/passphrase {passphrase, again}
Response ChangePassphrase(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  const std::string pass = Str(*body, "passphrase");
  if (pass.size() < kMinPassphrase) return Refuse("unlock.short", lang, "passphrase");
  if (Str(*body, "again") != pass) return Refuse("unlock.differ", lang, "again");
  if (absl::Status s = app.client()->ChangePassphrase(pass); !s.ok()) return ErrorJson(s);
  return Json({{"changed", true}});
}

// POST /api/wipe {confirm}: `confirm` must be the catalogue's word for it
// in the page's language, as typed.
Response Wipe(App& app, const Request& r) {
  const Lang lang = app.lang();
  Response error;
  auto body = BodyJson(r, lang, &error);
  if (!body) return error;
  const std::string word = Say("settings.wipe_word", lang);
  if (Str(*body, "confirm") != word) {
    return ErrorJson(
        absl::InvalidArgumentError(Fill("settings.wipe_wrong", lang, {{"word", word}})), "confirm");
  }
  if (absl::Status s = app.Wipe(); !s.ok()) return ErrorJson(s);
  return Json({{"wiped", true}});
}

}  // namespace

void AddSettingsRoutes(Router& router, App& app) {
  router.Add("POST", "/api/passphrase",
             {[&app](const Request& r) { return ChangePassphrase(app, r); }});
  router.Add("POST", "/api/wipe", {[&app](const Request& r) { return Wipe(app, r); }});
}

}  // namespace hromada::ui
