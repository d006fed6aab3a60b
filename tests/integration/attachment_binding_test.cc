// Attachments bound to their record (issue 22), through the real server
// process: the attacks a tampered device made with an attachment record
// of its own, sent by hand. A Stanislav device names a Bilozerka photo's
// SHA-256 (with size 1, then with the right size) and fetches nothing; a
// device of another community, or of the same one, cannot drop or change
// a partial upload that is not its own; AttachmentStatus tells a device
// only what its own community holds; a device leaves at most a few
// unfinished uploads. (Half-done uploads expiring: the store conformance
// test StalePartialContentsAreDropped, on both backends.)
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/sha256.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/integration/by_hand.h"
#include "tests/integration/fixture.h"
#include "tests/unit/record_builders.h"

namespace hromada::test {
namespace {

using Code = absl::StatusCode;

constexpr size_t kPhotoBytes = 150000;
constexpr size_t kChunk = 50000;

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(gen());
  return bytes;
}

class AttachmentBindingTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--max-attachment-bytes", "200000"};
  }
  void SetUp() override {
    SyncFixture::SetUp();
    transport_ = *CurlTransport::Create(server_->url());
    victim_ = Enrol("victim", "Bilozerka");
    colleague_ = Enrol("colleague", "Bilozerka");
    thief_ = Enrol("thief", "Stanislav");
  }

  struct Device {
    std::string token;
    std::string community;  // its one community's id (bytes)
    uint64_t seq = 0;
  };

  Device Enrol(const std::string& name, const std::string& community) {
    absl::StatusOr<std::string> token = EnrolByHand(*transport_, NewCode(name, community));
    EXPECT_TRUE(token.ok()) << token.status();
    const std::string& id = community == "Bilozerka" ? bilozerka_ : stanislav_;
    return Device{token.value_or(""), Uuid::Parse(id)->bytes()};
  }

  // A person of the device's community and an attachment record on it
  // saying the content is `sha256` of `size` bytes: the record's id.
  std::string Attach(Device& device, const std::string& sha256, int64_t size) {
    const std::string person = Uuid::V4().bytes(), attachment = Uuid::V4().bytes();
    std::vector<v1::Record> changes = {
        New("person", device.community, person, {{"full_name", Text("Олена")}}),
        New("attachment", device.community, attachment,
            {{"record_kind", Text("person")},
             {"record", RefTo(person)},
             {"sha256", Text(sha256)},
             {"size", Int(size)},
             {"file_name", Text("sign-in-sheet.jpg")}})};
    absl::StatusOr<v1::PushResponse> pushed =
        PushByHand(*transport_, device.token, changes, device.seq + 1);
    device.seq += changes.size();
    EXPECT_TRUE(pushed.ok()) << pushed.status();
    EXPECT_EQ(pushed.value_or(v1::PushResponse()).rejections_size(), 0) << pushed->DebugString();
    return attachment;
  }

  v1::Record New(const std::string& kind, const std::string& community, const std::string& id,
                 FieldList fields) {
    return RecordOf(kind, id, community, HlcPack(SystemClock::Get().NowMillis(), ++logical_),
                    std::move(fields));
  }

  template <typename Response>
  absl::StatusOr<Response> Call(const Device& device, const std::string& method,
                                const google::protobuf::Message& request) {
    CallOptions options;
    options.token = device.token;
    absl::StatusOr<std::string> out =
        transport_->Call(method, request.SerializeAsString(), options, nullptr);
    if (!out.ok()) return out.status();
    Response response;
    if (!response.ParseFromString(*out)) return absl::DataLossError("bad answer");
    return response;
  }
  absl::StatusOr<v1::AttachmentStatusResponse> Status(const Device& device, const std::string& id) {
    v1::AttachmentStatusRequest r;
    r.set_attachment_id(id);
    return Call<v1::AttachmentStatusResponse>(device, "AttachmentStatus", r);
  }
  absl::StatusOr<v1::AttachmentStatusResponse> Upload(const Device& device, const std::string& id,
                                                      uint64_t offset, const std::string& data) {
    v1::UploadAttachmentRequest r;
    r.set_attachment_id(id);
    r.set_offset(offset);
    r.set_data(data);
    return Call<v1::AttachmentStatusResponse>(device, "UploadAttachment", r);
  }
  // Everything FetchAttachment gives, or its first error.
  absl::StatusOr<std::string> FetchAll(const Device& device, const std::string& id) {
    std::string got;
    for (int i = 0; i < 100; ++i) {
      v1::FetchAttachmentRequest r;
      r.set_attachment_id(id);
      r.set_offset(got.size());
      absl::StatusOr<v1::FetchAttachmentResponse> part =
          Call<v1::FetchAttachmentResponse>(device, "FetchAttachment", r);
      if (!part.ok()) return part.status();
      if (part->data().empty()) break;
      got += part->data();
    }
    return got;
  }
  // Sends `bytes[from, to)` in chunks; the last answer.
  absl::StatusOr<v1::AttachmentStatusResponse> Send(const Device& device, const std::string& id,
                                                    const std::string& bytes, size_t from,
                                                    size_t to) {
    absl::StatusOr<v1::AttachmentStatusResponse> last = absl::UnknownError("nothing sent");
    for (size_t at = from; at < to; at += kChunk) {
      last = Upload(device, id, at, bytes.substr(at, std::min(kChunk, to - at)));
      if (!last.ok()) return last;
    }
    return last;
  }

  std::unique_ptr<CurlTransport> transport_;
  Device victim_, colleague_, thief_;
  uint32_t logical_ = 0;
};

TEST_F(AttachmentBindingTest, AnotherCommunitysHashOpensNothing) {
  const std::string photo = RandomBytes(kPhotoBytes, 1);
  const std::string hash = Sha256Hex(photo);
  const std::string original = Attach(victim_, hash, kPhotoBytes);
  ASSERT_TRUE(Send(victim_, original, photo, 0, kPhotoBytes)->complete());

  // Stanislav names the hash with size 1, then with the right size.
  for (int64_t size : {int64_t{1}, static_cast<int64_t>(kPhotoBytes)}) {
    SCOPED_TRACE(absl::StrCat("size ", size));
    const std::string forged = Attach(thief_, hash, size);
    absl::StatusOr<v1::AttachmentStatusResponse> seen = Status(thief_, forged);
    ASSERT_TRUE(seen.ok()) << seen.status();
    EXPECT_EQ(seen->held(), 0u) << "AttachmentStatus tells what Bilozerka holds";
    EXPECT_FALSE(seen->complete());
    absl::StatusOr<std::string> got = FetchAll(thief_, forged);
    EXPECT_EQ(got.status().code(), Code::kFailedPrecondition)
        << "Stanislav fetched " << got.value_or("").size() << " bytes of Bilozerka's photo";
  }
  // Within Bilozerka, a record naming the same hash and size shares the
  // bytes (sent once); one naming another size does not.
  const std::string same = Attach(colleague_, hash, kPhotoBytes);
  EXPECT_TRUE(Status(colleague_, same)->complete());
  EXPECT_EQ(FetchAll(colleague_, same).value_or(""), photo);
  const std::string shorter = Attach(colleague_, hash, 1);
  EXPECT_FALSE(Status(colleague_, shorter)->complete());
  EXPECT_EQ(FetchAll(colleague_, shorter).status().code(), Code::kFailedPrecondition);
  // The victim still has its photo.
  EXPECT_EQ(FetchAll(victim_, original).value_or(""), photo);
}

TEST_F(AttachmentBindingTest, NoDeviceChangesOrDropsAnothersUpload) {
  const std::string photo = RandomBytes(kPhotoBytes, 2);
  const std::string hash = Sha256Hex(photo);
  const std::string original = Attach(victim_, hash, kPhotoBytes);
  ASSERT_EQ(Send(victim_, original, photo, 0, kChunk)->held(), kChunk);

  // Stanislav: a record whose size is what the victim holds, and an empty
  // chunk there (on the old server this dropped the victim's bytes).
  const std::string forged = Attach(thief_, hash, kChunk);
  (void)Upload(thief_, forged, kChunk, "");
  (void)Upload(thief_, forged, 0, std::string(kChunk, 'x'));
  // Bilozerka's other device: the same record's content, with garbage
  // after the victim's bytes, and in full garbage under its own record.
  (void)Upload(colleague_, original, kChunk, std::string(kChunk, 'x'));
  const std::string twin = Attach(colleague_, hash, kPhotoBytes);
  EXPECT_EQ(Send(colleague_, twin, std::string(kPhotoBytes, 'x'), 0, kPhotoBytes).status().code(),
            Code::kDataLoss);

  absl::StatusOr<v1::AttachmentStatusResponse> held = Status(victim_, original);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->held(), kChunk) << "another device's upload touched the victim's";
  absl::StatusOr<v1::AttachmentStatusResponse> done =
      Send(victim_, original, photo, kChunk, kPhotoBytes);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(done->complete());
  EXPECT_EQ(FetchAll(colleague_, twin).value_or(""), photo);
}

TEST_F(AttachmentBindingTest, ADeviceLeavesFewUnfinishedUploads) {
  // 20 records each claiming a large file, a chunk sent of each: the
  // fifth is refused, and finishing one makes room again.
  std::vector<std::string> ids, files;
  for (int i = 0; i < 20; ++i) {
    files.push_back(RandomBytes(190000, 10 + i));
    ids.push_back(Attach(thief_, Sha256Hex(files.back()), 190000));
  }
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<v1::AttachmentStatusResponse> r =
        Upload(thief_, ids[i], 0, files[i].substr(0, kChunk));
    ASSERT_TRUE(r.ok()) << i << ": " << r.status();
  }
  for (int i = 4; i < 20; ++i) {
    absl::StatusOr<v1::AttachmentStatusResponse> r =
        Upload(thief_, ids[i], 0, files[i].substr(0, kChunk));
    EXPECT_EQ(r.status().code(), Code::kResourceExhausted) << i;
  }
  // The four started ones go on to the end.
  ASSERT_TRUE(Send(thief_, ids[0], files[0], kChunk, 190000)->complete());
  EXPECT_TRUE(Upload(thief_, ids[4], 0, files[4].substr(0, kChunk)).ok());
  // Another device is not held back by this one's uploads.
  const std::string photo = RandomBytes(1000, 99);
  const std::string mine = Attach(victim_, Sha256Hex(photo), 1000);
  EXPECT_TRUE(Upload(victim_, mine, 0, photo)->complete());
}

}  // namespace
}  // namespace hromada::test
