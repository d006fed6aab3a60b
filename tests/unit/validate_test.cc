// Tests of record validation (shared/sync/validate.h): every bad change is
// refused with INVALID_ARGUMENT (or FAILED_PRECONDITION for a clock ahead)
// and names the field to blame; good changes, including fields this build
// does not know, pass.
#include "shared/sync/validate.h"

#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "shared/sync/hlc.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::IdOf;
using test::Int;
using test::Text;
using v1::Record;
using v1::Value;

constexpr int64_t kNow = 1700000000000;

Record Base(const std::string& kind, bool shared) {
  Record r;
  r.set_kind(kind);
  r.set_id(IdOf(0x42));
  if (!shared) r.set_community_id(test::kCommunity);
  r.set_hlc(HlcPack(kNow, 0));
  return r;
}

void Set(Record* r, const std::string& name, const Value& value) {
  v1::Field* f = r->add_fields();
  f->set_name(name);
  *f->mutable_value() = value;
}

Value Ref(const std::string& bytes) {
  Value v;
  v.set_ref(bytes);
  return v;
}
Value Real(double x) {
  Value v;
  v.set_real(x);
  return v;
}
Value Flag(bool b) {
  Value v;
  v.set_flag(b);
  return v;
}

Record Person() {
  Record r = Base("person", false);
  Set(&r, "full_name", Text("Олена Коваленко"));
  Set(&r, "gender", Text("female"));
  Set(&r, "birth_year", Int(1985));
  Set(&r, "idp", Flag(true));
  return r;
}

Record Meeting(const std::string& date) {
  Record r = Base("meeting", false);
  Set(&r, "date", Text(date));
  Set(&r, "number", Int(12));
  Set(&r, "format", Text("hybrid"));
  return r;
}

Record Community() {
  Record r = Base("community", true);
  Set(&r, "name_uk", Text("Чорнобаївка"));
  Set(&r, "name_latin", Text("Chornobaivka"));
  return r;
}

Record Attendance(const std::string& meeting_ref) {
  Record r = Base("attendance", false);
  Set(&r, "meeting", Ref(meeting_ref));
  Set(&r, "person", Ref(IdOf(0x43)));
  return r;
}

constexpr char kQuestions[] =
    R"([{"id":"safety","type":"rating","text":"Безпечно?","required":false,"min":1,"max":5}])";

Record Survey(const std::string& questions = kQuestions) {
  Record r = Base("survey", true);
  Set(&r, "form", Text("needs"));
  Set(&r, "questions", Text(questions));
  Set(&r, "title", Text("Потреби громади 2024"));
  Set(&r, "version", Int(1));
  return r;
}

Record Response(const std::string& answers) {
  Record r = Base("survey_response", false);
  Set(&r, "answers", Text(answers));
  Set(&r, "date", Text("2024-05-02"));
  Set(&r, "survey", Ref(IdOf(0x45)));
  Set(&r, "survey_version", Int(1));
  return r;
}

// Expects `status` to carry `code` and to blame `field`.
void ExpectRefused(const absl::Status& status, const std::string& field,
                   absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_EQ(ErrorField(status), field) << status;
  EXPECT_FALSE(status.message().empty());
}

TEST(ValidateChangeTest, AcceptsGoodChangesOfEveryKindShape) {
  EXPECT_TRUE(ValidateChange(Person()).ok()) << ValidateChange(Person());
  EXPECT_TRUE(ValidateChange(Meeting("2024-02-29")).ok());
  EXPECT_TRUE(ValidateChange(Community()).ok());
  EXPECT_TRUE(ValidateChange(Attendance(IdOf(0x44))).ok());
  Record initiative = Base("initiative", false);
  Set(&initiative, "title", Text("Укриття для школи"));
  Set(&initiative, "status", Text("awaiting_funding"));
  Set(&initiative, "estimated_cost", Real(125000.5));
  EXPECT_TRUE(ValidateChange(initiative).ok());
  Set(&initiative, "donor", Text(""));
  EXPECT_TRUE(ValidateChange(initiative).ok()) << "empty text is text";
}

TEST(ValidateChangeTest, OkHasNoErrorField) { EXPECT_EQ(ErrorField(absl::OkStatus()), ""); }

TEST(ValidateChangeTest, RefusesInvalidUtf8Text) {
  for (const std::string& bad :
       {std::string("\xff"), std::string("Ol\xd0"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("a\0b", 3)}) {
    Record r = Person();
    Set(&r, "notes", Text(bad));
    ExpectRefused(ValidateChange(r), "notes");
  }
}

// Issue 10: a name with ESC sequences rewrote a coordinator's terminal.
TEST(ValidateChangeTest, RefusesControlCharactersExceptNewlineAndTabInMultiLineText) {
  for (const std::string& bad :
       {std::string("Олена\x1b[2J"), std::string("Олена\x1b]0;x\x07"),
        std::string("a\xc2\x9b"
                    "31m"),
        std::string("a\xc2\x85"
                    "b"),
        std::string("a\rb"), std::string("a\x7f"), std::string("a\nb"), std::string("a\tb")}) {
    // A person whose one full_name is `bad` (Person() has one already:
    // a second would be refused as set twice, whatever it held).
    Record r = Base("person", false);
    Set(&r, "full_name", Text(bad));
    const absl::Status s = ValidateChange(r);
    ExpectRefused(s, "full_name");
    EXPECT_NE(s.message().find("control character"), std::string::npos) << s.message();
  }
  Record notes = Person();
  Set(&notes, "notes", Text("line one\n\tline two"));
  EXPECT_TRUE(ValidateChange(notes).ok());
  Record red = Person();
  Set(&red, "notes", Text("line one\n\x1b[31mred"));
  ExpectRefused(ValidateChange(red), "notes");
  EXPECT_NE(ValidateChange(red).message().find("control character"), std::string::npos);
  Record unknown = Person();
  Set(&unknown, "x_future",
      Text("a\x1b"
           "b"));
  ExpectRefused(ValidateChange(unknown), "x_future");
}

// Issue 22: bidi controls and invisible characters spoof what a
// coordinator reads; refused with the character's name.
TEST(ValidateChangeTest, RefusesBidiControlsAndInvisibleCharactersByName) {
  const std::pair<const char*, const char*> kCases[] = {
      {"\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"},
      {"\u202A", "U+202A LEFT-TO-RIGHT EMBEDDING"},
      {"\u202D", "U+202D LEFT-TO-RIGHT OVERRIDE"},
      {"\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"},
      {"\u2069", "U+2069 POP DIRECTIONAL ISOLATE"},
      {"\u200B", "U+200B ZERO WIDTH SPACE"},
      {"\u200D", "U+200D ZERO WIDTH JOINER"},
      {"\u200F", "U+200F RIGHT-TO-LEFT MARK"},
      {"\u2028", "U+2028 LINE SEPARATOR"},
      {"\u2029", "U+2029 PARAGRAPH SEPARATOR"},
      {"\uFEFF", "U+FEFF ZERO WIDTH NO-BREAK SPACE"},
      {"\u00AD", "U+00AD SOFT HYPHEN"},
      {"\u3164", "U+3164 HANGUL FILLER"},
      {"\U000E0041", "U+E0041 TAG CHARACTER"},
  };
  for (const auto& [hidden, name] : kCases) {
    Record r = Base("person", false);
    Set(&r, "full_name", Text(std::string("Оле") + hidden + "на"));
    absl::Status s = ValidateChange(r);
    ExpectRefused(s, "full_name");
    EXPECT_NE(s.message().find(std::string("'full_name' contains ") + name), std::string::npos)
        << s.message();
  }
  // Free text keeps the joiners that emoji and some scripts need, nothing else.
  const auto notes = [](const std::string& text) {
    Record r = Person();
    Set(&r, "notes", Text(text));
    return ValidateChange(r);
  };
  EXPECT_TRUE(notes("сім'я \U0001F468\u200D\U0001F469\u200D\U0001F467").ok());
  for (const char* bad : {"сума 1\u202E000", "a\u2028b", "a\u200Bb"}) {
    absl::Status s = notes(bad);
    ExpectRefused(s, "notes");
    EXPECT_NE(s.message().find("'notes' contains U+"), std::string::npos) << s.message();
  }
  // Letters, punctuation and spaces of both scripts pass.
  Record fine = Base("person", false);
  Set(&fine, "full_name", Text("Олена О'Ніл-Коваленко Jr."));
  EXPECT_TRUE(ValidateChange(fine).ok()) << ValidateChange(fine);
}

TEST(ValidateChangeTest, CountsTextLengthInCharactersNotBytes) {
  Record ok = Person();
  Set(&ok, "phone", Text(std::string(32, '1')));
  Set(&ok, "organisation", Text([] {
    std::string s;
    for (int i = 0; i < 200; ++i) s += "ї";  // 400 bytes, 200 characters
    return s;
  }()));
  EXPECT_TRUE(ValidateChange(ok).ok()) << ValidateChange(ok);
  Record bad = Person();
  Set(&bad, "phone", Text(std::string(33, '1')));
  ExpectRefused(ValidateChange(bad), "phone");
}

TEST(ValidateChangeTest, RefusesAValueOfTheWrongType) {
  Record r = Person();
  Set(&r, "phone", Int(5));
  ExpectRefused(ValidateChange(r), "phone");
  Record year = Base("person", false);
  Set(&year, "full_name", Text("x"));
  Set(&year, "birth_year", Text("1985"));
  ExpectRefused(ValidateChange(year), "birth_year");
  Record flag = Base("person", false);
  Set(&flag, "veteran", Int(1));
  ExpectRefused(ValidateChange(flag), "veteran");
  Record date = Base("meeting", false);
  Set(&date, "date", Int(20240101));
  ExpectRefused(ValidateChange(date), "date");
}

TEST(ValidateChangeTest, RefusesAValueOutsideTheEnum) {
  for (const char* bad : {"f", "Female", "", "female "}) {
    Record r = Base("person", false);
    Set(&r, "gender", Text(bad));
    ExpectRefused(ValidateChange(r), "gender");
  }
}

TEST(ValidateChangeTest, RefusesBadDates) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-13-01", "2024-2-03", "03.02.2024",
                          "2024-02-03T10:00", "", "20240203", " 024-02-03"}) {
    ExpectRefused(ValidateChange(Meeting(bad)), "date");
  }
  EXPECT_TRUE(ValidateChange(Meeting("2023-12-31")).ok());
}

TEST(ValidateChangeTest, RefusesIntegersOutOfRange) {
  for (int64_t year : {int64_t{1899}, int64_t{2101}, std::numeric_limits<int64_t>::max(),
                       std::numeric_limits<int64_t>::min()}) {
    Record r = Base("person", false);
    Set(&r, "birth_year", Int(year));
    ExpectRefused(ValidateChange(r), "birth_year");
  }
  for (int64_t year : {1900, 2100}) {
    Record r = Base("person", false);
    Set(&r, "birth_year", Int(year));
    EXPECT_TRUE(ValidateChange(r).ok()) << year;
  }
}

TEST(ValidateChangeTest, RefusesRealsOutOfRangeOrNotFinite) {
  for (double bad : {-1.0, 2e12, std::nan(""), std::numeric_limits<double>::infinity()}) {
    Record r = Base("initiative", false);
    Set(&r, "estimated_cost", Real(bad));
    ExpectRefused(ValidateChange(r), "estimated_cost");
  }
  Record whole = Base("initiative", false);
  Set(&whole, "estimated_cost", Int(1000));
  EXPECT_TRUE(ValidateChange(whole).ok()) << "a whole number is a number";
}

TEST(ValidateChangeTest, RefusesARefOfTheWrongLength) {
  for (size_t n : {0, 15, 17}) {
    ExpectRefused(ValidateChange(Attendance(std::string(n, 'x'))), "meeting");
  }
  Record r = Attendance(IdOf(1));
  r.mutable_fields(1)->mutable_value()->set_text(IdOf(2));  // text, not a ref
  ExpectRefused(ValidateChange(r), "person");
}

TEST(ValidateChangeTest, RefusesAnUnknownKind) {
  Record r = Person();
  r.set_kind("persons");
  ExpectRefused(ValidateChange(r), "kind");
  r.set_kind("\xff");
  ExpectRefused(ValidateChange(r), "kind");
  r.set_kind("");
  ExpectRefused(ValidateChange(r), "kind");
}

TEST(ValidateChangeTest, RefusesABadOrNilId) {
  for (const std::string& bad :
       {std::string(), std::string(15, 'a'), std::string(17, 'a'), std::string(16, '\0')}) {
    Record r = Person();
    r.set_id(bad);
    ExpectRefused(ValidateChange(r), "id");
  }
}

TEST(ValidateChangeTest, ScopedKindsNeedACommunity) {
  Record r = Person();
  r.clear_community_id();
  ExpectRefused(ValidateChange(r), "community_id");
  r.set_community_id(std::string(8, 'c'));
  ExpectRefused(ValidateChange(r), "community_id");
}

TEST(ValidateChangeTest, SharedKindsHaveNoCommunity) {
  Record r = Community();
  r.set_community_id(test::kCommunity);
  ExpectRefused(ValidateChange(r), "community_id");
  Record survey = Survey();
  EXPECT_TRUE(ValidateChange(survey).ok()) << ValidateChange(survey);
  survey.set_community_id(test::kCommunity);
  ExpectRefused(ValidateChange(survey), "community_id");
}

// Regression: a nil community id was accepted; no community has it, so the
// record could never be pulled.
TEST(ValidateChangeTest, RefusesANilCommunityId) {
  Record r = Person();
  r.set_community_id(std::string(16, '\0'));
  ExpectRefused(ValidateChange(r), "community_id");
}

TEST(ValidateChangeTest, RefusesAChangeWithoutAClockOrWithAStrayTombstone) {
  Record r = Person();
  r.set_hlc(0);
  ExpectRefused(ValidateChange(r), "hlc");
  Record del = Person();
  del.set_deleted_hlc(del.hlc() + 1);
  ExpectRefused(ValidateChange(del), "deleted_hlc");
  del.set_deleted_hlc(del.hlc());
  EXPECT_TRUE(ValidateChange(del).ok());
}

TEST(ValidateChangeTest, RefusesAFieldWithAClockOfItsOwn) {
  Record r = Person();
  r.mutable_fields(1)->set_hlc(HlcPack(kNow, 1));
  ExpectRefused(ValidateChange(r), "gender");
  Record d = Person();
  d.mutable_fields(2)->set_device_id(IdOf(9));
  ExpectRefused(ValidateChange(d), "birth_year");
}

TEST(ValidateChangeTest, RefusesAFieldSetTwice) {
  Record r = Person();
  Set(&r, "gender", Text("male"));
  ExpectRefused(ValidateChange(r), "gender");
}

TEST(ValidateChangeTest, RefusesClearingARequiredField) {
  Record r = Base("person", false);
  Set(&r, "full_name", Value());
  ExpectRefused(ValidateChange(r), "full_name");
  Record no_value = Base("meeting", false);
  no_value.add_fields()->set_name("date");
  ExpectRefused(ValidateChange(no_value), "date");
  Record optional = Base("person", false);
  Set(&optional, "phone", Value());
  EXPECT_TRUE(ValidateChange(optional).ok()) << "an optional field may be cleared";
}

TEST(ValidateChangeTest, RefusesBadFieldNames) {
  for (const char* bad : {"", "Full_name", "1st", "full-name", "_x", "повне"}) {
    Record r = Person();
    Set(&r, bad, Text("x"));
    ExpectRefused(ValidateChange(r), "fields");
  }
  Record r = Person();
  Set(&r, std::string(65, 'a'), Text("x"));
  ExpectRefused(ValidateChange(r), "fields");
}

TEST(ValidateChangeTest, RefusesTooManyFields) {
  Record r = Base("person", false);
  for (int i = 0; i <= kMaxFieldsPerRecord; ++i) Set(&r, absl::StrCat("x", i), Int(i));
  ExpectRefused(ValidateChange(r), "fields");
  r.mutable_fields()->RemoveLast();
  EXPECT_TRUE(ValidateChange(r).ok());
}

TEST(ValidateChangeTest, AcceptsUnknownFieldsWithGoodValues) {
  Record r = Person();
  Set(&r, "zz_added_in_v2", Text("щось нове"));
  Set(&r, "zz_count", Int(-7));
  Set(&r, "zz_ratio", Real(0.5));
  Set(&r, "zz_flag", Flag(false));
  Set(&r, "zz_ref", Ref(IdOf(3)));
  Set(&r, "zz_cleared", Value());
  EXPECT_TRUE(ValidateChange(r).ok()) << ValidateChange(r);
}

TEST(ValidateChangeTest, RefusesUnknownFieldsWithBadValues) {
  Record text = Person();
  Set(&text, "zz_text", Text("\xfe"));
  ExpectRefused(ValidateChange(text), "zz_text");
  Record ref = Person();
  Set(&ref, "zz_ref", Ref("short"));
  ExpectRefused(ValidateChange(ref), "zz_ref");
  Record long_text = Person();
  Set(&long_text, "zz_text", Text(std::string(kMaxUnknownTextBytes + 1, 'a')));
  ExpectRefused(ValidateChange(long_text), "zz_text");
}

// Regression: kMaxUnknownTextBytes was checked in characters.
TEST(ValidateChangeTest, UnknownTextLimitIsInBytes) {
  std::string text;
  while (text.size() <= kMaxUnknownTextBytes) text += "я";  // 2 bytes each
  Record r = Person();
  Set(&r, "zz_text", Text(text));
  ExpectRefused(ValidateChange(r), "zz_text");
}

TEST(ValidateChangeTest, RefusesTextNotTrimmedOrNotNfc) {
  const std::string decomposed = "\xD0\x98\xCC\x86\xD0\xBE\xD1\x81\xD0\xB8\xD0\xBF";  // И + ̆
  for (const std::string& bad :
       {std::string(" Олена"), std::string("Олена "), std::string("\xC2\xA0Olena"), decomposed}) {
    Record r = Base("person", false);
    Set(&r, "full_name", Text(bad));
    ExpectRefused(ValidateChange(r), "full_name");
    EXPECT_EQ(ValidateChange(r).message(), "'full_name' must be trimmed and in Unicode NFC");
  }
  Record r = Base("person", false);
  Set(&r, "full_name", Text("Йосип Олена  Коваленко"));  // NFC; inner spaces are kept
  EXPECT_TRUE(ValidateChange(r).ok()) << ValidateChange(r);
  Record initiative = Base("initiative", false);
  Set(&initiative, "entered_funded", Text("2024-05-02 "));
  ExpectRefused(ValidateChange(initiative), "entered_funded");
}

TEST(ValidateChangeTest, ChecksASurveysFormAndQuestions) {
  for (const char* bad : {"[]", "not json", "{}", R"([{"id":"safety","type":"scale"}])"}) {
    ExpectRefused(ValidateChange(Survey(bad)), "questions");
  }
  absl::Status s =
      ValidateChange(Survey(R"([{"id":"q","type":"rating","text":"T","min":3,"max":1}])"));
  ExpectRefused(s, "questions");
  EXPECT_EQ(s.message(), "'questions': question \"q\": \"min\" must be less than \"max\"");
  Record form = Survey();
  form.mutable_fields(0)->mutable_value()->set_text("Needs 2024");
  ExpectRefused(ValidateChange(form), "form");
}

TEST(ValidateChangeTest, ResponseAnswersMustBeAJsonObject) {
  EXPECT_TRUE(ValidateChange(Response(R"({"safety": 4})")).ok());
  EXPECT_TRUE(ValidateChange(Response("{}")).ok());
  for (const char* bad : {"[]", "4", "not json", R"({"safety": )"}) {
    ExpectRefused(ValidateChange(Response(bad)), "answers");
  }
}

TEST(ValidateRequiredTest, LiveRecordsNeedTheirRequiredFields) {
  EXPECT_TRUE(ValidateRequired(Person()).ok());
  Record r = Base("person", false);
  Set(&r, "phone", Text("1"));
  ExpectRefused(ValidateRequired(r), "full_name");
  Record cleared = Base("person", false);
  Set(&cleared, "full_name", Value());
  ExpectRefused(ValidateRequired(cleared), "full_name");
  Record attendance = Base("attendance", false);
  Set(&attendance, "meeting", Ref(IdOf(1)));
  ExpectRefused(ValidateRequired(attendance), "person");
}

TEST(ValidateRequiredTest, ADeletedRecordNeedsNothing) {
  Record r = Base("person", false);
  r.set_deleted_hlc(r.hlc());
  EXPECT_TRUE(ValidateRequired(r).ok());
}

TEST(ValidateRequiredTest, RefusesAnUnknownKind) {
  Record r = Person();
  r.set_kind("nope");
  ExpectRefused(ValidateRequired(r), "kind");
}

TEST(ValidateClockTest, RefusesAChangeStampedTooFarAhead) {
  constexpr int64_t kMaxAhead = 5 * 60 * 1000;
  Record r = Person();
  r.set_hlc(HlcPack(kNow + kMaxAhead + 1, 0));
  ExpectRefused(ValidateClock(r, kNow, kMaxAhead), "hlc", absl::StatusCode::kFailedPrecondition);
  r.set_hlc(HlcPack(kNow + kMaxAhead, 0xFFFF));
  EXPECT_TRUE(ValidateClock(r, kNow, kMaxAhead).ok()) << "at the limit is allowed";
  r.set_hlc(HlcPack(kNow - 86400000, 0));
  EXPECT_TRUE(ValidateClock(r, kNow, kMaxAhead).ok()) << "a clock behind is fine";
}

Record Attachment(const std::string& sha256) {
  Record r = Base("attachment", false);
  Set(&r, "record_kind", Text("meeting"));
  Set(&r, "record", Ref(IdOf(0x44)));
  Set(&r, "sha256", Text(sha256));
  Set(&r, "size", Int(1234));
  return r;
}

TEST(ValidateChangeTest, AnAttachmentNamesItsContentBySha256) {
  const std::string good(64, 'a');
  EXPECT_TRUE(ValidateChange(Attachment(good)).ok());
  ExpectRefused(ValidateChange(Attachment(std::string(64, 'A'))), "sha256");
  ExpectRefused(ValidateChange(Attachment(std::string(63, 'a'))), "sha256");
  ExpectRefused(ValidateChange(Attachment(std::string(63, 'a') + "g")), "sha256");
}

TEST(ValidateReferencesTest, AnAttachmentNamesARecordOfItsKindInItsCommunity) {
  const Record attachment = Attachment(std::string(64, 'a'));
  Record meeting = Meeting("2024-05-01");
  meeting.set_id(IdOf(0x44));
  const auto find_in = [](const Record& held) {
    return [held](absl::string_view kind,
                  absl::string_view id) -> absl::StatusOr<std::optional<Record>> {
      if (kind == held.kind() && id == held.id()) return held;
      return std::nullopt;
    };
  };
  EXPECT_TRUE(ValidateReferences(attachment, attachment, find_in(meeting)).ok());
  ExpectRefused(ValidateReferences(attachment, attachment, find_in(Person())), "record");
  meeting.set_community_id(std::string(16, 'z'));
  ExpectRefused(ValidateReferences(attachment, attachment, find_in(meeting)), "record");
}

}  // namespace
}  // namespace hromada
