#include "server/store/blob_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "shared/base/private_file.h"
#include "shared/base/sha256.h"

namespace hromada::server {
namespace {

absl::Status Errno(const char* doing, const std::string& path) {
  return absl::InternalError(absl::StrCat("cannot ", doing, " ", path, ": ", std::strerror(errno)));
}

// The size of the file at `path`, or -1 if there is none.
absl::StatusOr<int64_t> FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return -1;
    return Errno("read", path);
  }
  return static_cast<int64_t>(st.st_size);
}

// Closes the descriptor when it goes out of scope.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

absl::Status WriteAll(int fd, absl::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("write", path);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status SyncFolder(const std::string& folder) {
  Fd dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd < 0 || ::fsync(dir.fd) != 0) return Errno("sync", folder);
  return absl::OkStatus();
}

// The digest of the file at `path`, read in pieces.
absl::StatusOr<std::string> DigestOf(const std::string& path) {
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return Errno("read", path);
  Sha256 hash;
  std::string buffer(1 << 16, '\0');
  for (;;) {
    const ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("read", path);
    if (n == 0) break;
    hash.Update(absl::string_view(buffer.data(), static_cast<size_t>(n)));
  }
  return hash.HexDigest();
}

}  // namespace

BlobFolder::BlobFolder(const std::string& db_path) : folder_(db_path + ".attachments") {}

std::string BlobFolder::CompletePath(absl::string_view whole) const {
  return absl::StrCat(folder_, "/", whole);
}

std::string BlobFolder::PartialPath(const BlobKey& key) const {
  return absl::StrCat(folder_, "/partial/", key.uploader, "/", key.partial);
}

absl::StatusOr<BlobState> BlobFolder::Get(const BlobKey& key) const {
  absl::StatusOr<int64_t> whole = FileSize(CompletePath(key.whole));
  if (!whole.ok()) return whole.status();
  if (*whole >= 0) return BlobState{static_cast<uint64_t>(*whole), true};
  absl::StatusOr<int64_t> part = FileSize(PartialPath(key));
  if (!part.ok()) return part.status();
  return BlobState{static_cast<uint64_t>(std::max<int64_t>(*part, 0)), false};
}

absl::StatusOr<BlobState> BlobFolder::Append(const BlobKey& key, uint64_t size, uint64_t offset,
                                             absl::string_view data) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<BlobState> held = Get(key);
  if (!held.ok()) return held.status();
  absl::StatusOr<BlobAppend> plan = BlobAppendPlan(*held, size, offset, data);
  if (!plan.ok()) return plan.status();
  if (plan->write) {
    const std::string path = PartialPath(key);
    if (absl::Status s = TouchPrivateFile(path); !s.ok()) return s;  // 0600 in 0700 folders
    Fd out{::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)};
    if (out.fd < 0) return Errno("write", path);
    if (absl::Status s = WriteAll(out.fd, data.substr(plan->skip), path); !s.ok()) return s;
    if (::fdatasync(out.fd) != 0) return Errno("sync", path);
    held->held = offset + data.size();
  }
  if (!held->complete && held->held == size) return Finish(key, size);
  return *held;
}

absl::StatusOr<BlobState> BlobFolder::Finish(const BlobKey& key, uint64_t size) {
  const std::string partial = PartialPath(key);
  absl::StatusOr<std::string> digest = DigestOf(partial);
  if (!digest.ok()) return digest.status();
  if (*digest != key.sha256) {
    ::unlink(partial.c_str());
    return absl::DataLossError(
        "the attachment's bytes do not match its SHA-256; they were dropped: send them again");
  }
  const std::string whole = CompletePath(key.whole);
  if (::rename(partial.c_str(), whole.c_str()) != 0) return Errno("rename", partial);
  if (absl::Status s = SyncFolder(folder_); !s.ok()) return s;
  return BlobState{size, true};
}

absl::StatusOr<std::string> BlobFolder::Read(absl::string_view whole, uint64_t offset,
                                             size_t max_bytes) const {
  const std::string path = CompletePath(whole);
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError("the server does not hold this attachment");
    return Errno("read", path);
  }
  std::string out(max_bytes, '\0');
  size_t got = 0;
  while (got < max_bytes) {
    const ssize_t n =
        ::pread(in.fd, out.data() + got, max_bytes - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("read", path);
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

absl::StatusOr<PartialBlobs> BlobFolder::PartialsOf(absl::string_view uploader) const {
  namespace fs = std::filesystem;
  PartialBlobs out;
  std::error_code error;
  const fs::path folder = absl::StrCat(folder_, "/partial/", uploader);
  fs::directory_iterator it(folder, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return out;
    return absl::InternalError(
        absl::StrCat("cannot list ", folder.string(), ": ", error.message()));
  }
  for (; it != fs::directory_iterator(); it.increment(error)) {
    std::error_code gone;  // a file finished or dropped meanwhile is not counted
    const uintmax_t size = it->file_size(gone);
    if (gone) continue;
    ++out.count;
    out.bytes += size;
  }
  return out;
}

absl::Status BlobFolder::DropPartials(absl::Time cutoff) {
  namespace fs = std::filesystem;
  absl::MutexLock lock(&mu_);
  const fs::file_time_type before =
      fs::file_time_type::clock::now() - std::chrono::duration_cast<fs::file_time_type::duration>(
                                             absl::ToChronoNanoseconds(absl::Now() - cutoff));
  std::error_code error;
  const fs::path folder = folder_ + "/partial";
  // Files of partial/ itself were left before uploads had owners.
  fs::recursive_directory_iterator it(folder, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return absl::OkStatus();
    return absl::InternalError(
        absl::StrCat("cannot list ", folder.string(), ": ", error.message()));
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code ignored;  // a file that vanished meanwhile needs nothing
    if (it->is_regular_file(ignored) && it->last_write_time(ignored) < before) {
      fs::remove(it->path(), ignored);
    }
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot clean ", folder.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace hromada::server
