// The server SIGKILLed in the middle of a push, at chosen points and at
// random moments: nothing acknowledged is lost, nothing is applied twice,
// and the client resumes.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

class CrashTest : public SyncFixture {
 protected:
  // Replaces the fixture's server with one on the same database and port
  // that kills itself at `crash_point` of its first push.
  std::unique_ptr<ServerProcess> CrashingServer(const std::string& crash_point) {
    const int port = server_->port();
    EXPECT_TRUE(server_->Stop().ok());
    ServerOptions options;
    options.db_path = server_->db_path();
    options.work_dir = dir_.path();
    options.port = port;
    options.env = {{"HROMADA_TEST_CRASH", crash_point}};
    absl::StatusOr<std::unique_ptr<ServerProcess>> s = ServerProcess::Start(options);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }

  void CheckEveryRecordOnce(int expected) {
    EXPECT_EQ(ServerAckedThrough("writer"), static_cast<uint64_t>(expected));
    auto reader = NewDevice(absl::StrCat("reader", ++readers_), "Bilozerka");
    ASSERT_TRUE(reader->Sync().ok());
    absl::StatusOr<std::vector<RecordView>> persons = reader->List("person");
    ASSERT_TRUE(persons.ok());
    EXPECT_EQ(persons->size(), static_cast<size_t>(expected));
  }

  void CrashAt(const std::string& point) {
    ClientOptions options = WithTestKey();
    options.retry_policy = QuickRetry(2);
    auto writer = NewDevice("writer", "Bilozerka", "field", options);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(
          writer->Put("person", "", bilozerka_, {{"full_name", absl::StrCat("P", i)}}).ok());
    }
    std::unique_ptr<ServerProcess> crashing = CrashingServer(point);
    ASSERT_NE(crashing, nullptr);
    EXPECT_FALSE(writer->Sync().ok());
    ASSERT_TRUE(crashing->WaitForExit(absl::Seconds(10)));
    EXPECT_EQ(writer->GetStatus()->pending_changes, 100u) << "nothing was acked";
    crashing.reset();
    ASSERT_TRUE(server_->Restart().ok());
    absl::StatusOr<SyncReport> report = writer->Sync();
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(writer->GetStatus()->pending_changes, 0u);
    CheckEveryRecordOnce(100);
  }

  int readers_ = 0;
};

TEST_F(CrashTest, KilledAfterCommitBeforeAnswering) { CrashAt("push-after-commit"); }

TEST_F(CrashTest, KilledBeforeCommit) { CrashAt("push-before-commit"); }

TEST_F(CrashTest, KilledAtRandomMomentsDuringALongPush) {
  ClientOptions options = WithTestKey();
  options.retry_policy = QuickRetry(2);
  options.settings.max_push_batch_bytes = 4096;  // many small batches, many chances to die mid-way
  auto writer = NewDevice("writer", "Bilozerka", "field", options);
  const int kRecords = 3000;
  std::vector<Edit> edits;
  for (int i = 0; i < kRecords; ++i) {
    edits.push_back({"person", "", bilozerka_, {{"full_name", absl::StrCat("Особа ", i)}}});
  }
  ASSERT_TRUE(writer->PutAll(edits).ok());

  std::atomic<bool> done{false};
  std::thread syncer([&] {
    for (int attempt = 0; attempt < 200 && !done; ++attempt) {
      if (writer->Sync().ok()) done = true;
    }
  });
  std::mt19937 rng(42);
  int kills = 0;
  for (int kill = 0; kill < 4 && !done; ++kill) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 250));
    if (done) break;
    server_->Kill(SIGKILL);
    ++kills;
    ASSERT_TRUE(server_->Restart().ok()) << server_->LogTail();
  }
  syncer.join();
  ASSERT_TRUE(done) << "the writer never finished its sync";
  EXPECT_GE(kills, 1) << "the server was never killed while the push ran";
  EXPECT_EQ(writer->GetStatus()->pending_changes, 0u);
  CheckEveryRecordOnce(kRecords);
}

}  // namespace
}  // namespace hromada::test
