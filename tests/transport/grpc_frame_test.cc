#include "client/src/transport/grpc_frame.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace hromada {
namespace {

std::string Compressible(size_t n) {
  std::string s;
  while (s.size() < n) s += "attendance of a meeting in Chornobaivka; ";
  s.resize(n);
  return s;
}

std::string Random(size_t n, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen());
  return s;
}

std::vector<std::string> DecodeAll(absl::string_view bytes, size_t max) {
  GrpcFrameDecoder decoder(max);
  EXPECT_TRUE(decoder.Feed(bytes).ok());
  EXPECT_FALSE(decoder.partial());
  return decoder.TakeMessages();
}

TEST(GrpcFrame, PlainFrameHasFlagZeroAndBigEndianLength) {
  const std::string message = Random(0x010203, 1);
  const std::string frame = EncodeGrpcFrame(message, /*compress=*/false);
  ASSERT_EQ(frame.size(), 5 + message.size());
  EXPECT_EQ(frame.substr(0, 5), std::string("\x00\x00\x01\x02\x03", 5));
  EXPECT_EQ(frame.substr(5), message);
  EXPECT_EQ(DecodeAll(frame, 1 << 20), std::vector<std::string>{message});
}

TEST(GrpcFrame, GzipFrameRoundTripsAndShrinks) {
  const std::string message = Compressible(100000);
  const std::string frame = EncodeGrpcFrame(message, /*compress=*/true);
  EXPECT_EQ(frame[0], 1);
  EXPECT_LT(frame.size(), message.size() / 10);
  EXPECT_EQ(DecodeAll(frame, 1 << 20), std::vector<std::string>{message});
}

TEST(GrpcFrame, EmptyMessagesRoundTrip) {
  for (bool compress : {false, true}) {
    // 64: gzip's own header and trailer make an empty message 20 bytes.
    EXPECT_EQ(DecodeAll(EncodeGrpcFrame("", compress), 64), std::vector<std::string>{""})
        << compress;
  }
}

TEST(GrpcFrame, ByteByByteFeedingYieldsMessagesInOrder) {
  const std::string a = Compressible(3000), b = Random(700, 2), c;
  const std::string stream =
      EncodeGrpcFrame(a, true) + EncodeGrpcFrame(b, false) + EncodeGrpcFrame(c, true);
  GrpcFrameDecoder decoder(1 << 20);
  std::vector<std::string> got;
  for (size_t i = 0; i < stream.size(); ++i) {
    ASSERT_TRUE(decoder.Feed(stream.substr(i, 1)).ok()) << i;
    for (std::string& m : decoder.TakeMessages()) got.push_back(std::move(m));
    if (i + 1 < stream.size()) {
      EXPECT_LT(got.size(), 3u) << i;
    }
  }
  EXPECT_FALSE(decoder.partial());
  EXPECT_EQ(got, (std::vector<std::string>{a, b, c}));
}

TEST(GrpcFrame, TruncatedStreamStaysPartial) {
  const std::string frame = EncodeGrpcFrame("hello", false);
  GrpcFrameDecoder decoder(100);
  ASSERT_TRUE(decoder.Feed(frame.substr(0, frame.size() - 1)).ok());
  EXPECT_TRUE(decoder.partial());
  EXPECT_TRUE(decoder.TakeMessages().empty());
}

TEST(GrpcFrame, OversizedFrameIsRefusedFromItsHeader) {
  GrpcFrameDecoder decoder(10);
  // Only the header: the decoder must refuse before the body arrives.
  const absl::Status status =
      decoder.Feed(EncodeGrpcFrame(std::string(11, 'x'), false).substr(0, 5));
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  GrpcFrameDecoder exact(11);
  EXPECT_TRUE(exact.Feed(EncodeGrpcFrame(std::string(11, 'x'), false)).ok());
}

TEST(GrpcFrame, GzipBombIsRefused) {
  const std::string frame = EncodeGrpcFrame(std::string(1 << 20, '\0'), true);
  ASSERT_LT(frame.size(), 10000u);
  GrpcFrameDecoder decoder(10000);
  EXPECT_EQ(decoder.Feed(frame).code(), absl::StatusCode::kInternal);
}

TEST(GrpcFrame, CorruptGzipIsInternal) {
  std::string frame = EncodeGrpcFrame(Compressible(5000), true);
  for (size_t i = 20; i < frame.size() - 8; i += 7) frame[i] ^= 0x5a;
  GrpcFrameDecoder decoder(1 << 20);
  EXPECT_EQ(decoder.Feed(frame).code(), absl::StatusCode::kInternal);

  // A frame flagged compressed whose body is not gzip at all.
  std::string fake = EncodeGrpcFrame("not gzip", false);
  fake[0] = 1;
  GrpcFrameDecoder decoder2(1 << 20);
  EXPECT_EQ(decoder2.Feed(fake).code(), absl::StatusCode::kInternal);
}

TEST(Gzip, RoundTripsAndWritesAGzipHeader) {
  const std::string data = Compressible(50000) + Random(5000, 3);
  absl::StatusOr<std::string> zipped = Gzip(data);
  ASSERT_TRUE(zipped.ok());
  ASSERT_GE(zipped->size(), 2u);
  EXPECT_EQ(zipped->substr(0, 2), "\x1f\x8b");
  absl::StatusOr<std::string> plain = Gunzip(*zipped, data.size());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(*plain, data);
}

TEST(Gunzip, RefusesOutputPastTheLimit) {
  absl::StatusOr<std::string> zipped = Gzip(std::string(100001, 'a'));
  ASSERT_TRUE(zipped.ok());
  EXPECT_EQ(Gunzip(*zipped, 100000).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(Gunzip(*zipped, 100001).ok());
}

TEST(Gunzip, RefusesGarbageAndTruncation) {
  EXPECT_EQ(Gunzip("definitely not gzip", 1000).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Gunzip("", 1000).status().code(), absl::StatusCode::kInternal);
  absl::StatusOr<std::string> zipped = Gzip(Random(20000, 4));
  ASSERT_TRUE(zipped.ok());
  EXPECT_EQ(Gunzip(zipped->substr(0, zipped->size() / 2), 1 << 20).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace hromada
