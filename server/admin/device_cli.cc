// The device commands of `hromada-server admin`: register a device and
// hand out its enrolment code (add-device, with a QR card), list them, and
// the lifecycle (revoke-device, retire-device, reissue-code, set-device).
// The rules are server/admin/admin.h's; these only read flags and print.
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/admin/admin.h"
#include "server/admin/admin_cli.h"
#include "server/admin/devices.h"
#include "server/admin/enrol_card.h"
#include "server/admin/revocation_journal.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/cli/choices.h"

namespace hromada::server {
namespace {

// "field, coordinator or network-coordinator", from the roles the wire
// contract knows.
std::string RoleHelp() {
  std::vector<std::string> names;
  for (int r = v1::Role_MIN; r <= v1::Role_MAX; ++r) {
    if (v1::Role_IsValid(r) && r != v1::ROLE_UNSPECIFIED) {
      names.push_back(RoleName(static_cast<v1::Role>(r)));
    }
  }
  return cli::OneOf(names);
}

// Flags of the commands on one existing device.
struct DeviceArgs {
  std::string db = "var/hromada.db";
  bool json = false;
  std::string device;   // its id or name
  std::string journal;  // --revocation-journal
};

// --db, --json and the device, on `command`.
void AddOneDeviceFlags(CLI::App& command, DeviceArgs& a) {
  AddDbFlag(command, a.db);
  command.add_flag("--json", a.json, "print JSON");
  command.add_option("device", a.device, "the device's id or its unique name")->required();
  AddJournalFlag(command, a.journal);
}

// A code is a secret in transit: a month is long enough to reach any
// field office.
constexpr double kMaxCodeTtlHours = 30 * 24;

// --code-ttl-hours in ms; INVALID_ARGUMENT outside (0, a month].
absl::StatusOr<int64_t> CodeTtlMs(double hours) {
  if (!(hours > 0 && hours <= kMaxCodeTtlHours)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--code-ttl-hours must be more than 0 and at most ", kMaxCodeTtlHours, " (30 days)"));
  }
  return static_cast<int64_t>(hours * 3600 * 1000);
}

void PrintGrant(std::ostream& out, bool json, const std::string& name, const DeviceGrant& grant) {
  if (json) {
    out << nlohmann::json{{"device_id", IdToString(grant.device_id)},
                          {"code", grant.code},
                          {"expires_ms", grant.expires_ms}}
               .dump()
        << "\n";
    return;
  }
  out << "device " << name << " (" << IdToString(grant.device_id) << ")\n"
      << "enrolment code: " << grant.code << "  (valid until the device first syncs, expires "
      << FormatMs(grant.expires_ms) << ")\n"
      << "on the device: hromada enrol --server <URL> --code -   (then type the code)\n";
}

// --- add-device ------------------------------------------------------------

struct AddDeviceArgs {
  std::string db = "var/hromada.db";
  bool json = false;
  DeviceRequest device;
  std::string role = "field";
  double code_ttl_hours = 72;
  std::string qr_path, server_url, tls_cert, pin;  // the enrolment card
};

// The card, checked before anything is written: its server URL and the
// key pin (given, or taken from the certificate).
absl::StatusOr<EnrolCard> CardOf(const AddDeviceArgs& a) {
  EnrolCard card{a.server_url, "", a.pin};
  if (card.server_url.empty()) {
    return absl::InvalidArgumentError("--qr needs --server, the URL devices sync with");
  }
  if (card.pin.empty() && !a.tls_cert.empty()) {
    absl::StatusOr<std::string> pin = KeyPinOfCertificate(a.tls_cert);
    if (!pin.ok()) return pin.status();
    card.pin = *pin;
  }
  if (absl::Status s = CheckCard(card, a.qr_path); !s.ok()) return s;
  return card;
}

// The enrolment as a QR code: a PNG for the field app, and the same code
// on the terminal (stderr, so that --json stays clean).
absl::Status WriteCard(CommandStreams& io, EnrolCard card, const std::string& path,
                       const DeviceGrant& grant) {
  card.code = grant.code;
  const std::string uri = EnrolUri(card);
  if (absl::Status s = WriteQrPng(uri, path); !s.ok()) return s;
  absl::StatusOr<std::string> drawn = QrForTerminal(uri);
  if (!drawn.ok()) return drawn.status();
  io.err << *drawn << uri << "\nQR code written to " << path << "\n";
  return absl::OkStatus();
}

absl::Status AddDeviceCmd(CommandStreams& io, AddDeviceArgs a) {
  absl::StatusOr<v1::Role> role = ParseRole(a.role);
  if (!role.ok()) return role.status();
  a.device.role = *role;
  absl::StatusOr<int64_t> ttl = CodeTtlMs(a.code_ttl_hours);
  if (!ttl.ok()) return ttl.status();
  a.device.code_ttl_ms = *ttl;
  std::optional<EnrolCard> card;
  if (!a.qr_path.empty()) {
    absl::StatusOr<EnrolCard> checked = CardOf(a);
    if (!checked.ok()) return checked.status();
    card = *std::move(checked);
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a.db);
  if (!store.ok()) return store.status();
  absl::StatusOr<DeviceGrant> grant = AddDevice(**store, SystemClock::Get(), a.device);
  if (!grant.ok()) return grant.status();
  PrintGrant(io.out, a.json, a.device.name, *grant);
  return card.has_value() ? WriteCard(io, *std::move(card), a.qr_path, *grant) : absl::OkStatus();
}

void AddAddDevice(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<AddDeviceArgs>();
  CLI::App* cmd = admin.add_subcommand("add-device", "register a device, print its code");
  AddDbFlag(*cmd, a->db);
  cmd->add_flag("--json", a->json, "print JSON");
  cmd->add_option("--name", a->device.name, "who carries it, e.g. 'Bilozerka secretary'")
      ->required();
  cmd->add_option("--communities", a->device.communities, "names or ids, comma-separated")
      ->delimiter(',')
      ->required();
  cmd->add_option("--role", a->role, RoleHelp())->capture_default_str();
  cmd->add_option("--code-ttl-hours", a->code_ttl_hours)->capture_default_str();
  CLI::Option* qr =
      cmd->add_option("--qr", a->qr_path, "also write the enrolment as a QR code PNG");
  cmd->add_option("--server", a->server_url, "the URL devices sync with (for --qr)")->needs(qr);
  cmd->add_option("--tls-cert", a->tls_cert, "the server's certificate, to pin its key (for --qr)")
      ->needs(qr);
  cmd->add_option("--pin", a->pin, "the key pin to put in the QR code, sha256//… (for --qr)")
      ->needs(qr);
  table.Add(cmd, [a](CommandStreams& io) { return AddDeviceCmd(io, *a); });
}

// --- list-devices ----------------------------------------------------------

struct ListArgs {
  std::string db = "var/hromada.db";
  bool json = false;
};

absl::Status ListDevicesCmd(CommandStreams& io, const ListArgs& a) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a.db);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::vector<Device>> devices = (*store)->ReadDevices(DeviceKey::All());
  if (!devices.ok()) return devices.status();
  absl::StatusOr<std::vector<v1::Record>> all = ListRecords(**store, "community");
  if (!all.ok()) return all.status();
  std::map<std::string, std::string> names;
  for (const v1::Record& c : *all) names[c.id()] = CommunityName(c);
  nlohmann::json out = nlohmann::json::array();
  for (const Device& d : *devices) {
    nlohmann::json communities = nlohmann::json::array();
    std::string listed;
    for (const std::string& c : d.communities) {
      const std::string name = names.count(c) ? names[c] : IdToString(c);
      communities.push_back(name);
      absl::StrAppend(&listed, listed.empty() ? "" : ",", name);
    }
    const char* role = RoleName(d.role);
    const std::string state = DeviceStateName(d);
    out.push_back({{"device_id", IdToString(d.id)},
                   {"name", d.name},
                   {"label", DeviceLabel(d)},
                   {"state", state},
                   {"role", role},
                   {"communities", communities},
                   {"enrolled", d.enrolled_ms != 0},
                   {"last_seen_ms", d.last_seen_ms},
                   {"last_sync_ms", d.last_sync_ms},
                   {"acked_through", d.acked_through},
                   {"pending_refusals", d.refusals},
                   {"revoked", d.revoked},
                   {"revoked_ms", d.revoked_ms},
                   {"revoke_reason", d.revoke_reason}});
    if (!a.json) {
      io.out << IdToString(d.id) << "  " << DeviceLabel(d) << "  " << state << "  " << role << "  "
             << listed << "  last seen " << FormatMs(d.last_seen_ms) << "  last sync "
             << FormatMs(d.last_sync_ms) << "  refusals pending " << d.refusals << "\n";
    }
  }
  if (a.json) io.out << out.dump() << "\n";
  return absl::OkStatus();
}

void AddListDevices(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<ListArgs>();
  CLI::App* cmd = admin.add_subcommand("list-devices", "list devices");
  AddDbFlag(*cmd, a->db);
  cmd->add_flag("--json", a->json, "print JSON");
  table.Add(cmd, [a](CommandStreams& io) { return ListDevicesCmd(io, *a); });
}

// --- the lifecycle of one device ------------------------------------------

// Runs on the device the command names; `args` are its flags.
using DeviceStep = std::function<absl::Status(CommandStreams& io, Store& store,
                                              const Device& device, const DeviceArgs& args)>;

// Registers `name`, whose flags are DeviceArgs and `more` (bound to what
// `step` reads), to run `step` on the device it names.
void AddOnDevice(CLI::App& admin, ServerCommands& table, const char* name, const char* about,
                 const std::function<void(CLI::App&)>& more, DeviceStep step) {
  auto a = std::make_shared<DeviceArgs>();
  CLI::App* cmd = admin.add_subcommand(name, about);
  AddOneDeviceFlags(*cmd, *a);
  if (more) more(*cmd);
  table.Add(cmd, [a, step = std::move(step)](CommandStreams& io) -> absl::Status {
    absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a->db);
    if (!store.ok()) return store.status();
    absl::StatusOr<Device> device = FindDevice(**store, a->device);
    if (!device.ok()) return device.status();
    return step(io, **store, *device, *a);
  });
}

// Prints `done` once `s` is OK.
absl::Status Said(CommandStreams& io, absl::Status s, const std::string& done) {
  if (s.ok()) io.out << done << "\n";
  return s;
}

void AddRevoke(CLI::App& admin, ServerCommands& table) {
  auto reason = std::make_shared<std::string>();
  AddOnDevice(
      admin, table, "revoke-device", "cut a device off; it wipes itself",
      [reason](CLI::App& cmd) {
        cmd.add_option("--reason", *reason, "why, e.g. 'lost at a checkpoint'")->required();
      },
      [reason](CommandStreams& io, Store& store, const Device& d, const DeviceArgs& a) {
        if (absl::Status s = RevokeDevice(store, SystemClock::Get(), d, *reason); !s.ok()) return s;
        // Kept outside the database too: a restore re-applies it (revocation_journal.h).
        return Said(io,
                    JournalCutOff(RevocationJournalPath(a.db, a.journal), CutOff::kRevoked, d.id,
                                  SystemClock::Get().NowMillis(), *reason),
                    absl::StrCat("device ", d.name,
                                 " revoked: its next call gets the wipe order, and nothing it "
                                 "sends is applied"));
      });
}

void AddRetire(CLI::App& admin, ServerCommands& table) {
  AddOnDevice(admin, table, "retire-device", "the device sends its work, then wipes", nullptr,
              [](CommandStreams& io, Store& store, const Device& d, const DeviceArgs& a) {
                if (absl::Status s = devices::CanRetire(d); !s.ok()) return s;
                if (absl::Status s =
                        JournalCutOff(RevocationJournalPath(a.db, a.journal), CutOff::kRetiring,
                                      d.id, SystemClock::Get().NowMillis(), "");
                    !s.ok()) {
                  return s;
                }
                return Said(io, devices::Retire(store, d.id),
                            absl::StrCat("device ", d.name,
                                         " retiring: at its next sync it sends what it holds, "
                                         "then erases itself"));
              });
}

void AddReissue(CLI::App& admin, ServerCommands& table) {
  auto ttl_hours = std::make_shared<double>(72);
  AddOnDevice(
      admin, table, "reissue-code", "a new code for a device (new phone)",
      [ttl_hours](CLI::App& cmd) {
        cmd.add_option("--code-ttl-hours", *ttl_hours)->capture_default_str();
      },
      [ttl_hours](CommandStreams& io, Store& store, const Device& d,
                  const DeviceArgs& a) -> absl::Status {
        absl::StatusOr<int64_t> ttl = CodeTtlMs(*ttl_hours);
        if (!ttl.ok()) return ttl.status();
        if (absl::Status s = devices::CanReissue(d); !s.ok()) return s;
        // The old id is gone from the database; a restore must not bring it back.
        if (absl::Status s = JournalCutOff(RevocationJournalPath(a.db, a.journal), CutOff::kRevoked,
                                           d.id, SystemClock::Get().NowMillis(), "reissued");
            !s.ok()) {
          return s;
        }
        absl::StatusOr<DeviceGrant> grant = ReissueCode(store, SystemClock::Get(), d, *ttl);
        if (!grant.ok()) return grant.status();
        PrintGrant(io.out, a.json, d.name, *grant);
        return absl::OkStatus();
      });
}

void AddSetDevice(CLI::App& admin, ServerCommands& table) {
  struct Change {
    std::vector<std::string> communities;
    std::string role;
  };
  auto c = std::make_shared<Change>();
  AddOnDevice(
      admin, table, "set-device", "change a device's communities or role",
      [c](CLI::App& cmd) {
        cmd.add_option("--communities", c->communities, "names or ids, comma-separated")
            ->delimiter(',');
        cmd.add_option("--role", c->role, RoleHelp());
      },
      [c](CommandStreams& io, Store& store, const Device& d, const DeviceArgs&) -> absl::Status {
        return Said(io, SetDevice(store, SystemClock::Get(), d, c->role, c->communities),
                    absl::StrCat("device ", d.name, " changed; it learns so at its next sync"));
      });
}

}  // namespace

void AddDeviceCommands(CLI::App& admin, ServerCommands& table) {
  AddAddDevice(admin, table);
  AddListDevices(admin, table);
  AddRevoke(admin, table);
  AddRetire(admin, table);
  AddReissue(admin, table);
  AddSetDevice(admin, table);
}

}  // namespace hromada::server
