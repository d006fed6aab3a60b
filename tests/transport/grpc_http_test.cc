#include "client/src/transport/grpc_http.h"

#include "gtest/gtest.h"

namespace hromada::grpc_http {
namespace {

TEST(EncodeTimeout, UsesTheFinestUnitThatFitsEightDigits) {
  EXPECT_EQ(EncodeTimeout(absl::Nanoseconds(1)), "1n");
  EXPECT_EQ(EncodeTimeout(absl::Nanoseconds(99999999)), "99999999n");
  EXPECT_EQ(EncodeTimeout(absl::Milliseconds(300)), "300000u");
  EXPECT_EQ(EncodeTimeout(absl::Hours(1)), "3600000m");
  EXPECT_EQ(EncodeTimeout(absl::Hours(24)), "86400000m");
  EXPECT_EQ(EncodeTimeout(absl::Hours(48)), "172800S");
  EXPECT_EQ(EncodeTimeout(absl::InfiniteDuration()), "2562047H");
}

TEST(EncodeTimeout, RoundsUpAndNeverSendsZero) {
  EXPECT_EQ(EncodeTimeout(absl::Nanoseconds(1) + absl::Nanoseconds(1) / 4), "2n");
  EXPECT_EQ(EncodeTimeout(absl::Nanoseconds(100000001)), "100001u");
  EXPECT_EQ(EncodeTimeout(absl::ZeroDuration()), "1n");
  EXPECT_EQ(EncodeTimeout(-absl::Seconds(1)), "1n");
}

TEST(PercentDecode, DecodesUtf8AndKeepsStrayPercents) {
  EXPECT_EQ(PercentDecode("%D0%B7%D0%B0: 100%25"), "за: 100%");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz%4g"), "%zz%4g");
  EXPECT_EQ(PercentDecode("%e2%9c%93"), "\xe2\x9c\x93");
  EXPECT_EQ(PercentDecode(""), "");
}

TEST(ParseStatusCode, AcceptsOnlyKnownCodes) {
  EXPECT_EQ(ParseStatusCode("0"), absl::StatusCode::kOk);
  EXPECT_EQ(ParseStatusCode(" 7 "), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ParseStatusCode("16"), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ParseStatusCode("17"), absl::StatusCode::kUnknown);
  EXPECT_EQ(ParseStatusCode("-1"), absl::StatusCode::kUnknown);
  EXPECT_EQ(ParseStatusCode("OK"), absl::StatusCode::kUnknown);
  EXPECT_EQ(ParseStatusCode(""), absl::StatusCode::kUnknown);
}

TEST(CodeFromHttpStatus, FollowsGrpcsMapping) {
  EXPECT_EQ(CodeFromHttpStatus(400), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeFromHttpStatus(401), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(CodeFromHttpStatus(403), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeFromHttpStatus(404), absl::StatusCode::kUnimplemented);
  for (long s : {429L, 502L, 503L, 504L}) {
    EXPECT_EQ(CodeFromHttpStatus(s), absl::StatusCode::kUnavailable) << s;
  }
  EXPECT_EQ(CodeFromHttpStatus(500), absl::StatusCode::kUnknown);
  EXPECT_EQ(CodeFromHttpStatus(302), absl::StatusCode::kUnknown);
}

TEST(IsValidMethodName, RejectsAnythingThatCouldBendTheUrl) {
  EXPECT_TRUE(IsValidMethodName("Push"));
  EXPECT_TRUE(IsValidMethodName("Get_2"));
  EXPECT_FALSE(IsValidMethodName(""));
  EXPECT_FALSE(IsValidMethodName("../Admin"));
  EXPECT_FALSE(IsValidMethodName("Push?x=1"));
  EXPECT_FALSE(IsValidMethodName("Pu sh"));
  EXPECT_FALSE(IsValidMethodName("Push/Pull"));
}

}  // namespace
}  // namespace hromada::grpc_http
