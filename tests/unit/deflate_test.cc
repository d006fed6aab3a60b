// The bounded inflate: a deflate bomb is refused without growing past the
// limit, corrupt streams are refused, and round trips are exact.
#include "shared/base/deflate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace hromada {
namespace {

TEST(BoundedInflate, RoundTripsBothWraps) {
  std::string data;
  for (int i = 0; i < 5000; ++i) data += std::to_string(i * 7919) + ",";
  for (DeflateWrap wrap : {DeflateWrap::kGzip, DeflateWrap::kZlib}) {
    absl::StatusOr<std::string> packed = Deflate(data, wrap);
    ASSERT_TRUE(packed.ok());
    EXPECT_LT(packed->size(), data.size());
    absl::StatusOr<std::string> back = BoundedInflate(*packed, data.size(), wrap);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, data);
    EXPECT_EQ(BoundedInflate(*packed, data.size() - 1, wrap).status().code(),
              absl::StatusCode::kResourceExhausted);
  }
}

TEST(BoundedInflate, RefusesABombQuicklyAndWithinTheLimit) {
  // 100 MB of zeros deflate (level 1) to under 0.5 MB: less than the limit
  // a plain push has, so it would pass any check on the compressed size.
  absl::StatusOr<std::string> bomb = Deflate(std::string(100 << 20, '\0'), DeflateWrap::kZlib);
  ASSERT_TRUE(bomb.ok());
  ASSERT_LT(bomb->size(), 1u << 20);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::string> out = BoundedInflate(*bomb, 1 << 20, DeflateWrap::kZlib);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out.status().code(), absl::StatusCode::kResourceExhausted) << out.status();
  // Stopping at the limit means inflating ~1 MiB, not 100 MB.
  EXPECT_LT(took.count(), 0.5);
}

TEST(BoundedInflate, RefusesCorruptTruncatedAndTrailing) {
  absl::StatusOr<std::string> packed = Deflate(std::string(20000, 'x'), DeflateWrap::kZlib);
  ASSERT_TRUE(packed.ok());
  const auto code = [](absl::string_view data) {
    return BoundedInflate(data, 1 << 20, DeflateWrap::kZlib).status().code();
  };
  EXPECT_EQ(code("not a zlib stream"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(""), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(packed->substr(0, packed->size() / 2)), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(*packed + "x"), absl::StatusCode::kInvalidArgument);
  std::string flipped = *packed;
  flipped[flipped.size() - 1] ^= 1;  // the adler-32 check
  EXPECT_EQ(code(flipped), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hromada
