// The session's endpoints: what the page needs before any screen.
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "client/ui/api.h"

namespace hromada::ui {
namespace {

constexpr size_t kMinPassphrase = 8;  // as the CLI asks of a new one (client/cli/protect.cc)

// Tries left, as the key store's refusal says it ("…WARNING: 2 tries
// left…"), or -1 when it does not say.
int TriesLeft(absl::string_view message) {
  const size_t at = message.find("WARNING: ");
  if (at == absl::string_view::npos) return -1;
  return std::atoi(std::string(message.substr(at + 9, 4)).c_str());
}

// The refusal of an unlock in the page's words.
Response UnlockRefused(const absl::Status& s, Lang lang) {
  std::string text;
  if (s.code() == absl::StatusCode::kPermissionDenied) {
    const int left = TriesLeft(s.message());
    text = left < 0 ? Say("unlock.wrong_plain", lang)
                    : Fill("unlock.wrong", lang, {{"n", std::to_string(left)}});
  } else if (s.code() == absl::StatusCode::kAborted) {
    text = Say("unlock.in_use", lang);
  } else if (absl::StrContains(s.message(), "destroyed") ||
             absl::StrContains(s.message(), "is gone")) {
    text = Say("unlock.gone", lang);
  } else {
    text = std::string(s.message());
  }
  return ErrorJson(absl::Status(s.code(), text), "passphrase");
}

}  // namespace

void AddSessionRoutes(Router& router, App& app, const Gate& gate) {
  // GET /api/session -> {csrf, lang, unlocked, new_profile, idle_locked}
  router.Add("GET", "/api/session",
             {[&app, &gate](const Request&) {
                return Json({{"csrf", gate.csrf()},
                             {"lang", LangName(app.lang())},
                             {"unlocked", app.client() != nullptr},
                             {"new_profile", app.is_new_profile()},
                             {"idle_locked", app.idle_locked()}});
              },
              /*needs_profile=*/false, /*is_activity=*/false});
  // GET /api/catalogue?lang=uk|en -> catalogue.h CatalogueJson
  router.Add("GET", "/api/catalogue",
             {[&app](const Request& r) {
                return Json(CatalogueJson(ParseLang(r.Query("lang")).value_or(app.lang())));
              },
              false, false});
  // POST /api/lang {lang}
  router.Add("POST", "/api/lang",
             {[&app](const Request& r) {
                Response error;
                auto body = BodyJson(r, app.lang(), &error);
                if (!body) return error;
                if (auto lang = ParseLang(Str(*body, "lang"))) app.set_lang(*lang);
                return Json({{"lang", LangName(app.lang())}});
              },
              false});
  // POST /api/unlock {passphrase, again?}: `again` for a new profile.
  router.Add("POST", "/api/unlock",
             {[&app](const Request& r) {
                Response error;
                auto body = BodyJson(r, app.lang(), &error);
                if (!body) return error;
                const std::string pass = Str(*body, "passphrase");
                const Lang lang = app.lang();
                auto refuse = [&](const char* key, const char* field) {
                  return ErrorJson(absl::InvalidArgumentError(Say(key, lang)), field);
                };
                if (pass.empty()) return refuse("unlock.empty", "passphrase");
                if (app.is_new_profile()) {
                  if (pass.size() < kMinPassphrase) {
                    return refuse("unlock.short", "passphrase");
                  }
                  if (Str(*body, "again") != pass) {
                    return refuse("unlock.differ", "again");
                  }
                }
                absl::Status s = app.Unlock(pass);
                if (!s.ok()) return UnlockRefused(s, lang);
                return Json({{"unlocked", true}});
              },
              false});
  // POST /api/lock
  router.Add("POST", "/api/lock",
             {[&app](const Request&) {
                absl::Status s = app.Lock();
                return s.ok() ? Json({{"unlocked", false}}) : ErrorJson(s);
              },
              false});
}

}  // namespace hromada::ui
