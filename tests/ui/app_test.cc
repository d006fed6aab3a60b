#include "client/ui/app.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "shared/base/clock.h"
#include "tests/support/temp_dir.h"

namespace hromada::ui {
namespace {

Request Call(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  return r;
}

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AppOptions options;
    options.profile_path = dir_.Path("profile.db");
    options.client_options = WithTestKey();
    options.client_options.settings.passphrase.clear();  // the page gives it
    options.clock = &clock_;
    absl::StatusOr<std::unique_ptr<App>> app = App::Create(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    router_.Add("GET", "/api/ping", {[](const Request&) { return Json({{"ok", true}}); }});
    router_.Add("GET", "/api/poll", {[](const Request&) { return Json({}); }, true, false});
  }

  test::TempDir dir_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<App> app_;
  Router router_;
};

TEST_F(AppTest, ARouteThatNeedsTheProfileWaitsForTheUnlock) {
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/ping")).status, 423);
  ASSERT_TRUE(app_->Unlock(kTestPassphrase).ok());
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/ping")).status, 200);
  EXPECT_EQ(app_->Serve(router_, Call("POST", "/api/ping")).status, 405);
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/none")).status, 404);
}

TEST_F(AppTest, LocksAfterFifteenIdleMinutes) {
  ASSERT_TRUE(app_->Unlock(kTestPassphrase).ok());
  clock_.Advance(14 * 60 * 1000);
  app_->LockIfIdle();
  ASSERT_NE(app_->client(), nullptr);
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/ping")).status, 200);  // active again
  clock_.Advance(10 * 60 * 1000);
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/poll")).status, 200);  // a poll is not activity
  clock_.Advance(6 * 60 * 1000);
  app_->LockIfIdle();
  EXPECT_EQ(app_->client(), nullptr);
  EXPECT_TRUE(app_->idle_locked());
  EXPECT_EQ(app_->Serve(router_, Call("GET", "/api/ping")).status, 423);
}

TEST_F(AppTest, HoldsTheProfileLockedOrNot) {
  const std::string profile = dir_.Path("profile.db");
  EXPECT_EQ(client::ProfileLock::Acquire(profile).status().code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(app_->Unlock(kTestPassphrase).ok());
  EXPECT_EQ(client::ProfileLock::Acquire(profile).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(OpenClient(profile, WithTestKey()).status().code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(app_->Lock().ok());
  EXPECT_EQ(client::ProfileLock::Acquire(profile).status().code(), absl::StatusCode::kAborted);
  app_.reset();
  EXPECT_FALSE(std::filesystem::exists(client::LockFilePath(profile)));
  EXPECT_TRUE(OpenClient(profile, WithTestKey()).ok());
}

TEST_F(AppTest, AWrongPassphraseKeepsItLocked) {
  ASSERT_TRUE(app_->Unlock(kTestPassphrase).ok());  // makes the key
  ASSERT_TRUE(app_->Lock().ok());
  EXPECT_EQ(app_->Unlock("not it").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(app_->client(), nullptr);
  EXPECT_EQ(client::ProfileLock::Acquire(dir_.Path("profile.db")).status().code(),
            absl::StatusCode::kAborted)
      << "the App took the lock back";
  EXPECT_TRUE(app_->Unlock(kTestPassphrase).ok());
}

}  // namespace
}  // namespace hromada::ui
