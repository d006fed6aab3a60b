// Whole-call faults against the real server process, over the field
// client's own transport: each gets its precise status and changes nothing.
// And a batch with some bad changes: those are refused one by one.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

class BadRequestTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--max-push-bytes", "65536"}; }

  void SetUp() override {
    SyncFixture::SetUp();
    transport_ = *CurlTransport::Create(server_->url());
    v1::EnrolRequest enrol;
    enrol.set_code(NewCode("raw", "Bilozerka"));
    enrol.set_protocol_version(1);
    v1::EnrolResponse response;
    ASSERT_TRUE(Call("Enrol", enrol, &response, "").ok());
    token_ = response.token();
  }

  template <typename Req, typename Resp>
  absl::Status Call(const std::string& method, const Req& req, Resp* resp,
                    const std::string& token) {
    CallOptions options;
    options.token = token;
    absl::StatusOr<std::string> out =
        transport_->Call(method, req.SerializeAsString(), options, nullptr);
    if (!out.ok()) return out.status();
    return resp->ParseFromString(*out) ? absl::OkStatus() : absl::InternalError("bad response");
  }

  v1::Record Person(const std::string& community, const std::string& name, int64_t ahead = 0) {
    v1::Record r;
    r.set_kind("person");
    r.set_id(Uuid::V4().bytes());
    r.set_community_id(Uuid::Parse(community)->bytes());
    r.set_hlc(HlcPack(SystemClock::Get().NowMillis() + ahead, 0));
    v1::Field* f = r.add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text(name);
    return r;
  }

  // acked_through and pending records, to show nothing changed.
  std::pair<uint64_t, uint64_t> State() {
    v1::HandshakeRequest req;
    req.set_protocol_version(1);
    v1::HandshakeResponse resp;
    EXPECT_TRUE(Call("Handshake", req, &resp, token_).ok());
    return {resp.acked_through(), resp.pending_records()};
  }

  std::unique_ptr<CurlTransport> transport_;
  std::string token_;
};

TEST_F(BadRequestTest, WholeCallFaultsGetTheirStatusAndChangeNothing) {
  const auto before = State();
  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() = Person(bilozerka_, "Олена");
  v1::PushResponse resp;

  absl::Status s = Call("Push", push, &resp, "");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated) << s;
  s = Call("Push", push, &resp, "wrong-token");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated) << s;

  CallOptions options;
  options.token = token_;
  s = transport_->Call("Push", std::string("\x0a\xff\xff\xff\xff\x0f", 6), options, nullptr)
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find("not a valid"), std::string::npos) << s;

  v1::PushRequest gap = push;
  gap.set_first_seq(5);
  s = Call("Push", gap, &resp, token_);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("missing"), std::string::npos) << s;

  v1::PushRequest big;
  big.set_first_seq(1);
  while (big.ByteSizeLong() < 70000) *big.add_changes() = Person(bilozerka_, std::string(150, 'x'));
  s = Call("Push", big, &resp, token_);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;

  EXPECT_EQ(State(), before);
}

TEST_F(BadRequestTest, BadChangesAreRefusedOneByOneAndTheRestApplies) {
  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() = Person(bilozerka_, "Добра 1");
  *push.add_changes() = Person(bilozerka_, std::string("\xc3\x28 погано", 12));  // bad UTF-8
  v1::Record spaceship = Person(bilozerka_, "X");
  spaceship.set_kind("spaceship");
  *push.add_changes() = spaceship;
  *push.add_changes() = Person(bilozerka_, "Майбутня", 24LL * 3600 * 1000);  // a day ahead
  *push.add_changes() = Person(stanislav_, "Чужа");  // outside the device's communities
  *push.add_changes() = Person(bilozerka_, "Добра 2");
  v1::PushResponse resp;
  ASSERT_TRUE(Call("Push", push, &resp, token_).ok());
  EXPECT_EQ(resp.acked_through(), 6u);
  ASSERT_EQ(resp.rejections_size(), 4);
  struct Want {
    uint64_t seq;
    absl::StatusCode code;
    const char* field;
    const char* words;
  };
  const Want want[] = {{2, absl::StatusCode::kInvalidArgument, "full_name", "UTF-8"},
                       {3, absl::StatusCode::kInvalidArgument, "kind", "unknown"},
                       {4, absl::StatusCode::kFailedPrecondition, "hlc", "ahead"},
                       {5, absl::StatusCode::kPermissionDenied, "", "outside"}};
  for (int i = 0; i < 4; ++i) {
    const v1::Rejection& r = resp.rejections(i);
    EXPECT_EQ(r.device_seq(), want[i].seq);
    EXPECT_EQ(r.code(), static_cast<uint32_t>(want[i].code)) << r.message();
    EXPECT_EQ(r.field(), want[i].field);
    EXPECT_NE(r.message().find(want[i].words), std::string::npos) << r.message();
  }
  auto reader = NewDevice("reader", "Bilozerka");
  ASSERT_TRUE(reader->Sync().ok());
  const size_t persons = reader->List("person")->size();
  EXPECT_EQ(persons, 2u);
}

}  // namespace
}  // namespace hromada::test
