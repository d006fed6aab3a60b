// ProfileLock: one program at a time on a profile. `hromada ui` keeps its
// profile open for hours; a CLI command on the same profile meanwhile must
// say the profile is in use rather than race the page's writes or its
// idle lock. The lock is an flock(2) on "<profile>.lock" beside the
// profile, taken when a Client opens the profile and held until the
// Client is destroyed; the kernel drops it when the process ends, so a
// crash never leaves a profile locked.
//
// The lock file is removed when the lock is released, so a profile's
// folder holds no extra file between runs. Acquire checks, after locking,
// that the file it locked is still the one at the path (a releaser may
// have removed it meanwhile) and tries again if not.
//
// Not thread-safe; a ProfileLock is owned by one Client.
#ifndef HROMADA_CLIENT_SRC_STORE_PROFILE_LOCK_H_
#define HROMADA_CLIENT_SRC_STORE_PROFILE_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace hromada::client {

class ProfileLock {
 public:
  // Locks the profile at `profile_path` (its folder must exist). ABORTED
  // when another Client, in this process or another, holds it: one
  // sentence saying the profile is in use. FAILED_PRECONDITION if the lock
  // file cannot be made.
  static absl::StatusOr<std::unique_ptr<ProfileLock>> Acquire(const std::string& profile_path);
  // Removes the lock file, then unlocks.
  ~ProfileLock();
  ProfileLock(const ProfileLock&) = delete;
  ProfileLock& operator=(const ProfileLock&) = delete;

 private:
  ProfileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
};

// "<profile_path>.lock".
std::string LockFilePath(const std::string& profile_path);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_PROFILE_LOCK_H_
