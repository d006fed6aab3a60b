// Round-trip property tests of the hand-written codecs (shared/sync/wire/)
// against protobuf's own serializer and parser. For each seed, random
// records (every value type, field clocks, tombstones, unknown fields at
// every level, known numbers with the wrong wire type) go through each
// codec one way and through protobuf the other, and must agree.
//
// A failure names the seed; rerun just that one with
// HROMADA_WIRE_SEED=<seed> ./wire_test.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/wire_format_lite.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/deflate.h"
#include "shared/sync/wire/pull_page.h"
#include "shared/sync/wire/push_writer.h"
#include "shared/sync/wire/record_view.h"

namespace hromada::wire {
namespace {

using google::protobuf::Message;
using google::protobuf::UnknownFieldSet;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::util::MessageDifferencer;
using Rng = std::mt19937_64;

constexpr int kSeeds = 300;

std::vector<uint64_t> Seeds() {
  if (const char* one = std::getenv("HROMADA_WIRE_SEED")) return {std::strtoull(one, nullptr, 10)};
  std::vector<uint64_t> seeds;
  for (uint64_t s = 1; s <= kSeeds; ++s) seeds.push_back(s);
  return seeds;
}

int Uniform(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
bool Chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }

std::string RandomBytes(Rng& rng, int max_size) {
  std::string out(Uniform(rng, 0, max_size), '\0');
  for (char& c : out) c = static_cast<char>(Uniform(rng, 0, 255));
  return out;
}
// 16 bytes mostly; any length sometimes, as the codecs do not check ids.
std::string Id(Rng& rng) {
  if (Chance(rng, 0.1)) return RandomBytes(rng, 20);
  std::string id(16, '\0');
  for (char& c : id) c = static_cast<char>(Uniform(rng, 0, 255));
  return id;
}

// Valid UTF-8: kind and field names are proto3 strings, which protobuf's
// parser refuses otherwise.
std::string RandomName(Rng& rng) {
  static const char* const kNames[] = {"",          "full_name", "phone", "meeting",       "person",
                                       "Білозерка", "x",         "idp",   "survey_version"};
  std::string out = kNames[Uniform(rng, 0, 8)];
  if (Chance(rng, 0.3)) absl::StrAppend(&out, "_", Uniform(rng, 0, 99));
  return out;
}

uint64_t RandomU64(Rng& rng) {
  switch (Uniform(rng, 0, 4)) {
    case 0:
      return 0;
    case 1:
      return static_cast<uint64_t>(Uniform(rng, 1, 300));
    case 2:
      return std::numeric_limits<uint64_t>::max();
    default:
      return rng();
  }
}

double RandomReal(Rng& rng) {
  static const double kReals[] = {0.0,
                                  -0.0,
                                  1.5,
                                  -1e308,
                                  5e-324,
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity()};
  if (Chance(rng, 0.5)) return kReals[Uniform(rng, 0, 6)];
  return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
}

// Fields no version of record.proto or sync.proto uses, of every wire
// type; sometimes a known number with the wrong wire type, which protobuf
// also keeps as unknown.
void AddUnknown(Rng& rng, Message* m, int known_max) {
  UnknownFieldSet* set = m->GetReflection()->MutableUnknownFields(m);
  const int n = Uniform(rng, 1, 3);
  for (int i = 0; i < n; ++i) {
    int number = Uniform(rng, known_max + 1, known_max + 40);
    if (Chance(rng, 0.1)) number = (1 << 29) - 1;  // the largest field number
    switch (Uniform(rng, 0, 5)) {
      case 0:
        set->AddVarint(number, RandomU64(rng));
        break;
      case 1:
        set->AddFixed32(number, static_cast<uint32_t>(rng()));
        break;
      case 2:
        set->AddFixed64(number, rng());
        break;
      case 3:
        set->AddLengthDelimited(number, RandomBytes(rng, 30));
        break;
      case 4:
        set->AddGroup(number)->AddVarint(1, RandomU64(rng));
        break;
      default:
        set->AddFixed32(Uniform(rng, 1, known_max), 7);
        break;  // wrong wire type
    }
  }
}

void RandomValue(Rng& rng, v1::Value* v) {
  switch (Uniform(rng, 0, 5)) {
    case 0:
      v->set_text(RandomBytes(rng, 20));
      break;
    case 1:
      v->set_integer(static_cast<int64_t>(RandomU64(rng)));
      break;
    case 2:
      v->set_real(RandomReal(rng));
      break;
    case 3:
      v->set_flag(Chance(rng, 0.5));
      break;
    case 4:
      v->set_ref(Id(rng));
      break;
    default:
      break;  // cleared
  }
  if (Chance(rng, 0.15)) AddUnknown(rng, v, 5);
}

v1::Record RandomRecord(Rng& rng) {
  v1::Record r;
  static const char* const kKinds[] = {"person", "meeting", "attendance", "survey_response", ""};
  r.set_kind(Chance(rng, 0.9) ? kKinds[Uniform(rng, 0, 4)] : RandomName(rng));
  r.set_id(Id(rng));
  if (Chance(rng, 0.8)) r.set_community_id(Id(rng));
  r.set_hlc(RandomU64(rng));
  if (Chance(rng, 0.8)) r.set_device_id(Id(rng));
  const int fields = Uniform(rng, 0, 6);
  for (int i = 0; i < fields; ++i) {
    v1::Field* f = r.add_fields();
    f->set_name(RandomName(rng));
    if (Chance(rng, 0.9)) RandomValue(rng, f->mutable_value());
    if (Chance(rng, 0.3)) f->set_hlc(RandomU64(rng));
    if (Chance(rng, 0.3)) f->set_device_id(Id(rng));
    if (Chance(rng, 0.1)) AddUnknown(rng, f, 4);
  }
  switch (Uniform(rng, 0, 3)) {
    case 0:
      break;  // no tombstone
    case 1:   // deleted: the tombstone is the record's clock
      r.set_deleted_hlc(r.hlc());
      r.set_deleted_device_id(r.device_id());
      break;
    default:
      r.set_deleted_hlc(RandomU64(rng));
      if (Chance(rng, 0.7)) r.set_deleted_device_id(Id(rng));
  }
  // Record knows fields up to 9 (bases; 10 is kept for them).
  if (Chance(rng, 0.2)) AddUnknown(rng, &r, 10);
  return r;
}

std::vector<std::string> RandomStates(Rng& rng, std::vector<v1::Record>* records = nullptr) {
  std::vector<std::string> states;
  const int n = Uniform(rng, 0, 8);
  for (int i = 0; i < n; ++i) {
    v1::Record r = RandomRecord(rng);
    states.push_back(r.SerializeAsString());
    if (records != nullptr) records->push_back(std::move(r));
  }
  return states;
}

// A raw top-level field protobuf skips, put between two serialized
// messages: concatenated messages parse as their merge.
std::string RawUnknownField(Rng& rng) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    WireFormatLite::WriteBytes(Uniform(rng, 20, 100), RandomBytes(rng, 10), &coded);
  }
  return out;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void ExpectValue(const v1::Value& want, const ValueView& got) {
  ASSERT_EQ(got.kind, want.v_case());
  switch (want.v_case()) {
    case v1::Value::kText:
      EXPECT_EQ(got.text(), want.text());
      break;
    case v1::Value::kRef:
      EXPECT_EQ(got.ref(), want.ref());
      break;
    case v1::Value::kInteger:
      EXPECT_EQ(got.integer, want.integer());
      break;
    case v1::Value::kReal:
      EXPECT_TRUE(SameBits(got.real, want.real()));
      break;
    case v1::Value::kFlag:
      EXPECT_EQ(got.flag, want.flag());
      break;
    case v1::Value::V_NOT_SET:
      break;
  }
}

// What protobuf parsed, field by field, against what the view read.
void ExpectView(const v1::Record& want, const RecordView& got) {
  EXPECT_EQ(got.kind, want.kind());
  EXPECT_EQ(got.id, want.id());
  EXPECT_EQ(got.community_id, want.community_id());
  EXPECT_EQ(got.hlc, want.hlc());
  EXPECT_EQ(got.device_id, want.device_id());
  EXPECT_EQ(got.deleted_hlc, want.deleted_hlc());
  EXPECT_EQ(got.deleted_device_id, want.deleted_device_id());
  EXPECT_EQ(got.deleted(), want.deleted_hlc() != 0 && want.hlc() == want.deleted_hlc() &&
                               want.device_id() == want.deleted_device_id());
  ASSERT_EQ(got.fields.size(), static_cast<size_t>(want.fields_size()));
  for (int i = 0; i < want.fields_size(); ++i) {
    SCOPED_TRACE(absl::StrCat("field ", i));
    EXPECT_EQ(got.fields[i].name, want.fields(i).name());
    EXPECT_EQ(got.fields[i].hlc, want.fields(i).hlc());
    EXPECT_EQ(got.fields[i].device_id, want.fields(i).device_id());
    ExpectValue(want.fields(i).value(), got.fields[i].value);
  }
}

void ExpectSameMessage(const Message& want, const Message& got) {
  EXPECT_TRUE(MessageDifferencer::Equals(want, got))
      << "want " << want.ShortDebugString() << "\ngot  " << got.ShortDebugString();
}

TEST(PushWriter, WritesWhatProtobufWrites) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    std::vector<v1::Record> records;
    const std::vector<std::string> changes = RandomStates(rng, &records);
    const uint64_t first_seq = RandomU64(rng);
    v1::PushRequest want;
    want.set_first_seq(first_seq);
    for (v1::Record& r : records) *want.add_changes() = std::move(r);

    const std::string bytes = WritePushRequest(first_seq, changes);
    EXPECT_EQ(bytes, want.SerializeAsString());
    v1::PushRequest parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    ExpectSameMessage(want, parsed);

    size_t framed = 0;
    for (const std::string& c : changes) framed += PushChangeSize(c.size());
    EXPECT_LE(bytes.size(), PushHeadMaxSize() + framed);
    EXPECT_EQ(bytes.size(), WritePushRequest(0, changes).size() +
                                (first_seq == 0 ? 0 : WireFormatLite::UInt64Size(first_seq) + 1));
    EXPECT_EQ(WritePushRequest(0, changes).size(), framed);
  }
}

TEST(PushWriter, DeflatedHoldsTheSameChanges) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    std::vector<v1::Record> records;
    std::vector<std::string> changes = RandomStates(rng, &records);
    // Repeat them so deflating pays off, as a real batch's field names do.
    const size_t n = changes.size();
    for (size_t i = 0; i < 3 * n; ++i) changes.push_back(changes[i % n]);
    const uint64_t first_seq = RandomU64(rng);
    const std::string plain = WritePushRequest(first_seq, changes);
    const std::string bytes = WriteDeflatedPushRequest(first_seq, changes);
    EXPECT_LE(bytes.size(), plain.size());
    v1::PushRequest parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_EQ(parsed.first_seq(), first_seq);
    if (parsed.deflated_changes().empty()) {
      EXPECT_EQ(bytes, plain);
      continue;
    }
    EXPECT_EQ(parsed.changes_size(), 0);
    absl::StatusOr<std::string> entries =
        BoundedInflate(parsed.deflated_changes(), 1 << 30, DeflateWrap::kZlib);
    ASSERT_TRUE(entries.ok()) << entries.status();
    EXPECT_EQ(*entries, WritePushRequest(0, changes));
  }
}

TEST(PushWriter, TinyBatchStaysPlain) {
  const std::vector<std::string> one = {std::string("\x0a\x01x", 3)};
  EXPECT_EQ(WriteDeflatedPushRequest(7, one), WritePushRequest(7, one));
}

TEST(PushWriter, HeadRoomFitsTheLargestFirstSeq) {
  EXPECT_EQ(WritePushRequest(std::numeric_limits<uint64_t>::max(), {}).size(), PushHeadMaxSize());
}

TEST(PullPage, WritesWhatProtobufWrites) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    std::vector<v1::Record> records;
    const std::vector<std::string> states = RandomStates(rng, &records);
    v1::PullResponse want;
    for (v1::Record& r : records) *want.add_records() = std::move(r);
    want.set_next_cursor(RandomU64(rng));
    want.set_more(Chance(rng, 0.5));
    want.set_server_time_ms(static_cast<int64_t>(RandomU64(rng)));

    const std::string bytes =
        WritePullPage(states, want.next_cursor(), want.more(), want.server_time_ms());
    EXPECT_EQ(bytes, want.SerializeAsString());
    v1::PullResponse parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    ExpectSameMessage(want, parsed);

    PullPage page;
    ASSERT_TRUE(ReadPullPage(bytes, &page).ok());
    EXPECT_EQ(std::vector<std::string>(page.records.begin(), page.records.end()), states);
    EXPECT_EQ(page.next_cursor, want.next_cursor());
    EXPECT_EQ(page.more, want.more());
    EXPECT_EQ(page.server_time_ms, want.server_time_ms());
  }
}

// Two serialized responses with an unknown field between them, and unknown
// fields in each: protobuf parses their merge (records of both, the later
// scalars), and so must the reader.
TEST(PullPage, ReadsWhatProtobufParses) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    std::string bytes;
    for (int part = 0; part < 2; ++part) {
      v1::PullResponse m;
      std::vector<v1::Record> records;
      RandomStates(rng, &records);
      for (v1::Record& r : records) *m.add_records() = std::move(r);
      if (Chance(rng, 0.7)) m.set_next_cursor(RandomU64(rng));
      if (Chance(rng, 0.7)) m.set_more(Chance(rng, 0.5));
      if (Chance(rng, 0.7)) m.set_server_time_ms(static_cast<int64_t>(RandomU64(rng)));
      if (Chance(rng, 0.5)) AddUnknown(rng, &m, 4);
      bytes += m.SerializeAsString();
      if (part == 0 && Chance(rng, 0.5)) bytes += RawUnknownField(rng);
    }
    v1::PullResponse want;
    ASSERT_TRUE(want.ParseFromString(bytes));

    PullPage page;
    ASSERT_TRUE(ReadPullPage(bytes, &page).ok());
    ASSERT_EQ(page.records.size(), static_cast<size_t>(want.records_size()));
    for (int i = 0; i < want.records_size(); ++i) {
      EXPECT_EQ(page.records[i], want.records(i).SerializeAsString()) << "record " << i;
    }
    EXPECT_EQ(page.next_cursor, want.next_cursor());
    EXPECT_EQ(page.more, want.more());
    EXPECT_EQ(page.server_time_ms, want.server_time_ms());
  }
}

TEST(PullPage, RefusesWhatProtobufRefuses) {
  const std::string good =
      WritePullPage({v1::Record().SerializeAsString(), "\x0a\x01x"}, 7, true, 1000);
  PullPage page;
  ASSERT_TRUE(ReadPullPage(good, &page).ok());
  for (size_t cut = 1; cut < good.size(); ++cut) {
    const std::string bytes = good.substr(0, cut);
    v1::PullResponse m;
    if (m.ParseFromString(bytes)) continue;  // a cut at a field boundary
    EXPECT_EQ(ReadPullPage(bytes, &page).code(), absl::StatusCode::kInternal) << cut;
  }
  EXPECT_FALSE(ReadPullPage(std::string("\0", 1), &page).ok());        // field number 0
  EXPECT_FALSE(ReadPullPage("\x0a\xff\xff\xff\xff\x0f", &page).ok());  // 4 GB record
}

// Records as protobuf writes them, and as concatenations of two writes
// (their merge): the view reads what protobuf parses.
TEST(RecordView, ReadsWhatProtobufParses) {
  RecordView view;  // reused, as the reports reuse theirs
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    std::string bytes = RandomRecord(rng).SerializeAsString();
    if (Chance(rng, 0.3)) bytes += RawUnknownField(rng) + RandomRecord(rng).SerializeAsString();
    v1::Record want;
    ASSERT_TRUE(want.ParseFromString(bytes));
    ASSERT_TRUE(ReadRecordView(bytes, &view));
    ExpectView(want, view);
  }
}

// A field whose value comes in two parts: protobuf merges them, so a part
// with no value, or with only unknown fields, keeps the value before it.
TEST(RecordView, MergesAValueSentInPartsAsProtobufDoes) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE(absl::StrCat("HROMADA_WIRE_SEED=", seed));
    Rng rng(seed);
    v1::Field a, b;
    a.set_name(RandomName(rng));
    RandomValue(rng, a.mutable_value());
    if (Chance(rng, 0.5)) RandomValue(rng, b.mutable_value());
    if (Chance(rng, 0.5)) b.set_hlc(RandomU64(rng));
    std::string bytes;
    {
      google::protobuf::io::StringOutputStream stream(&bytes);
      google::protobuf::io::CodedOutputStream coded(&stream);
      WireFormatLite::WriteBytes(v1::Record::kFieldsFieldNumber,
                                 a.SerializeAsString() + b.SerializeAsString(), &coded);
    }
    v1::Record want;
    ASSERT_TRUE(want.ParseFromString(bytes));
    RecordView view;
    ASSERT_TRUE(ReadRecordView(bytes, &view));
    ExpectView(want, view);
  }
}

TEST(RecordView, ReadsNanAsItsBits) {
  v1::Record r;
  r.add_fields()->mutable_value()->set_real(std::nan("1"));
  const std::string bytes = r.SerializeAsString();
  RecordView view;
  ASSERT_TRUE(ReadRecordView(bytes, &view));
  ExpectView(r, view);
}

// Deleted is the tombstone being the record's clock, whatever the fields.
TEST(RecordView, DeletedIsTheTombstoneBeingTheRecordsClock) {
  v1::Record r;
  r.set_hlc(50);
  r.set_device_id("A");
  r.set_deleted_hlc(50);
  r.set_deleted_device_id("A");
  r.add_fields()->set_name("full_name");  // kept by the tombstone
  RecordView view;
  std::string bytes;  // the view's bytes: they must outlive it
  auto read = [&] {
    bytes = r.SerializeAsString();
    return ReadRecordView(bytes, &view);
  };
  ASSERT_TRUE(read());
  EXPECT_TRUE(view.deleted());
  r.set_device_id("B");  // a later write on another device at the same ms
  ASSERT_TRUE(read());
  EXPECT_FALSE(view.deleted());
  r.set_device_id("A");
  r.set_hlc(51);
  ASSERT_TRUE(read());
  EXPECT_FALSE(view.deleted());
  r.clear_deleted_hlc();
  r.clear_deleted_device_id();
  r.set_hlc(0);
  r.set_device_id("");
  ASSERT_TRUE(read());
  EXPECT_FALSE(view.deleted());  // no tombstone, no clock
}

TEST(RecordView, RefusesTruncatedRecords) {
  Rng rng(7);
  v1::Record r = RandomRecord(rng);
  r.add_fields()->mutable_value()->set_text("Станіслав");
  const std::string good = r.SerializeAsString();
  RecordView view;
  for (size_t cut = 0; cut < good.size(); ++cut) {
    v1::Record m;
    if (m.ParseFromString(good.substr(0, cut))) continue;
    EXPECT_FALSE(ReadRecordView(good.substr(0, cut), &view)) << cut;
  }
}

}  // namespace
}  // namespace hromada::wire
