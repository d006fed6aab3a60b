// The web screen's state over one profile: the open Client (none while
// locked), the idle lock, the language, the running sync. Endpoints
// (api_*.cc) reach the profile only through App, and every write through
// the public Client and the field helpers the CLI uses
// (client/cli/records.h, resolve.h, roster.h, parse.h).
//
// While locked, App holds the profile's lock itself (ProfileLock), so a
// CLI command on the same profile says it is in use whether or not the
// page has unlocked it.
//
// Thread-safety: Serve runs one request at a time under the App's mutex;
// the idle watcher (LockIfIdle) takes the same mutex; a sync runs on its
// own thread on the Client, which is thread-safe, and the profile is not
// locked while it runs.
#ifndef HROMADA_CLIENT_UI_APP_H_
#define HROMADA_CLIENT_UI_APP_H_

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/src/client_internal.h"
#include "client/src/store/profile_lock.h"
#include "client/ui/attendance_index.h"
#include "client/ui/catalogue.h"
#include "client/ui/http.h"
#include "client/ui/person_index.h"
#include "client/ui/router.h"

namespace hromada::ui {

struct AppOptions {
  std::string profile_path;
  // The Client's settings and seams (the CLI's, for tests: a clock, a
  // transport); the passphrase comes from the page.
  ClientOptions client_options;
  // The idle lock's clock; nullptr: the system clock.
  const Clock* clock = nullptr;
  absl::Duration idle_lock = absl::Minutes(15);
};

// What a running sync has said so far (GET /api/sync).
struct SyncView {
  bool running = false;
  bool finished = false;  // a result is kept
  SyncProgress progress;
  absl::Status status;  // of the last finished sync
  SyncReport report;
};

class App {
 public:
  // Takes the profile's lock. ABORTED if another program holds it.
  static absl::StatusOr<std::unique_ptr<App>> Create(AppOptions options);
  ~App();  // waits for a running sync

  // Answers a request the gate let through: an API route from `router`
  // (locked: 423 for a route that needs the profile), else an asset.
  Response Serve(const Router& router, const Request& request);

  // Locks the profile if no request came for the idle time (and no sync
  // runs). Called before each request and by a watcher every few seconds.
  void LockIfIdle();
  // Locks the profile before a new launch link is given out, so the one
  // who opens it types the passphrase (unless a sync runs just then).
  void LockForNewLink();

  // For the routes (they run inside Serve, under the mutex).
  Client* client() { return client_.get(); }  // nullptr while locked
  const AppOptions& options() const { return options_; }
  Lang lang() const { return lang_; }
  void set_lang(Lang lang) { lang_ = lang; }
  bool idle_locked() const { return idle_locked_; }
  // The profile has no key yet: the page asks for a new passphrase.
  bool is_new_profile() const;
  // Opens the profile with `passphrase` (releasing the App's own lock
  // first, taking it back if the Client cannot open).
  absl::Status Unlock(const std::string& passphrase);
  // Closes the Client (the key leaves memory) and holds the lock again.
  // FAILED_PRECONDITION while a sync runs.
  absl::Status Lock();
  // Crypto-erases the profile (Client::Wipe) and holds the lock again:
  // the page starts over with a new profile. FAILED_PRECONDITION while a
  // sync runs or while locked.
  absl::Status Wipe();
  // Starts a sync on its own thread; FAILED_PRECONDITION if one runs or
  // the profile is locked.
  absl::Status StartSync();
  SyncView sync_view();

  // Changes whenever records may have changed: after each POST that is
  // not reads_only, and when a sync ends. Caches key on it.
  uint64_t data_generation() const { return generation_.load(std::memory_order_acquire); }
  PersonIndex& person_index() { return person_index_; }
  // The attendance index, brought up to date with the records first.
  absl::StatusOr<const AttendanceIndex*> attendance();

 private:
  explicit App(AppOptions options) : options_(std::move(options)) {}
  int64_t NowMs() const;
  void JoinFinishedSync();

  const AppOptions options_;
  absl::Mutex mu_;  // held for a whole request
  std::unique_ptr<Client> client_;
  std::unique_ptr<client::ProfileLock> held_;  // while no Client holds the profile
  int64_t last_activity_ms_ = 0;
  Lang lang_ = Lang::kUk;
  bool idle_locked_ = false;

  absl::Mutex sync_mu_;  // guards sync_; the sync thread writes it
  SyncView sync_ ABSL_GUARDED_BY(sync_mu_);
  std::thread sync_thread_;
  std::atomic<uint64_t> generation_{0};
  PersonIndex person_index_;    // used under mu_
  AttendanceIndex attendance_;  // used under mu_
};

// JSON answers for the routes.
Response Json(const nlohmann::json& body, int status = 200);
// An error as {"error": sentence, "field": field}, with the HTTP status
// that matches the code (422 invalid, 404 not found, 409 state, 403
// denied, 503 no link, 500 otherwise).
Response ErrorJson(const absl::Status& status, const std::string& field = "");
// The request body as a JSON object; nullopt (and `error` filled) if it
// is not one.
std::optional<nlohmann::json> BodyJson(const Request& request, Lang lang, Response* error);
// A string member of `body`, "" if absent or not a string.
std::string Str(const nlohmann::json& body, const char* name);

}  // namespace hromada::ui

#endif  // HROMADA_CLIENT_UI_APP_H_
