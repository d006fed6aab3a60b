// Tests of record and device ids (shared/base/uuid.h) against RFC 9562.
#include "shared/base/uuid.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace hromada {
namespace {

int Variant(const Uuid& id) { return static_cast<uint8_t>(id.bytes()[8]) >> 6; }

TEST(UuidTest, NilIsAllZero) {
  const Uuid nil;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_EQ(nil.ToString(), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(nil.bytes(), std::string(16, '\0'));
}

TEST(UuidTest, V4HasVersionAndVariantBitsAndIsRandom) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const Uuid id = Uuid::V4();
    ASSERT_EQ(id.version(), 4);
    ASSERT_EQ(Variant(id), 0b10);
    ASSERT_FALSE(id.is_nil());
    seen.insert(id.bytes());
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidTest, V7CarriesTheTimeBigEndianWithVersionAndVariant) {
  const int64_t ms = 0x0123456789AB;
  const Uuid id = Uuid::V7(ms);
  EXPECT_EQ(id.version(), 7);
  EXPECT_EQ(Variant(id), 0b10);
  EXPECT_EQ(id.ToString().substr(0, 13), "01234567-89ab");
}

TEST(UuidTest, V7OrdersByTime) {
  Uuid previous = Uuid::V7(1700000000000);
  for (int64_t ms = 1700000000001; ms < 1700000001000; ++ms) {
    const Uuid id = Uuid::V7(ms);
    ASSERT_LT(previous, id) << "at " << ms;
    ASSERT_LT(previous.ToString(), id.ToString()) << "text form sorts the same way";
    previous = id;
  }
  EXPECT_NE(Uuid::V7(5), Uuid::V7(5)) << "same millisecond, random tail";
}

TEST(UuidTest, V5MatchesTheRfcExample) {
  // RFC 9562 appendix A.4 (and RFC 4122's DNS namespace).
  const Uuid dns = *Uuid::Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  const Uuid id = Uuid::V5(dns, "www.example.com");
  EXPECT_EQ(id.ToString(), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(id.version(), 5);
  EXPECT_EQ(Variant(id), 0b10);
}

TEST(UuidTest, V5IsDeterministicAndDependsOnNamespaceAndName) {
  const Uuid ns = HromadaNamespace();
  EXPECT_EQ(Uuid::V5(ns, "meeting/person"), Uuid::V5(ns, "meeting/person"));
  EXPECT_NE(Uuid::V5(ns, "meeting/person"), Uuid::V5(ns, "meeting/person2"));
  EXPECT_NE(Uuid::V5(ns, "x"), Uuid::V5(Uuid::V4(), "x"));
  EXPECT_FALSE(Uuid::V5(ns, "").is_nil());
}

TEST(UuidTest, HromadaNamespaceNeverChanges) {
  // Every derived id (attendance, communities) depends on this value.
  EXPECT_EQ(HromadaNamespace().ToString(), "6f1c2a3e-8b4d-4c59-9a7e-2d5b0f6e1c48");
}

TEST(UuidTest, ParseAndToStringRoundTrip) {
  for (int i = 0; i < 100; ++i) {
    const Uuid id = i % 2 ? Uuid::V4() : Uuid::V7(1700000000000 + i);
    absl::StatusOr<Uuid> parsed = Uuid::Parse(id.ToString());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, id);
    absl::StatusOr<Uuid> from_bytes = Uuid::FromBytes(id.bytes());
    ASSERT_TRUE(from_bytes.ok());
    EXPECT_EQ(*from_bytes, id);
  }
}

TEST(UuidTest, ParseAcceptsUpperCaseAndBareHex) {
  const std::string want = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  EXPECT_EQ(Uuid::Parse("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")->ToString(), want);
  EXPECT_EQ(Uuid::Parse("6ba7b8109dad11d180b400c04fd430c8")->ToString(), want);
}

TEST(UuidTest, ParseRejectsWhatIsNotAnId) {
  for (const char* bad :
       {"", "6ba7b810", "6ba7b810-9dad-11d1-80b4-00c04fd430c",
        "6ba7b810-9dad-11d1-80b4-00c04fd430c8a", "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
        " 6ba7b810-9dad-11d1-80b4-00c04fd430c8", "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
        "6ba7b810_9dad_11d1_80b4_00c04fd430c8"}) {
    absl::StatusOr<Uuid> id = Uuid::Parse(bad);
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument) << "'" << bad << "'";
  }
}

// Regression: Parse once dropped hyphens wherever they were.
TEST(UuidTest, ParseRejectsMisplacedHyphens) {
  for (const char* bad :
       {"6ba7b8109dad-11d1-80b4-00c04fd430c8", "6ba7-b810-9dad-11d1-80b4-00c04fd430c8",
        "-6ba7b8109dad11d180b400c04fd430c8", "6ba7b810--9dad-11d1-80b4-00c04fd430c8",
        "6ba7b8109dad11d180b400c04fd430c8-"}) {
    EXPECT_FALSE(Uuid::Parse(bad).ok()) << "'" << bad << "'";
  }
}

TEST(UuidTest, FromBytesRejectsOtherLengths) {
  for (size_t n : {0, 15, 17, 36}) {
    EXPECT_EQ(Uuid::FromBytes(std::string(n, 'a')).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(UuidTest, IdToStringFormatsRawBytes) {
  const Uuid id = Uuid::V4();
  EXPECT_EQ(IdToString(id.bytes()), id.ToString());
  EXPECT_EQ(IdToString("short"), "<invalid id>");
}

TEST(UuidTest, ComparesByBytes) {
  const Uuid a = *Uuid::Parse("00000000-0000-0000-0000-000000000001");
  const Uuid b = *Uuid::Parse("00000000-0000-0000-0000-000000000002");
  const Uuid c = *Uuid::Parse("10000000-0000-0000-0000-000000000000");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_FALSE(b < a);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, *Uuid::Parse("00000000000000000000000000000001"));
}

}  // namespace
}  // namespace hromada
