#include "client/ui/gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/ui/enrol_uri.h"

namespace hromada::ui {
namespace {

using ::testing::HasSubstr;

constexpr char kHost[] = "127.0.0.1:8080";

Request Get(const std::string& path, const std::string& token = "") {
  Request r;
  r.method = "GET";
  r.path = path;
  r.headers["host"] = kHost;
  if (!token.empty()) r.query["token"] = token;
  return r;
}

std::string CookieOf(const Response& r) {
  for (const auto& [name, value] : r.headers) {
    if (name == "Set-Cookie") return value;
  }
  return "";
}

class GateTest : public ::testing::Test {
 protected:
  GateTest() : token_(NewToken()), gate_(token_, kHost, "http://127.0.0.1:8080", false) {}

  // Presents the token; returns a request that carries the session.
  Request Enter() {
    std::optional<Response> r = gate_.Check(Get("/", token_));
    EXPECT_TRUE(r.has_value());
    const std::string cookie = CookieOf(*r);
    Request next = Get("/api/session");
    next.cookies["hromada_session"] = cookie.substr(16, 64);
    return next;
  }

  std::string token_;
  Gate gate_;
};

TEST_F(GateTest, TheTokenBecomesAStrictCookieOnce) {
  std::optional<Response> r = gate_.Check(Get("/", token_));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 303);
  EXPECT_THAT(CookieOf(*r), HasSubstr("HttpOnly; SameSite=Strict"));
  EXPECT_EQ(gate_.Check(Get("/", token_))->status, 403) << "the token is spent";
}

TEST_F(GateTest, EverythingElseNeedsTheSession) {
  EXPECT_EQ(gate_.Check(Get("/"))->status, 403);
  EXPECT_EQ(gate_.Check(Get("/app.js"))->status, 403);
  Request in = Enter();
  EXPECT_FALSE(gate_.Check(in).has_value());
  in.cookies["hromada_session"] = std::string(64, '0');
  EXPECT_EQ(gate_.Check(in)->status, 403);
}

TEST_F(GateTest, AForeignHostIsRefusedAndLeavesTheTokenUnspent) {
  Request rebound = Get("/", token_);
  rebound.headers["host"] = "evil.example:8080";
  EXPECT_EQ(gate_.Check(rebound)->status, 421);
  EXPECT_EQ(gate_.Check(Get("/", token_))->status, 303);
}

TEST_F(GateTest, APostNeedsTheCsrfTokenAndTheOrigin) {
  Request post = Enter();
  post.method = "POST";
  EXPECT_EQ(gate_.Check(post)->status, 403) << "no CSRF token";
  post.headers["x-csrf-token"] = std::string(64, 'a');
  EXPECT_EQ(gate_.Check(post)->status, 403) << "a wrong one";
  post.headers["x-csrf-token"] = gate_.csrf();
  EXPECT_FALSE(gate_.Check(post).has_value());
  post.headers["origin"] = "http://evil.example";
  EXPECT_EQ(gate_.Check(post)->status, 403) << "another origin";
  post.headers["origin"] = "http://127.0.0.1:8080";
  EXPECT_FALSE(gate_.Check(post).has_value());
}

TEST_F(GateTest, AnswersCarryAStrictPolicy) {
  Response r;
  Gate::Harden(r, true);
  std::map<std::string, std::string> headers(r.headers.begin(), r.headers.end());
  EXPECT_THAT(headers["Content-Security-Policy"], HasSubstr("default-src 'self'"));
  EXPECT_THAT(headers["Content-Security-Policy"], ::testing::Not(HasSubstr("unsafe-inline")));
  EXPECT_EQ(headers["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(headers["Cache-Control"], "no-store");
}

TEST(EnrolUriTest, ReadsTheCardsText) {
  absl::StatusOr<EnrolCardText> card = ParseEnrolUri(
      "  hromada://enrol?server=https://hromada.example.org:8443&code=AB12-CD34"
      "&pin=sha256//abc%2Bdef%3D\n");
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->server_url, "https://hromada.example.org:8443");
  EXPECT_EQ(card->code, "AB12-CD34");
  EXPECT_EQ(card->pin, "sha256//abc+def=");
}

TEST(EnrolUriTest, RefusesWhatIsNotACard) {
  for (const char* text :
       {"", "https://hromada.example.org", "hromada://enrol?server=x", "hromada://enrol?code=x",
        "hromada://enrol?server=a%2&code=b", "hromada://enrol?server=a%zz&code=b"}) {
    EXPECT_EQ(ParseEnrolUri(text).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace hromada::ui
