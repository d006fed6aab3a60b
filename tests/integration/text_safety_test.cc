// Text that reaches other people's screens and spreadsheets, through the
// real server process: control characters are refused on push, and a
// community named like a formula comes out of the CSV report neutralised.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/forms/survey.h"
#include "shared/sync/hlc.h"
#include "tests/integration/by_hand.h"
#include "tests/integration/fixture.h"
#include "tests/unit/record_builders.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TextSafetyTest : public SyncFixture {
 protected:
  // Enrols a device; its token.
  std::string Enrol(CurlTransport& transport, const std::string& role) {
    absl::StatusOr<std::string> token = EnrolByHand(transport, NewCode(role, "Bilozerka", role));
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  v1::PushResponse Push(CurlTransport& transport, const std::string& token,
                        const std::vector<v1::Record>& changes) {
    absl::StatusOr<v1::PushResponse> response = PushByHand(transport, token, changes);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.value_or(v1::PushResponse());
  }

  // A survey form record, version 1 of `form`, whose `questions` is the
  // JSON text given (escapes as written in it).
  v1::Record Form(const std::string& form, const std::string& questions) {
    v1::Value version;
    version.set_integer(1);
    return RecordOf("survey", Uuid::Parse(SurveyId(form, 1))->bytes(), "", Clock(),
                    {{"form", Text(form)},
                     {"title", Text("Потреби")},
                     {"version", version},
                     {"questions", Text(questions)}});
  }

  uint64_t Clock() { return HlcPack(SystemClock::Get().NowMillis(), ++logical_); }

  uint32_t logical_ = 0;
};

TEST_F(TextSafetyTest, PersonNamedWithEscOrC1ControlsIsRefused) {
  auto transport = *CurlTransport::Create(server_->url());
  absl::StatusOr<std::string> token = EnrolByHand(*transport, NewCode("field", "Bilozerka"));
  ASSERT_TRUE(token.ok()) << token.status();

  const std::string names[] = {"Олена\x1b[2J\x1b[H", "Олена\x1b]0;title\x07",
                               "Олена\xc2\x9b"
                               "31m",
                               "Олена\xc2\x85", "Олена Коваленко"};
  std::vector<v1::Record> changes;
  for (const std::string& name : names) {
    v1::Record& r = changes.emplace_back();
    r.set_kind("person");
    r.set_id(Uuid::V4().bytes());
    r.set_community_id(Uuid::Parse(bilozerka_)->bytes());
    r.set_hlc(HlcPack(SystemClock::Get().NowMillis(), changes.size()));
    v1::Field* f = r.add_fields();
    f->set_name("full_name");
    f->mutable_value()->set_text(name);
  }
  absl::StatusOr<v1::PushResponse> pushed = PushByHand(*transport, *token, changes);
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  const v1::PushResponse& response = *pushed;
  ASSERT_EQ(response.rejections_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(response.rejections(i).device_seq(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(response.rejections(i).code(),
              static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(response.rejections(i).field(), "full_name");
    EXPECT_THAT(response.rejections(i).message(), HasSubstr("control character"));
  }
}

// Issue 22: a name that reads "Олена" but is stored otherwise, or two
// names that look alike and are not, spoof what a coordinator reads.
TEST_F(TextSafetyTest, NamesWithBidiControlsOrInvisibleCharactersAreRefused) {
  auto transport = *CurlTransport::Create(server_->url());
  const std::string token = Enrol(*transport, "field");
  const std::string community = Uuid::Parse(bilozerka_)->bytes();
  struct Case {
    const char* kind;
    const char* field;
    std::string text;
    const char* named;
  };
  const Case cases[] = {
      {"person", "full_name",
       "\u202E"
       "онелО",
       "U+202E RIGHT-TO-LEFT OVERRIDE"},
      {"person", "full_name", "Олена\u2066 Коваленко\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"},
      {"person", "full_name", "Оле\u200Bна", "U+200B ZERO WIDTH SPACE"},
      {"person", "organisation",
       "\uFEFF"
       "ДСНС",
       "U+FEFF ZERO WIDTH NO-BREAK SPACE"},
      {"initiative", "title", "Укриття\u2028для школи", "U+2028 LINE SEPARATOR"},
      {"meeting", "notes", "зібрали 1\u202E000 грн", "U+202E RIGHT-TO-LEFT OVERRIDE"},
  };
  std::vector<v1::Record> changes;
  for (const Case& c : cases) {
    FieldList fields = {{c.field, Text(c.text)}};
    if (std::string(c.kind) == "person" && std::string(c.field) != "full_name") {
      fields.push_back({"full_name", Text("Олена")});
    }
    if (std::string(c.kind) == "initiative") fields.push_back({"status", Text("proposed")});
    if (std::string(c.kind) == "meeting") fields.push_back({"date", Text("2025-03-01")});
    changes.push_back(RecordOf(c.kind, Uuid::V4().bytes(), community, Clock(), fields));
  }
  const v1::PushResponse response = Push(*transport, token, changes);
  ASSERT_EQ(response.rejections_size(), static_cast<int>(std::size(cases)));
  for (int i = 0; i < response.rejections_size(); ++i) {
    const v1::Rejection& r = response.rejections(i);
    EXPECT_EQ(r.code(), static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(r.field(), cases[r.device_seq() - 1].field);
    EXPECT_THAT(r.message(), HasSubstr(absl::StrCat("contains ", cases[r.device_seq() - 1].named)));
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

// Escapes inside a form's JSON (\u001b, \u009b, \u0085) decode to control
// characters; the server's check of a pushed form reads the decoded text,
// so such a form is not published, and neither is an answer holding one.
TEST_F(TextSafetyTest, FormAndAnswerJsonEscapingControlCharactersAreRefused) {
  auto transport = *CurlTransport::Create(server_->url());
  const std::string network = Enrol(*transport, "network-coordinator");
  const std::string choice = R"("type":"single_choice","options":[{"id":"a","label":"Так"},)";
  const std::vector<v1::Record> forms = {
      Form("esc", R"([{"id":"q","type":"text","text":"Що?\u001b[2J\u001b[H","max_length":9}])"),
      Form("csi",
           "[{\"id\":\"q\"," + choice + R"({"id":"b","label":"\u009b31mНі"}],"text":"Що?"}])"),
      Form("nel", R"([{"id":"q","type":"text","text":"Що?\u0085","max_length":9}])"),
      Form("good", R"([{"id":"q","type":"text","text":"Що?","max_length":20}])")};
  v1::PushResponse response = Push(*transport, network, forms);
  ASSERT_EQ(response.rejections_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(response.rejections(i).device_seq(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(response.rejections(i).field(), "questions");
    EXPECT_THAT(response.rejections(i).message(), HasSubstr("control character"));
  }

  const std::string field = Enrol(*transport, "field");
  v1::Value version;
  version.set_integer(1);
  const auto answer = [&](const std::string& answers) {
    return RecordOf("survey_response", Uuid::V4().bytes(), Uuid::Parse(bilozerka_)->bytes(),
                    Clock(),
                    {{"survey", RefTo(Uuid::Parse(SurveyId("good", 1))->bytes())},
                     {"survey_version", version},
                     {"date", Text("2026-03-01")},
                     {"answers", Text(answers)},
                     {"state", Text("final")}});
  };
  response = Push(*transport, field,
                  {answer(R"({"q":"Вода\u001b]0;pwned\u0007"})"), answer(R"({"q":"Вода"})")});
  ASSERT_EQ(response.rejections_size(), 1);
  EXPECT_EQ(response.rejections(0).device_seq(), 1u);
  EXPECT_EQ(response.rejections(0).field(), "answers");
  EXPECT_THAT(response.rejections(0).message(), HasSubstr("control character"));
}

}  // namespace
}  // namespace hromada::test
