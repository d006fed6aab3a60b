// Attachments in the client library (client/src/attachments.h,
// sync_attachments.cc) against the server's own logic: sent after the
// records, never failing them, resumed at the chunk, fetched on demand,
// sealed on the device.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "shared/sha256.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

class AttachmentsTest : public ClientTest {
 protected:
  // A file of `size` bytes, each line naming `marker`, so its clear text
  // can be looked for in the profile's files.
  std::string WriteFile(const std::string& name, size_t size, const std::string& marker) {
    std::string bytes;
    for (int i = 0; bytes.size() < size; ++i) bytes += marker + " line " + std::to_string(i) + "\n";
    bytes.resize(size);
    std::ofstream(dir_.Path(name), std::ios::binary) << bytes;
    content_ = bytes;
    return dir_.Path(name);
  }
  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  std::string content_;
};

TEST_F(AttachmentsTest, SentAfterTheRecordsAndFetchedByAnotherDevice) {
  std::unique_ptr<Client> a = Enrolled("a.db");
  const std::string person = *a->Put("person", "", kCommunity, Person("Олена"));
  absl::StatusOr<AttachmentInfo> added =
      a->AddAttachment(person, WriteFile("sheet.jpg", 100000, "sign-in"));
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->sha256, Sha256Hex(content_));
  EXPECT_EQ(added->record_kind, "person");
  EXPECT_EQ(added->media_type, "image/jpeg");
  EXPECT_TRUE(added->on_device);
  EXPECT_FALSE(added->sent);
  absl::StatusOr<SyncReport> report = a->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->attachments_sent, 1u);
  EXPECT_EQ(report->attachment_bytes, 100000u);
  EXPECT_EQ(report->attachment_error, "");
  EXPECT_TRUE((*a->ListAttachments(person))[0].sent);

  std::unique_ptr<Client> b = Enrolled("b.db");
  ASSERT_TRUE(b->Sync().ok());
  absl::StatusOr<std::vector<AttachmentInfo>> listed = b->ListAttachments(person);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].on_device);
  ASSERT_TRUE(b->GetAttachment(added->sha256, dir_.Path("out.jpg")).ok());
  EXPECT_EQ(ReadAll(dir_.Path("out.jpg")), content_);
  EXPECT_TRUE((*b->ListAttachments(person))[0].on_device);
}

TEST_F(AttachmentsTest, AFailingUploadNeverFailsTheSyncAndResumesAtTheChunk) {
  std::unique_ptr<Client> a = Enrolled("a.db");
  const std::string person = *a->Put("person", "", kCommunity, Person("Олена"));
  ASSERT_TRUE(a->AddAttachment(person, WriteFile("scan.pdf", 200000, "consent")).ok());
  // Every upload reaches the server, but its answer is lost.
  faulty_.FailMethod("UploadAttachment", {FaultTiming::kAfterForward}, 6);
  absl::StatusOr<SyncReport> report = a->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_NE(report->attachment_error, "");
  EXPECT_EQ(report->attachments_sent, 0u);
  EXPECT_EQ(server_.records().count({"person", Uuid::Parse(person)->bytes()}), 1u)
      << "the records are synced";
  const size_t before = server_.upload_offsets.size();
  ASSERT_GT(before, 0u);
  faulty_.ClearFaults();
  report = a->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->attachment_error, "");
  EXPECT_EQ(report->attachments_sent, 1u);
  // The next round starts where the server's copy stops, not at 0.
  EXPECT_GT(server_.upload_offsets[before], 0u);
  EXPECT_LT(report->attachment_bytes, 200000u);

  std::unique_ptr<Client> b = Enrolled("b.db");
  ASSERT_TRUE(b->Sync().ok());
  ASSERT_TRUE(b->GetAttachment(Sha256Hex(content_), dir_.Path("out.pdf")).ok());
  EXPECT_EQ(ReadAll(dir_.Path("out.pdf")), content_);
}

TEST_F(AttachmentsTest, TheFileIsSealedOnTheDevice) {
  std::unique_ptr<Client> a = Enrolled("a.db");
  const std::string person = *a->Put("person", "", kCommunity, Person("Олена"));
  ASSERT_TRUE(a->AddAttachment(person, WriteFile("sheet.txt", 50000, "ZQXJ-MARKER")).ok());
  a.reset();
  for (const char* suffix : {"", "-wal"}) {
    EXPECT_EQ(ReadAll(dir_.Path(std::string("a.db") + suffix)).find("ZQXJ-MARKER"),
              std::string::npos)
        << suffix;
  }
}

TEST_F(AttachmentsTest, AFileOverTheLimitOrWithoutARecordIsRefused) {
  std::unique_ptr<Client> a = Enrolled("a.db");
  const std::string person = *a->Put("person", "", kCommunity, Person("Олена"));
  EXPECT_EQ(
      a->AddAttachment(person, WriteFile("big.jpg", 10 * 1000 * 1000 + 1, "x")).status().code(),
      absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(
      a->AddAttachment(Uuid::V4().ToString(), WriteFile("small.jpg", 10, "x")).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(a->AddAttachment(person, dir_.Path("missing.jpg")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(a->ListAttachments(person)->empty());
}

}  // namespace
}  // namespace hromada::test
