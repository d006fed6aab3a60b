// Running a command-line program to completion from a test: the project's
// own tools (`hromada`, `hromada-server admin ...`) or any executable.
//
// The program runs with posix_spawn (no shell, so arguments need no
// quoting), gets `stdin_data` on stdin and this process's environment plus
// `env`, and its stdout and stderr are captured separately, both read at
// once so a chatty program never blocks. Thread-safe.
#ifndef HROMADA_TESTS_SUPPORT_RUN_TOOL_H_
#define HROMADA_TESTS_SUPPORT_RUN_TOOL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/spawn.h"

namespace hromada {
namespace test {

struct ToolOptions {
  EnvVars env;             // set on top of this process's environment
  std::string stdin_data;  // written to the program's stdin, then closed
  // The program is killed (SIGKILL) if it runs longer than this.
  absl::Duration timeout = absl::Seconds(60);
};

struct ToolResult {
  int exit_code = -1;  // the exit code, or 128 + N if killed by signal N
  std::string out;     // all it wrote to stdout
  std::string err;     // all it wrote to stderr
};

// Runs `binary` with `args` to completion. `binary` is a path if it
// contains a '/', else a program in BinDir(). Returns the result whatever
// the exit code; fails only if the program could not run (NOT_FOUND if it
// does not exist) or overran the timeout (DEADLINE_EXCEEDED, with what it
// had written so far in the message).
absl::StatusOr<ToolResult> RunToolWithResult(const std::string& binary,
                                             const std::vector<std::string>& args,
                                             const ToolOptions& options = {});

// Runs `binary` like RunToolWithResult and returns its stdout if it exits
// with code 0. Otherwise INTERNAL with the command, how it ended and its
// stderr in the message (or the errors of RunToolWithResult).
absl::StatusOr<std::string> RunTool(const std::string& binary, const std::vector<std::string>& args,
                                    const ToolOptions& options = {});

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_RUN_TOOL_H_
