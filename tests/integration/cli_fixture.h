// The integration tests that drive the real `hromada` binary: SyncFixture
// (a real hromada-server on loopback) plus the command line on profiles in
// the test's folder. A profile is named by a short name ("a",
// "coordinator"); its file is <test folder>/<name>.db, and the name is
// also the device's name on the server when Enrol registers it.
//
// Failures: the helpers report a command that could not run (or, for Ok,
// did not exit 0) as a non-fatal test failure and go on with an empty
// answer, so a test's own assertions still say what went wrong after.
// Not thread-safe (like the fixture).
#ifndef HROMADA_TESTS_INTEGRATION_CLI_FIXTURE_H_
#define HROMADA_TESTS_INTEGRATION_CLI_FIXTURE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/integration/fixture.h"
#include "tests/support/run_tool.h"

namespace hromada::test {

class CliFixture : public SyncFixture {
 protected:
  // The file of profile `profile`.
  std::string ProfilePath(const std::string& profile) const;

  // Runs `hromada --profile <file> args...` with cli_options_, or with
  // `options` (stdin, environment). Fails only as RunToolWithResult does:
  // the exit code is the caller's to check.
  absl::StatusOr<ToolResult> Hromada(const std::string& profile, std::vector<std::string> args);
  absl::StatusOr<ToolResult> Hromada(const std::string& profile, std::vector<std::string> args,
                                     const ToolOptions& options);
  // A command that must exit 0: its stdout.
  std::string Ok(const std::string& profile, const std::vector<std::string>& args);
  // A command that must run, expected to fail: its result to check.
  ToolResult Fails(const std::string& profile, const std::vector<std::string>& args);
  // A command that must exit 0 and print an id first (a UUID): the id.
  std::string Id(const std::string& profile, const std::vector<std::string>& args);
  // A command that must exit 0: its stdout as JSON (a discarded value if
  // it is not JSON, which no comparison matches).
  nlohmann::json Json(const std::string& profile, const std::vector<std::string>& args);

  // Registers a device named `profile` and enrols the profile with
  // `hromada enrol`, which must say "Enrolled".
  void Enrol(const std::string& profile, const std::string& communities,
             const std::string& role = "field");
  // Enrols the profile with a one-time code the test already has.
  void EnrolWith(const std::string& profile, const std::string& code);
  // `hromada persons add --community <community> <name>`: the person's id.
  std::string AddPerson(const std::string& profile, const std::string& community,
                        const std::string& name);

  // What every Hromada call without options of its own runs with.
  ToolOptions cli_options_;
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_INTEGRATION_CLI_FIXTURE_H_
