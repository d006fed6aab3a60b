// `hromada-server admin bundle import|export`: the server's end of the
// sneakernet (server/sync/bundle.h). Each prints one line on success, one
// sentence on stderr and exit code 1 on error.
#ifndef HROMADA_SERVER_ADMIN_BUNDLE_CLI_H_
#define HROMADA_SERVER_ADMIN_BUNDLE_CLI_H_

#include <CLI/CLI.hpp>
#include <string>

namespace hromada::server {

class BundleCli {
 public:
  // Adds `bundle import` and `bundle export` under `admin`.
  explicit BundleCli(CLI::App* admin);
  // Whether one of its commands was parsed.
  bool parsed() const;
  // Runs the parsed one; returns the exit code.
  int Run() const;

 private:
  std::string db_path_ = "var/hromada.db";
  std::string file_, device_ref_, output_;
  CLI::App* import_ = nullptr;
  CLI::App* export_ = nullptr;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_BUNDLE_CLI_H_
