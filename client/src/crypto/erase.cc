#include "client/src/crypto/erase.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/src/crypto/key_store.h"

namespace hromada::client {
namespace {

constexpr absl::string_view kWipePrefix = "hromada-wipe: ";

// The folder of `path`, fsynced so that the removals are durable.
void SyncFolder(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

}  // namespace

absl::Status EraseProfile(const std::string& path) {
  // The key first: once it is gone, whatever of the files survives (a
  // flash block not yet erased, a copy) cannot be read.
  if (absl::Status s = DestroyKeyFile(KeyFilePath(path)); !s.ok()) return s;
  for (const char* suffix : {"-wal", "-shm", "-journal", ""}) {
    const std::string file = path + suffix;
    if (unlink(file.c_str()) != 0 && errno != ENOENT) {
      return absl::InternalError(absl::StrCat("cannot erase ", file, ": ", std::strerror(errno)));
    }
  }
  SyncFolder(path);
  return absl::OkStatus();
}

std::string WipeReason(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kPermissionDenied ||
      !absl::StartsWith(status.message(), kWipePrefix)) {
    return "";
  }
  return std::string(status.message().substr(kWipePrefix.size()));
}

}  // namespace hromada::client
