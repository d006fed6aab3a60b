// The bundle envelope (shared/sync/bundle.h): a sealed, signed body opens only
// for its receiver, verifies only with its sender's key, and any change to
// the file, the signer or the direction is refused.
#include "shared/sync/bundle.h"

#include <gtest/gtest.h>

#include <string>

namespace hromada::bundle {
namespace {

constexpr auto kUp = v1::BUNDLE_DIRECTION_TO_SERVER;
constexpr auto kDown = v1::BUNDLE_DIRECTION_TO_DEVICE;

class BundleTest : public ::testing::Test {
 protected:
  std::string DeviceFile(const std::string& body) {
    return *Seal(kUp, device_id_, body, device_, server_.public_keys());
  }
  v1::BundleSecrets device_ = *NewKeys();
  v1::BundleSecrets server_ = *NewKeys();
  v1::BundleSecrets stranger_ = *NewKeys();
  std::string device_id_ = std::string(16, '\x07');
};

TEST_F(BundleTest, ARoundTripOpensVerifiesAndParses) {
  v1::DeviceBundle body;
  body.set_device_id(device_id_);
  body.set_cursor(9);
  absl::StatusOr<v1::SignedBundle> opened =
      Open(DeviceFile(body.SerializeAsString()), kUp, server_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(Verify(*opened, kUp, device_.public_keys()).ok());
  absl::StatusOr<v1::DeviceBundle> parsed = ParseDeviceBundle(*opened);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->cursor(), 9u);
}

TEST_F(BundleTest, EveryFlippedByteIsRefused) {
  v1::DeviceBundle body;
  body.set_device_id(device_id_);
  const std::string file = DeviceFile(body.SerializeAsString());
  for (size_t i = 0; i < file.size(); ++i) {
    std::string bad = file;
    bad[i] ^= 0x20;
    absl::StatusOr<v1::SignedBundle> opened = Open(bad, kUp, server_);
    if (opened.ok()) {
      // Only a change the parser ignores may open; it must still verify.
      EXPECT_TRUE(Verify(*opened, kUp, device_.public_keys()).ok()) << i;
      EXPECT_EQ(opened->body(), body.SerializeAsString()) << i;
    }
  }
}

TEST_F(BundleTest, AForgedSignatureIsRefused) {
  // Sealed to the server correctly, but signed by a key the device never had.
  const std::string forged = *Seal(kUp, device_id_, "x", stranger_, server_.public_keys());
  absl::StatusOr<v1::SignedBundle> opened = Open(forged, kUp, server_);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(Verify(*opened, kUp, device_.public_keys()).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(BundleTest, ASignedBodyCannotBeReplayedAsAnotherSignerOrTheOtherWay) {
  absl::StatusOr<v1::SignedBundle> opened = Open(DeviceFile("x"), kUp, server_);
  ASSERT_TRUE(opened.ok());
  v1::SignedBundle other = *opened;
  other.set_signer(std::string(16, '\x08'));
  EXPECT_FALSE(Verify(other, kUp, device_.public_keys()).ok());
  EXPECT_FALSE(Verify(*opened, kDown, device_.public_keys()).ok());
}

TEST_F(BundleTest, OnlyTheReceiverOpensIt) {
  const std::string file = DeviceFile("x");
  EXPECT_EQ(Open(file, kUp, stranger_).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Open(file, kDown, device_).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Open("not a bundle at all", kUp, server_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BundleTest, ANewerFormatAsksForAnUpdate) {
  v1::BundleFile file;
  file.ParseFromString(DeviceFile("x"));
  file.set_version(kVersion + 1);
  EXPECT_EQ(Open(file.SerializeAsString(), kUp, server_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(BundleTest, AServerBundleMustNameADeviceAndAForwardRange) {
  v1::ServerBundle body;
  body.set_device_id(device_id_);
  body.set_from_cursor(5);
  body.set_next_cursor(4);
  v1::SignedBundle signed_bundle;
  signed_bundle.set_body(body.SerializeAsString());
  EXPECT_FALSE(ParseServerBundle(signed_bundle).ok());
  body.set_next_cursor(5);
  signed_bundle.set_body(body.SerializeAsString());
  EXPECT_TRUE(ParseServerBundle(signed_bundle).ok());
}

}  // namespace
}  // namespace hromada::bundle
