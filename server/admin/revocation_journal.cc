#include "server/admin/revocation_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/admin/devices.h"

namespace hromada::server {
namespace {

constexpr char kRevoked[] = "revoked";
constexpr char kRetiring[] = "retiring";

absl::Status CannotWrite(const std::string& path) {
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot write the revocation journal ", path, ": ", std::strerror(errno),
      "; the device is cut off in the database, but a restore of an older backup would bring "
      "it back"));
}

struct Entry {
  std::string how;
  std::string device_id;
  int64_t at_ms = 0;
  std::string reason;
};

// One line: "<how> <device id hex> <ms> <reason hex>".
absl::StatusOr<Entry> ParseLine(absl::string_view line) {
  std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
  Entry e;
  if (parts.size() != 4 || (parts[0] != kRevoked && parts[0] != kRetiring) ||
      !absl::SimpleAtoi(parts[2], &e.at_ms)) {
    return absl::FailedPreconditionError("a line is damaged");
  }
  e.how = std::string(parts[0]);
  e.device_id = absl::HexStringToBytes(parts[1]);
  e.reason = absl::HexStringToBytes(parts[3]);
  return e;
}

}  // namespace

std::string RevocationJournalPath(const std::string& db, const std::string& given) {
  if (!given.empty()) return given;
  if (absl::StartsWith(db, "postgres://") || absl::StartsWith(db, "postgresql://")) return "";
  return absl::StrCat(db, ".revocations");
}

absl::Status JournalCutOff(const std::string& path, CutOff how, absl::string_view device_id,
                           int64_t at_ms, absl::string_view reason) {
  if (path.empty()) return absl::OkStatus();
  const std::string line = absl::StrCat(how == CutOff::kRevoked ? kRevoked : kRetiring, " ",
                                        absl::BytesToHexString(device_id), " ", at_ms, " ",
                                        absl::BytesToHexString(reason), "\n");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return CannotWrite(path);
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  return ok ? absl::OkStatus() : CannotWrite(path);
}

absl::StatusOr<int> ReapplyRevocations(const std::string& path, Store& store) {
  if (path.empty()) return 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  lines.pop_back();  // after the last newline: "" or a line a crash cut short
  int changed = 0;
  for (absl::string_view line : lines) {
    absl::StatusOr<Entry> e = ParseLine(line);
    if (!e.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the revocation journal ", path, " is damaged: ", line));
    }
    absl::StatusOr<Device> device = ReadDevice(store, DeviceKey::Id(e->device_id));
    if (absl::IsNotFound(device.status())) continue;  // unknown to the backup: no token works
    if (!device.ok()) return device.status();
    if (device->revoked) continue;
    absl::Status s;
    if (e->how == kRevoked) {
      s = devices::Revoke(store, e->device_id, e->reason, e->at_ms);
    } else if (!device->retiring && device->retired_ms == 0) {
      s = devices::Retire(store, e->device_id);
    } else {
      continue;
    }
    if (!s.ok()) return s;
    ++changed;
  }
  return changed;
}

}  // namespace hromada::server
