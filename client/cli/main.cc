// hromada: the field staff's command-line client. See `hromada --help`.
#include <unistd.h>

#include <iostream>

#include "client/cli/commands.h"
#include "client/cli/output.h"

int main(int argc, char** argv) {
  // Every byte the CLI prints passes one escaping filter: text synced from
  // other devices never reaches the terminal as control characters.
  hromada::cli::EscapingStreambuf out_buf(std::cout.rdbuf()), err_buf(std::cerr.rdbuf());
  std::ostream out(&out_buf), err(&err_buf);
  err.setf(std::ios::unitbuf);
  hromada::cli::CliContext context{&out, &err, {}, isatty(STDERR_FILENO) != 0, &std::cin};
  const int code = hromada::cli::RunCli(argc, argv, context);
  out.flush();
  err.flush();
  return code;
}
