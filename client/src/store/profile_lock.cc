#include "client/src/store/profile_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace hromada::client {
namespace {

// Whether `fd` is still the file at `path` (not removed or replaced).
bool StillAt(int fd, const std::string& path) {
  struct stat held, named;
  if (::fstat(fd, &held) != 0 || ::stat(path.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

std::string LockFilePath(const std::string& profile_path) { return profile_path + ".lock"; }

absl::StatusOr<std::unique_ptr<ProfileLock>> ProfileLock::Acquire(const std::string& profile_path) {
  const std::string path = LockFilePath(profile_path);
  for (;;) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot make the lock file ", path, ": ", std::strerror(errno)));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) {
        return absl::AbortedError(absl::StrCat(
            "the profile ", profile_path,
            " is in use by another hromada program (hromada ui, or a sync still running); "
            "close it, or wait for it to finish, and try again"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(err)));
    }
    if (StillAt(fd, path)) return std::unique_ptr<ProfileLock>(new ProfileLock(path, fd));
    ::close(fd);  // the holder before us removed it as we opened it: again
  }
}

ProfileLock::~ProfileLock() {
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace hromada::client
