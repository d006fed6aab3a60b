// hromada: the field staff's command-line client. See `hromada --help`.
#include <unistd.h>

#include <iostream>

#include "client/cli/commands.h"

int main(int argc, char** argv) {
  hromada::cli::CliContext context{
      &std::cout, &std::cerr, {}, isatty(STDERR_FILENO) != 0, &std::cin};
  return hromada::cli::RunCli(argc, argv, context);
}
