// The `hromada` command line run in process (cli::RunCli), for the CLI's
// tests in this folder: ClientTest's device options (manual clock, the
// server's logic behind the faulty transport) and profiles in its
// temporary folder. Each run replaces what Out() and Err() hold.
//
// tests/integration/cli_fixture.h runs the real binary against a real
// server instead, for what only a process shows.
// Not thread-safe (like the fixture).
#ifndef HROMADA_TESTS_CLIENT_CLI_FIXTURE_H_
#define HROMADA_TESTS_CLIENT_CLI_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/commands.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {

class CliTest : public ClientTest {
 protected:
  // Runs `hromada --profile <profile> args...` with `input` as its stdin:
  // the exit code.
  int RunOn(const std::string& profile, std::vector<std::string> args,
            const std::string& input = "") {
    out_.str("");
    err_.str("");
    std::istringstream in(input);
    args.insert(args.begin(), {"hromada", "--profile", profile});
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    cli::CliContext ctx{&out_, &err_, Options(), live_, &in};
    return cli::RunCli(static_cast<int>(argv.size()), argv.data(), ctx);
  }
  // The same on the test's profile, Profile().
  int Run(std::vector<std::string> args, const std::string& input = "") {
    return RunOn(Profile(), std::move(args), input);
  }
  std::string Profile() const { return dir_.Path(kProfile); }

  std::string Out() const { return out_.str(); }
  std::string Err() const { return err_.str(); }
  // The id the last command printed first.
  std::string Id() const { return Out().substr(0, 36); }
  // Runs a command that must succeed: the id it printed first.
  std::string Make(const std::vector<std::string>& args) {
    EXPECT_EQ(Run(args), 0) << Err();
    return Id();
  }
  // A refused command: exit 1, one sentence on stderr naming `part`.
  void ExpectRefused(const std::vector<std::string>& args, const std::string& part) {
    EXPECT_EQ(Run(args), 1) << Out();
    const std::string err = Err();
    EXPECT_THAT(err, ::testing::StartsWith("hromada: "));
    EXPECT_THAT(err, ::testing::HasSubstr(part));
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  // Writes `text` to `name` in the test's folder: its path.
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_.Path(name);
    std::ofstream(path) << text;
    return path;
  }

  // The profile's file name in dir_.
  static constexpr char kProfile[] = "field.db";

  std::ostringstream out_, err_;
  bool live_ = false;  // the progress line and retry lines on err_
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_CLIENT_CLI_FIXTURE_H_
