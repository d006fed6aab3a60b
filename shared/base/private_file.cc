#include "shared/base/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace hromada {
namespace {

absl::Status Errno(const char* doing, const std::string& path) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", doing, " ", path, ": ", std::strerror(errno)));
}

bool Exists(const std::filesystem::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

// Opens `path` for writing with mode 0600, made so even if it existed.
absl::StatusOr<int> OpenPrivate(const std::string& path, int flags) {
  if (absl::Status s = MakePrivateFolders(path); !s.ok()) return s;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
  if (fd < 0) return Errno("write", path);
  if (::fchmod(fd, 0600) != 0) {
    ::close(fd);
    return Errno("make private", path);
  }
  return fd;
}

}  // namespace

absl::Status MakePrivateFolders(const std::string& path) {
  std::vector<std::filesystem::path> missing;
  for (std::filesystem::path p = std::filesystem::path(path).parent_path();
       !p.empty() && !Exists(p); p = p.parent_path()) {
    missing.push_back(p);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) return Errno("create", it->string());
    if (::chmod(it->c_str(), 0700) != 0) return Errno("make private", it->string());
  }
  return absl::OkStatus();
}

absl::Status TouchPrivateFile(const std::string& path) {
  absl::StatusOr<int> fd = OpenPrivate(path, 0);
  if (!fd.ok()) return fd.status();
  return ::close(*fd) == 0 ? absl::OkStatus() : Errno("write", path);
}

absl::Status WritePrivateFile(const std::string& path, const std::string& text) {
  absl::StatusOr<int> fd = OpenPrivate(path, O_TRUNC);
  if (!fd.ok()) return fd.status();
  bool ok = true;
  for (size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(*fd, text.data() + done, text.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ::close(*fd) == 0 && ok;
  return ok ? absl::OkStatus() : Errno("write", path);
}

}  // namespace hromada
