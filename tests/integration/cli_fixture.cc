#include "tests/integration/cli_fixture.h"

#include <gmock/gmock.h>

namespace hromada::test {

using nlohmann::json;
using ::testing::HasSubstr;

// The length of a UUID's text: what a creating command prints first.
constexpr size_t kIdLength = 36;

std::string CliFixture::ProfilePath(const std::string& profile) const {
  return dir_.Path(profile + ".db");
}

absl::StatusOr<ToolResult> CliFixture::Hromada(const std::string& profile,
                                               std::vector<std::string> args) {
  return Hromada(profile, std::move(args), cli_options_);
}

absl::StatusOr<ToolResult> CliFixture::Hromada(const std::string& profile,
                                               std::vector<std::string> args,
                                               const ToolOptions& options) {
  args.insert(args.begin(), {"--profile", ProfilePath(profile)});
  return RunToolWithResult("hromada", args, options);
}

std::string CliFixture::Ok(const std::string& profile, const std::vector<std::string>& args) {
  absl::StatusOr<ToolResult> r = Hromada(profile, args);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return "";
  EXPECT_EQ(r->exit_code, 0) << profile << ": " << args[0] << ": " << r->err;
  return r->out;
}

ToolResult CliFixture::Fails(const std::string& profile, const std::vector<std::string>& args) {
  absl::StatusOr<ToolResult> r = Hromada(profile, args);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : ToolResult{};
}

std::string CliFixture::Id(const std::string& profile, const std::vector<std::string>& args) {
  return Ok(profile, args).substr(0, kIdLength);
}

json CliFixture::Json(const std::string& profile, const std::vector<std::string>& args) {
  return json::parse(Ok(profile, args), nullptr, /*allow_exceptions=*/false);
}

void CliFixture::Enrol(const std::string& profile, const std::string& communities,
                       const std::string& role) {
  EnrolWith(profile, NewCode(profile, communities, role));
}

void CliFixture::EnrolWith(const std::string& profile, const std::string& code) {
  EXPECT_THAT(Ok(profile, {"enrol", "--server", server_->url(), "--code", code}),
              HasSubstr("Enrolled"));
}

std::string CliFixture::AddPerson(const std::string& profile, const std::string& community,
                                  const std::string& name) {
  return Id(profile, {"persons", "add", "--community", community, name});
}

}  // namespace hromada::test
