// InflatePushChanges: deflated_changes become the same `changes` a plain
// push carries, within the push limit, and nothing else gets in.
#include "server/sync/push_inflate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/base/deflate.h"
#include "shared/sync/wire/push_writer.h"

namespace hromada::server {
namespace {

std::vector<std::string> Changes(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    v1::Record r;
    r.set_kind("person");
    r.set_id(std::string(16, static_cast<char>(i)));
    v1::Field* f = r.add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text("Олена Петренко " + std::to_string(i));
    out.push_back(r.SerializeAsString());
  }
  return out;
}

TEST(InflatePushChanges, GivesWhatAPlainPushCarries) {
  const std::vector<std::string> changes = Changes(50);
  v1::PushRequest want, got;
  ASSERT_TRUE(want.ParseFromString(wire::WritePushRequest(9, changes)));
  ASSERT_TRUE(got.ParseFromString(wire::WriteDeflatedPushRequest(9, changes)));
  ASSERT_FALSE(got.deflated_changes().empty());
  ASSERT_TRUE(InflatePushChanges(1 << 20, got).ok());
  EXPECT_TRUE(got.deflated_changes().empty());
  EXPECT_EQ(got.SerializeAsString(), want.SerializeAsString());
}

TEST(InflatePushChanges, PlainPushIsLeftAlone) {
  v1::PushRequest plain;
  ASSERT_TRUE(plain.ParseFromString(wire::WritePushRequest(3, Changes(2))));
  const std::string before = plain.SerializeAsString();
  ASSERT_TRUE(InflatePushChanges(1 << 20, plain).ok());
  EXPECT_EQ(plain.SerializeAsString(), before);
}

TEST(InflatePushChanges, RefusesPastTheLimit) {
  const std::vector<std::string> changes = Changes(200);
  const size_t entries = wire::WritePushRequest(0, changes).size();
  v1::PushRequest push;
  ASSERT_TRUE(push.ParseFromString(wire::WriteDeflatedPushRequest(1, changes)));
  v1::PushRequest copy = push;
  EXPECT_EQ(InflatePushChanges(entries - 1, push).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(InflatePushChanges(entries, copy).ok());
}

TEST(InflatePushChanges, RefusesCorruptBothAndSmuggledFields) {
  v1::PushRequest corrupt;
  corrupt.set_deflated_changes("not zlib");
  EXPECT_EQ(InflatePushChanges(1 << 20, corrupt).code(), absl::StatusCode::kInvalidArgument);

  v1::PushRequest both;
  ASSERT_TRUE(both.ParseFromString(wire::WriteDeflatedPushRequest(1, Changes(50))));
  both.add_changes()->set_kind("person");
  EXPECT_EQ(InflatePushChanges(1 << 20, both).code(), absl::StatusCode::kInvalidArgument);

  // Inside, a first_seq would override the request's own.
  v1::PushRequest inner;
  inner.set_first_seq(1000);
  v1::PushRequest smuggled;
  smuggled.set_first_seq(1);
  smuggled.set_deflated_changes(*Deflate(inner.SerializeAsString(), DeflateWrap::kZlib));
  EXPECT_EQ(InflatePushChanges(1 << 20, smuggled).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hromada::server
