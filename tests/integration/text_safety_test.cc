// Text that reaches other people's screens and spreadsheets, through the
// real server process: control characters are refused on push, and a
// community named like a formula comes out of the CSV report neutralised.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/clock.h"
#include "shared/hlc.h"
#include "shared/uuid.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TextSafetyTest : public SyncFixture {};

TEST_F(TextSafetyTest, PersonNamedWithEscOrC1ControlsIsRefused) {
  auto transport = *CurlTransport::Create(server_->url());
  v1::EnrolRequest enrol;
  enrol.set_code(NewCode("field", "Bilozerka"));
  enrol.set_protocol_version(1);
  v1::EnrolResponse enrolled;
  absl::StatusOr<std::string> out =
      transport->Call("Enrol", enrol.SerializeAsString(), CallOptions(), nullptr);
  ASSERT_TRUE(out.ok() && enrolled.ParseFromString(*out)) << out.status();

  const std::string names[] = {"Олена\x1b[2J\x1b[H", "Олена\x1b]0;title\x07",
                               "Олена\xc2\x9b"
                               "31m",
                               "Олена\xc2\x85", "Олена Коваленко"};
  v1::PushRequest push;
  push.set_first_seq(1);
  for (const std::string& name : names) {
    v1::Record* r = push.add_changes();
    r->set_kind("person");
    r->set_id(Uuid::V4().bytes());
    r->set_community_id(Uuid::Parse(bilozerka_)->bytes());
    r->set_hlc(HlcPack(SystemClock::Get().NowMillis(), push.changes_size()));
    v1::Field* f = r->add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text(name);
  }
  CallOptions options;
  options.token = enrolled.token();
  out = transport->Call("Push", push.SerializeAsString(), options, nullptr);
  v1::PushResponse response;
  ASSERT_TRUE(out.ok() && response.ParseFromString(*out)) << out.status();
  ASSERT_EQ(response.rejections_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(response.rejections(i).device_seq(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(response.rejections(i).code(),
              static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(response.rejections(i).field(), "full_name");
    EXPECT_THAT(response.rejections(i).message(), HasSubstr("control character"));
  }
}

TEST_F(TextSafetyTest, FormulaCommunityNameIsNeutralisedInTheCsvReport) {
  AddCommunity("=HYPERLINK(\"http://evil.example/\",\"Click\")", "@SUM(A1)");
  absl::StatusOr<std::string> csv = server_->Admin("report", {"--format", "csv"});
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_THAT(*csv, HasSubstr("'=HYPERLINK("));
  EXPECT_THAT(*csv, HasSubstr("'@SUM(A1)"));
  EXPECT_THAT(*csv, Not(HasSubstr(",=")));
  EXPECT_THAT(*csv, Not(HasSubstr(",\"=")));
  EXPECT_THAT(*csv, Not(HasSubstr(",@")));
}

}  // namespace
}  // namespace hromada::test
