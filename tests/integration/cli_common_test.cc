// The two binaries speak through one command module (shared/cli/): the
// same kind of error ends `hromada` and `hromada-server admin` with the same
// exit code and the same words, and `report` takes the same flags in both,
// reads them alike and writes the same file from the same records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/integration/cli_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

class CliCommonTest : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    Enrol("coordinator", "Bilozerka,Stanislav", "network-coordinator");
    AddPerson("coordinator", bilozerka_, "Олена Коваленко");
    Ok("coordinator", {"sync"});
  }

  // `hromada-server admin <args...> --db <the server's database>`.
  ToolResult Admin(std::vector<std::string> args) {
    args.insert(args.begin(), "admin");
    args.insert(args.begin() + 2, {"--db", server_->db_path()});
    absl::StatusOr<ToolResult> r = RunToolWithResult(ServerBinary(), args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ToolResult{};
  }
  ToolResult Device(const std::vector<std::string>& args) {
    absl::StatusOr<ToolResult> r = Hromada("coordinator", args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ToolResult{};
  }

  // The long options `--help` of a command lists.
  static std::set<std::string> Flags(const std::string& help) {
    std::set<std::string> flags;
    const std::regex option(R"((^|[ ,])(--[a-z][a-z-]*))");
    for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it) {
      flags.insert((*it)[2]);
    }
    return flags;
  }

  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }
};

TEST_F(CliCommonTest, TheSameErrorEndsBothWithTheSameCodeAndWords) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string says;
  };
  const Case cases[] = {
      {{"report", "--community", "Atlantis"}, 1, "knows no community 'Atlantis'"},
      {{"report", "--from", "31.02.2024"}, 1, "--from: there is no day 31.02.2024"},
      {{"report", "--to", "2024/05/01"}, 1, "--to: must be a date as YYYY-MM-DD"},
      {{"report", "--format", "pdf"}, 1, "pdf"},
      {{"report", "--lang", "fr"}, 1, "fr"},
      {{"report", "--format", "xlsx"}, 1, "workbook is a file: give --output FILE.xlsx"},
      {{"report", "--colour"}, 1, "has no option '--colour'"},
  };
  for (const Case& c : cases) {
    const ToolResult device = Device(c.args);
    const ToolResult server = Admin(c.args);
    EXPECT_EQ(device.exit_code, c.exit_code) << c.args[1] << ": " << device.err;
    EXPECT_EQ(server.exit_code, c.exit_code) << c.args[1] << ": " << server.err;
    EXPECT_THAT(device.err, HasSubstr(c.says));
    EXPECT_THAT(server.err, HasSubstr(c.says));
    EXPECT_THAT(device.err, ::testing::StartsWith("hromada: "));
    EXPECT_THAT(server.err, ::testing::StartsWith("hromada-server: "));
  }
}

TEST_F(CliCommonTest, AnUnknownCommandIsAUsageErrorInBoth) {
  const ToolResult device = Device({"repot"});
  const ToolResult server = Admin({"repot"});
  EXPECT_EQ(device.exit_code, 1);
  EXPECT_EQ(server.exit_code, 1);
  EXPECT_THAT(device.err, HasSubstr("did you mean 'report'?"));
  EXPECT_THAT(server.err, HasSubstr("did you mean 'admin report'?"));
}

// Issue 19 item 10: no command is a usage error that names the commands,
// and the help of a flag that is on by default does not read as off.
TEST_F(CliCommonTest, TheServerWithoutACommandSaysWhichThereAre) {
  absl::StatusOr<ToolResult> bare = RunToolWithResult(ServerBinary(), {});
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ(bare->exit_code, 1) << "a usage error";
  EXPECT_EQ(bare->err,
            "hromada-server: Name a command: serve or admin; see `hromada-server --help`.\n");
  absl::StatusOr<ToolResult> help = RunToolWithResult(ServerBinary(), {"serve", "--help"});
  ASSERT_TRUE(help.ok()) << help.status();
  EXPECT_THAT(help->out, HasSubstr("--no-reflection"));
  EXPECT_THAT(help->out, ::testing::Not(HasSubstr("{false}")));
}

TEST_F(CliCommonTest, ReportTakesTheSameFlagsInBoth) {
  std::set<std::string> device = Flags(Device({"report", "--help"}).out);
  std::set<std::string> server = Flags(Admin({"report", "--help"}).out);
  EXPECT_TRUE(server.erase("--db")) << "the server's report reads a database";
  for (const char* profile : {"--profile", "--passphrase-file"}) {  // every hromada command's
    EXPECT_TRUE(device.erase(profile)) << profile;
  }
  EXPECT_TRUE(device.count("--prepared-by") && device.count("--bom"));
  EXPECT_EQ(device, server);

  // All of them at once, typed alike, give the same file from the same
  // records (the coordinator has synced everything there is).
  const std::string on_device = dir_.Path("device.csv"), on_server = dir_.Path("server.csv");
  const std::vector<std::string> flags = {
      "--community",    "білозерка", "--from", "1.5.2024", "--to", "2030-12-31",
      "--format",       "csv",       "--bom",  "--lang",   "en",   "--prepared-by",
      "Network office", "--output"};
  std::vector<std::string> args = {"report"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(on_device);
  ToolResult r = Device(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Wrote the report to " + on_device));
  args.back() = on_server;
  r = Admin(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Wrote the report to " + on_server));
  const std::string csv = Read(on_device);
  EXPECT_THAT(csv, ::testing::StartsWith("\xEF\xBB\xBF"
                                         "summary\r\n"));
  EXPECT_THAT(csv, HasSubstr("Bilozerka"));
  EXPECT_EQ(csv, Read(on_server));
}

}  // namespace
}  // namespace hromada::test
