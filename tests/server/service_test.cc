// The Sync service in-process over real gRPC on loopback: enrolment,
// authentication, and whole-call faults with their statuses.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>

#include "hromada/v1/sync.grpc.pb.h"
#include "server/admin/admin.h"
#include "server/server.h"
#include "shared/sync/hlc.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

using testing::NewId;
using testing::PersonChange;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.db_path = testing::TempDbPath("service");
    config_.listen = "127.0.0.1:0";
    config_.limits.max_push_bytes = 64 * 1024;
    {
      auto store = *SqliteStore::Open(config_.db_path);
      community_ = *AddCommunity(*store, SystemClock::Get(), {"Білозерка", "Bilozerka", "", ""});
      code_ = AddDevice(*store, SystemClock::Get(), {"phone", v1::ROLE_FIELD, {"Bilozerka"}})->code;
    }
    server_ = *Server::Start(config_, &SystemClock::Get());
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Sync::NewStub(channel_);
  }

  std::string Enrol() {
    grpc::ClientContext ctx;
    v1::EnrolRequest req;
    req.set_code(code_);
    req.set_protocol_version(1);
    v1::EnrolResponse resp;
    grpc::Status s = stub_->Enrol(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.token();
  }

  std::unique_ptr<grpc::ClientContext> Authed(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    return ctx;
  }

  grpc::Status RawCall(const std::string& method, const std::string& token,
                       const std::string& bytes) {
    grpc::GenericStub generic(channel_);
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    std::promise<grpc::Status> done;
    generic.UnaryCall(&ctx, "/hromada.v1.Sync/" + method, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  ServerConfig config_;
  std::string community_, code_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Sync::Stub> stub_;
};

// A device's name is shown on the admin's terminal and in the logs: one
// line of text, trimmed, never blank.
TEST(AdminDeviceTest, ADeviceNameIsOneLineOfText) {
  auto store = *SqliteStore::Open(testing::TempDbPath("device_names"));
  ASSERT_TRUE(AddCommunity(*store, SystemClock::Get(), {"Білозерка", "Bilozerka", "", ""}).ok());
  for (const char* bad : {"", "   ", "evil\x1b[2J", "two\nlines", "\xff"}) {
    absl::StatusOr<DeviceGrant> grant =
        AddDevice(*store, SystemClock::Get(), {bad, v1::ROLE_FIELD, {"Bilozerka"}});
    EXPECT_EQ(grant.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  ASSERT_TRUE(AddDevice(*store, SystemClock::Get(),
                        {"  Bilozerka secretary ", v1::ROLE_FIELD, {"Bilozerka"}})
                  .ok());
  EXPECT_TRUE(FindDevice(*store, "Bilozerka secretary").ok());
}

// A new community named like one there is (another spelling, a look-alike
// letter) would make that name ambiguous on every device: refused. The
// same community (its Latin name in any case) is updated.
TEST(AdminCommunityTest, ANewCommunityMayNotTakeAnotherOnesName) {
  auto store = *SqliteStore::Open(testing::TempDbPath("community_names"));
  const Clock& clock = SystemClock::Get();
  const std::string id = *AddCommunity(*store, clock, {"Білозерка", "Bilozerka", "", ""});
  for (const CommunityInfo& twin : {CommunityInfo{"Білозерка", "Bilozerka2", "", ""},
                                    CommunityInfo{"Bilozerk\xd0\xb0", "Bilozerk\xd0\xb0", "", ""},
                                    CommunityInfo{"Нова", "BILOZERKA ", "", ""}}) {
    absl::StatusOr<std::string> added = AddCommunity(*store, clock, twin);
    EXPECT_EQ(added.status().code(), absl::StatusCode::kAlreadyExists) << twin.name_latin;
  }
  EXPECT_EQ(*AddCommunity(*store, clock, {"Білозерка", "BILOZERKA", "Херсонська", ""}), id);
  EXPECT_TRUE(AddCommunity(*store, clock, {"Олешки", "Oleshky", "", ""}).ok());
  EXPECT_TRUE(AddCommunity(*store, clock, {"Bench1", "Bench1", "", ""}).ok());
  EXPECT_TRUE(AddCommunity(*store, clock, {"Bench2", "Bench2", "", ""}).ok())
      << "digits tell apart";
  EXPECT_TRUE(FindCommunity(*store, "Bilozerka").ok());
}

TEST_F(ServiceTest, EnrolHandshakePushPull) {
  const std::string token = Enrol();
  ASSERT_FALSE(token.empty());
  v1::HandshakeRequest hreq;
  hreq.set_protocol_version(1);
  v1::HandshakeResponse hresp;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), hreq, &hresp).ok());
  EXPECT_EQ(hresp.acked_through(), 0u);
  EXPECT_EQ(hresp.pending_records(), 1u);  // the community
  EXPECT_NEAR(hresp.server_time_ms(), SystemClock::Get().NowMillis(), 5000);

  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() = PersonChange(NewId(), community_, SystemClock::Get().NowMillis(), "Олена");
  v1::PushResponse presp;
  ASSERT_TRUE(stub_->Push(Authed(token).get(), push, &presp).ok());
  EXPECT_EQ(presp.acked_through(), 1u);

  v1::PullRequest pull;
  v1::PullResponse page;
  ASSERT_TRUE(stub_->Pull(Authed(token).get(), pull, &page).ok());
  EXPECT_EQ(page.records_size(), 1) << "the community; not the person this device wrote";
  EXPECT_FALSE(page.more());
}

// A small sync in one exchange: the handshake carries the push and the
// pull, and the answer carries theirs, as the separate calls would give
// them (the pushed change counted once, the pull without this device's own
// record).
TEST_F(ServiceTest, AHandshakeCarriesThePushAndThePull) {
  const std::string token = Enrol();
  v1::HandshakeRequest first;
  first.set_protocol_version(1);
  v1::HandshakeResponse seen;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), first, &seen).ok());
  EXPECT_FALSE(seen.has_push());
  EXPECT_FALSE(seen.pull_ran());

  v1::HandshakeRequest hreq = first;
  hreq.set_epoch(seen.epoch());
  hreq.mutable_push()->set_first_seq(1);
  *hreq.mutable_push()->add_changes() =
      PersonChange(NewId(), community_, SystemClock::Get().NowMillis(), "Олена");
  hreq.mutable_pull();
  v1::HandshakeResponse hresp;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), hreq, &hresp).ok());
  ASSERT_TRUE(hresp.has_push());
  EXPECT_EQ(hresp.push().acked_through(), 1u);
  ASSERT_TRUE(hresp.pull_ran());
  v1::PullResponse page;
  ASSERT_TRUE(page.ParseFromString(hresp.pull_page()));
  EXPECT_EQ(page.records_size(), 1) << "the community; not the person this device wrote";
  EXPECT_NE(server_->metrics().Render().find("hromada_records_pushed_total 1\n"), std::string::npos)
      << server_->metrics().Render();

  // The same exchange again (its answer was lost): acknowledged, not applied twice.
  v1::HandshakeResponse again;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), hreq, &again).ok());
  EXPECT_EQ(again.push().acked_through(), 1u);
  EXPECT_NE(server_->metrics().Render().find("hromada_records_pushed_total 1\n"),
            std::string::npos);
}

// Another epoch (the database was restored) or a push the server cannot
// take: the answer is the handshake alone, and nothing was written.
TEST_F(ServiceTest, AHandshakeRunsNoPushForAnotherEpochOrABadBatch) {
  const std::string token = Enrol();
  v1::HandshakeRequest hreq;
  hreq.set_protocol_version(1);
  hreq.set_epoch("an older epoch");
  hreq.mutable_push()->set_first_seq(1);
  *hreq.mutable_push()->add_changes() =
      PersonChange(NewId(), community_, SystemClock::Get().NowMillis(), "Олена");
  hreq.mutable_pull();
  v1::HandshakeResponse hresp;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), hreq, &hresp).ok());
  EXPECT_FALSE(hresp.has_push());
  EXPECT_FALSE(hresp.pull_ran());
  EXPECT_EQ(hresp.acked_through(), 0u);

  hreq.set_epoch(hresp.epoch());
  hreq.mutable_push()->set_first_seq(0);  // a malformed batch: Push refuses the call
  v1::HandshakeResponse bad;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), hreq, &bad).ok());
  EXPECT_FALSE(bad.has_push());
  v1::HandshakeResponse after;
  ASSERT_TRUE(stub_->Handshake(Authed(token).get(), v1::HandshakeRequest(hreq), &after).ok());
  EXPECT_EQ(after.acked_through(), 0u) << "nothing of the refused batch was applied";
}

// A push sent again after its answer was lost is told its refusals again,
// but they are counted once.
TEST_F(ServiceTest, ARetriedPushCountsItsRefusalsOnce) {
  const std::string token = Enrol();
  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() = PersonChange(NewId(), community_, SystemClock::Get().NowMillis(),
                                     std::string("\xff", 1));  // not UTF-8
  for (int attempt = 0; attempt < 2; ++attempt) {
    v1::PushResponse answer;
    ASSERT_TRUE(stub_->Push(Authed(token).get(), push, &answer).ok());
    EXPECT_EQ(answer.rejections_size(), 1);
  }
  EXPECT_NE(server_->metrics().Render().find(
                "hromada_changes_refused_total{code=\"INVALID_ARGUMENT\"} 1\n"),
            std::string::npos)
      << server_->metrics().Render();
}

TEST_F(ServiceTest, EnrolmentCodeWorksUntilTheFirstHandshakeAndBadCodesGetOneAnswer) {
  const std::string first = Enrol();
  const std::string second = Enrol();  // the first reply was lost
  v1::HandshakeRequest hs;
  hs.set_protocol_version(1);
  v1::HandshakeResponse hs_resp;
  EXPECT_EQ(stub_->Handshake(Authed(first).get(), hs, &hs_resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED)
      << "the earlier token died with the second use";
  ASSERT_TRUE(stub_->Handshake(Authed(second).get(), hs, &hs_resp).ok());
  auto enrol = [&](const std::string& code) {
    grpc::ClientContext ctx;
    v1::EnrolRequest req;
    req.set_code(code);
    req.set_protocol_version(1);
    v1::EnrolResponse resp;
    return stub_->Enrol(&ctx, req, &resp);
  };
  const grpc::Status used = enrol(code_);
  const grpc::Status unknown = enrol("AAAA-BBBB-CCCC");
  EXPECT_EQ(used.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_code(), used.error_code());
  EXPECT_EQ(unknown.error_message(), used.error_message());
  // Wrong codes from one address are throttled.
  grpc::Status last;
  for (int i = 0; i < 5; ++i) last = enrol("AAAA-BBBB-CCCC");
  EXPECT_EQ(last.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << last.error_message();
}

TEST_F(ServiceTest, MissingOrWrongTokenIsUnauthenticated) {
  v1::HandshakeRequest req;
  req.set_protocol_version(1);
  v1::HandshakeResponse resp;
  grpc::ClientContext bare;
  grpc::Status s = stub_->Handshake(&bare, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(s.error_message().find("token"), std::string::npos);
  s = stub_->Handshake(Authed("not-a-token").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// grpc++ 1.51 would inflate a compressed request whole before checking its
// size, so the server takes only plain requests.
TEST_F(ServiceTest, CompressedRequestIsRefused) {
  const std::string token = Enrol();
  v1::HandshakeRequest req;
  req.set_protocol_version(1);
  v1::HandshakeResponse resp;
  std::unique_ptr<grpc::ClientContext> ctx = Authed(token);
  ctx->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  grpc::Status s = stub_->Handshake(ctx.get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << s.error_message();
  EXPECT_TRUE(stub_->Handshake(Authed(token).get(), req, &resp).ok());
}

TEST_F(ServiceTest, MalformedMessageIsInvalidArgument) {
  const std::string token = Enrol();
  grpc::Status s = RawCall("Push", token, std::string("\x0a\xff\xff\xff\xff\x0f", 6));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("PushRequest"), std::string::npos) << s.error_message();
}

TEST_F(ServiceTest, OversizedBatchIsResourceExhausted) {
  const std::string token = Enrol();
  v1::PushRequest push;
  push.set_first_seq(1);
  const int64_t now = SystemClock::Get().NowMillis();
  while (push.ByteSizeLong() <= config_.limits.max_push_bytes) {
    *push.add_changes() = PersonChange(NewId(), community_, now, std::string(150, 'x'));
  }
  v1::PushResponse resp;
  grpc::Status s = stub_->Push(Authed(token).get(), push, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(s.error_message().find("smaller batches"), std::string::npos) << s.error_message();
}

TEST_F(ServiceTest, TooOldClientIsToldInWords) {
  const std::string token = Enrol();
  v1::HandshakeRequest req;
  req.set_protocol_version(0);
  v1::HandshakeResponse resp;
  grpc::Status s = stub_->Handshake(Authed(token).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("too old"), std::string::npos);
}

}  // namespace
}  // namespace hromada::server
