// The attachment calls (server/sync/attachments.h) over a real SQLite store:
// the record's read scope decides who may send and fetch the bytes, the
// server's limits hold, and the bytes come back as they went.
#include "server/sync/attachments.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "server/store/sqlite_store.h"
#include "shared/base/sha256.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

const std::string kA(16, 'a');  // communities
const std::string kB(16, 'b');
const std::string kId(16, 'x');  // the attachment record
constexpr AttachmentLimits kLimits{1000, 300};

v1::Field* AddField(v1::Record* r, const std::string& name) {
  v1::Field* f = r->add_fields();
  f->set_name(name);
  return f;
}

class AttachmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDbPath("attachments");
    store_ = *SqliteStore::Open(path_);
    in_a_.id = std::string(16, '1');
    in_a_.role = v1::ROLE_FIELD;
    in_a_.communities = {kA};
    in_b_ = in_a_;
    in_b_.id = std::string(16, '2');
    in_b_.communities = {kB};
  }
  void TearDown() override { std::filesystem::remove_all(path_ + ".attachments"); }

  // An attachment record in community A naming `content`.
  void Attach(const std::string& content, int64_t size = -1) {
    v1::Record r;
    r.set_kind("attachment");
    r.set_id(kId);
    r.set_community_id(kA);
    r.set_hlc(1);
    AddField(&r, "sha256")->mutable_value()->set_text(Sha256Hex(content));
    AddField(&r, "size")->mutable_value()->set_integer(size < 0 ? content.size() : size);
    std::unique_ptr<WriteTxn> txn = *store_->BeginWrite();
    ASSERT_TRUE(txn->PutRecord(r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  absl::StatusOr<v1::AttachmentStatusResponse> Upload(const Device& d, uint64_t offset,
                                                      const std::string& data) {
    v1::UploadAttachmentRequest r;
    r.set_attachment_id(kId);
    r.set_offset(offset);
    r.set_data(data);
    return UploadAttachment(*store_, d, r, kLimits);
  }
  absl::StatusOr<v1::FetchAttachmentResponse> Fetch(const Device& d, uint64_t offset) {
    v1::FetchAttachmentRequest r;
    r.set_attachment_id(kId);
    r.set_offset(offset);
    return FetchAttachment(*store_, d, r, kLimits);
  }

  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  Device in_a_, in_b_;
};

TEST_F(AttachmentsTest, BytesGoUpAndComeBackInChunks) {
  const std::string content(700, 'q');
  Attach(content);
  v1::AttachmentStatusRequest ask;
  ask.set_attachment_id(kId);
  absl::StatusOr<v1::AttachmentStatusResponse> status =
      AttachmentStatus(*store_, in_a_, ask, kLimits);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->held(), 0u);
  EXPECT_EQ(status->size(), 700u);
  EXPECT_EQ(status->max_chunk_bytes(), 300u);
  EXPECT_EQ(Fetch(in_a_, 0).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Upload(in_a_, 0, content.substr(0, 300))->held(), 300u);
  EXPECT_EQ(Upload(in_a_, 300, content.substr(300, 300))->held(), 600u);
  EXPECT_TRUE(Upload(in_a_, 600, content.substr(600))->complete());
  std::string back;
  while (back.size() < content.size()) back += Fetch(in_a_, back.size())->data();
  EXPECT_EQ(back, content);
}

TEST_F(AttachmentsTest, ADeviceOfAnotherCommunityNeitherSendsNorFetches) {
  const std::string content(100, 'q');
  Attach(content);
  EXPECT_EQ(Upload(in_b_, 0, content).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(Upload(in_a_, 0, content).ok());
  EXPECT_EQ(Fetch(in_b_, 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Fetch(in_a_, 0)->data(), content);
}

TEST_F(AttachmentsTest, TheServersLimitsHold) {
  Attach("small", 5000);  // a record claiming more than the server takes
  absl::StatusOr<v1::AttachmentStatusResponse> r = Upload(in_a_, 0, "small");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("at most"), std::string::npos) << r.status();
  Attach(std::string(700, 'q'));
  EXPECT_EQ(Upload(in_a_, 0, std::string(301, 'q')).status().code(),
            absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace hromada::server
