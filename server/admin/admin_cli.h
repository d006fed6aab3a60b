// `hromada-server admin …`: the admin and coordinator commands that work on
// the database file directly (communities, devices, enrolment codes,
// reports). Each prints one sentence on stderr and exits 1 on error.
#ifndef HROMADA_SERVER_ADMIN_ADMIN_CLI_H_
#define HROMADA_SERVER_ADMIN_ADMIN_CLI_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "server/admin/admin.h"
#include "server/admin/bundle_cli.h"

namespace hromada::server {

struct AdminFlags {
  std::string db_path = "var/hromada.db";
  bool json = false;
  CommunityInfo community;
  DeviceRequest device;
  std::string role = "field";
  double code_ttl_hours = 72;
  // add-device --qr: the enrolment card
  std::string qr_path, server_url, tls_cert, pin;
  // report
  std::string report_community, from, to, format = "table", output;
  bool bom = false;                      // report: a CSV starts with a byte-order mark
  std::string lang = "uk", prepared_by;  // report: words for codes, who prepared it
  // device lifecycle: the device (id or name), revoke reason, set-device
  std::string device_ref, reason, new_role;
  std::vector<std::string> new_communities;
  std::string since, audit_device;  // admin audit
  std::string backup_file;          // admin backup --output, admin restore --input
};

class AdminCli {
 public:
  // Adds the admin subcommands to `admin`.
  explicit AdminCli(CLI::App* admin);
  // Runs the parsed subcommand; returns the process exit code.
  int Run();

 private:
  AdminFlags f_;
  CLI::App* add_community_;
  CLI::App* add_device_;
  CLI::App* list_devices_;
  CLI::App* revoke_device_;
  CLI::App* retire_device_;
  CLI::App* reissue_code_;
  CLI::App* set_device_;
  CLI::App* report_;
  CLI::App* audit_;
  CLI::App* backup_;
  CLI::App* restore_;
  CLI::App* new_epoch_;
  BundleCli bundle_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_ADMIN_CLI_H_
