#include "client/ui/app.h"

#include <sys/stat.h>

#include <utility>

#include "absl/strings/match.h"
#include "client/src/crypto/key_store.h"
#include "client/ui/assets.h"
#include "client/ui/gate.h"

namespace hromada::ui {
namespace {

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 422;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return 403;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return 503;
    default:
      return 500;
  }
}

Response AssetResponse(const Request& request, Lang lang) {
  const Asset* asset = request.method == "GET" ? FindAsset(request.path) : nullptr;
  Response r;
  if (asset == nullptr) {
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = Say("gate.not_found", lang);
  } else {
    r.content_type = asset->content_type;
    r.body.assign(reinterpret_cast<const char*>(asset->bytes), asset->size);
  }
  Gate::Harden(r, /*no_store=*/absl::EndsWith(r.content_type, "html; charset=utf-8"));
  return r;
}

}  // namespace

// A JSON request is small: text typed into a form.
constexpr size_t kMaxJsonBody = size_t{1} << 20;

Response Json(const nlohmann::json& body, int status) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ErrorJson(const absl::Status& status, const std::string& field) {
  nlohmann::json body = {{"error", std::string(status.message())}};
  if (!field.empty()) body["field"] = field;
  return Json(body, HttpStatusOf(status.code()));
}

std::optional<nlohmann::json> BodyJson(const Request& request, Lang lang, Response* error) {
  if (request.body.size() > kMaxJsonBody) {
    *error = ErrorJson(absl::InvalidArgumentError(Say("gate.bad_json", lang)));
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    *error = ErrorJson(absl::InvalidArgumentError(Say("gate.bad_json", lang)));
    return std::nullopt;
  }
  return body;
}

std::string Str(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

absl::StatusOr<std::unique_ptr<App>> App::Create(AppOptions options) {
  absl::StatusOr<std::unique_ptr<client::ProfileLock>> lock =
      client::ProfileLock::Acquire(options.profile_path);
  if (!lock.ok()) return lock.status();
  std::unique_ptr<App> app(new App(std::move(options)));
  app->held_ = *std::move(lock);
  app->last_activity_ms_ = app->NowMs();
  return app;
}

App::~App() {
  if (sync_thread_.joinable()) sync_thread_.join();
}

int64_t App::NowMs() const {
  return (options_.clock != nullptr ? *options_.clock : SystemClock::Get()).NowMillis();
}

bool App::is_new_profile() const {
  struct stat st;
  return ::stat(client::KeyFilePath(options_.profile_path).c_str(), &st) != 0;
}

absl::Status App::Unlock(const std::string& passphrase) {
  if (client_ != nullptr) return absl::OkStatus();
  ClientOptions options = options_.client_options;
  options.settings.passphrase = passphrase;
  held_.reset();  // the Client takes the profile's lock itself
  absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(options_.profile_path, options);
  if (!client.ok()) {
    absl::StatusOr<std::unique_ptr<client::ProfileLock>> again =
        client::ProfileLock::Acquire(options_.profile_path);
    if (again.ok()) held_ = *std::move(again);
    return client.status();
  }
  client_ = *std::move(client);
  idle_locked_ = false;
  return absl::OkStatus();
}

absl::StatusOr<const AttendanceIndex*> App::attendance() {
  if (client_ == nullptr) return absl::FailedPreconditionError(Say("error.locked", lang_));
  if (absl::Status s = attendance_.Refresh(*client_, data_generation()); !s.ok()) return s;
  return &attendance_;
}

absl::Status App::Lock() {
  {
    absl::MutexLock lock(&sync_mu_);
    if (sync_.running) {
      return absl::FailedPreconditionError("a sync is running; lock when it has finished");
    }
  }
  if (client_ == nullptr) return absl::OkStatus();
  JoinFinishedSync();
  client_.reset();
  person_index_ = PersonIndex();  // no names stay in memory while locked
  attendance_ = AttendanceIndex();
  absl::StatusOr<std::unique_ptr<client::ProfileLock>> lock =
      client::ProfileLock::Acquire(options_.profile_path);
  if (lock.ok()) held_ = *std::move(lock);
  return absl::OkStatus();
}

absl::Status App::Wipe() {
  if (client_ == nullptr) return absl::FailedPreconditionError(Say("error.locked", lang_));
  {
    absl::MutexLock lock(&sync_mu_);
    if (sync_.running) {
      return absl::FailedPreconditionError("a sync is running; wipe when it has finished");
    }
  }
  JoinFinishedSync();
  if (absl::Status s = client_->Wipe(); !s.ok()) return s;
  return Lock();
}

void App::LockIfIdle() {
  absl::MutexLock lock(&mu_);
  if (client_ == nullptr) return;
  if (NowMs() - last_activity_ms_ < absl::ToInt64Milliseconds(options_.idle_lock)) return;
  if (Lock().ok()) idle_locked_ = true;
}

void App::LockForNewLink() {
  absl::MutexLock lock(&mu_);
  if (client_ != nullptr) Lock().IgnoreError();  // a running sync keeps it open
}

Response App::Serve(const Router& router, const Request& request) {
  LockIfIdle();
  absl::MutexLock lock(&mu_);
  if (!absl::StartsWith(request.path, "/api/")) return AssetResponse(request, lang_);
  const Route* route = router.Find(request);
  Response r;
  if (route == nullptr) {
    r = Json({{"error", Say("gate.not_found", lang_)}}, router.Knows(request.path) ? 405 : 404);
  } else if (request.body_too_large) {
    r = Json({{"error", Say("attach.too_big", lang_)}}, 413);
  } else if (route->needs_profile && client_ == nullptr) {
    r = Json({{"error", Say("error.locked", lang_)}, {"locked", true}}, 423);
  } else {
    if (route->is_activity) last_activity_ms_ = NowMs();
    r = route->handler(request);
    if (request.method != "GET" && !route->reads_only) {
      generation_.fetch_add(1, std::memory_order_acq_rel);
    }
  }
  Gate::Harden(r, /*no_store=*/true);
  return r;
}

void App::JoinFinishedSync() {
  if (sync_thread_.joinable()) sync_thread_.join();
}

absl::Status App::StartSync() {
  if (client_ == nullptr) return absl::FailedPreconditionError(Say("error.locked", lang_));
  {
    absl::MutexLock lock(&sync_mu_);
    if (sync_.running) return absl::OkStatus();  // the page shows the one running
  }
  JoinFinishedSync();
  {
    absl::MutexLock lock(&sync_mu_);
    sync_ = SyncView();
    sync_.running = true;
  }
  Client* client = client_.get();
  sync_thread_ = std::thread([this, client] {
    absl::StatusOr<SyncReport> report = client->Sync([this](const SyncProgress& p) {
      absl::MutexLock lock(&sync_mu_);
      sync_.progress = p;
    });
    absl::MutexLock lock(&sync_mu_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    sync_.running = false;
    sync_.finished = true;
    sync_.status = report.status();
    if (report.ok()) sync_.report = *report;
  });
  return absl::OkStatus();
}

SyncView App::sync_view() {
  absl::MutexLock lock(&sync_mu_);
  return sync_;
}

}  // namespace hromada::ui
