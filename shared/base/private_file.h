// Files that hold personal data, made private to their owner: mode 0600 in
// folders of mode 0700 (issue 9: a shared machine's other users, or a
// backup tool running as someone else, must not read them). Both the CLI
// (profiles, reports) and the server (databases, backups, reports) use
// these. Thread-compatible; FAILED_PRECONDITION names the path and errno.
#ifndef HROMADA_SHARED_BASE_PRIVATE_FILE_H_
#define HROMADA_SHARED_BASE_PRIVATE_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace hromada {

// Creates the folders of `path` (a file's path) that are missing, mode
// 0700. Folders that exist are left as they are.
absl::Status MakePrivateFolders(const std::string& path);

// Creates `path` empty with mode 0600 if it is missing, and makes it 0600
// if it exists, so a library that opens it later (SQLite) keeps the mode.
absl::Status TouchPrivateFile(const std::string& path);

// Writes `text` to `path`, mode 0600 (a file that exists is made 0600 and
// replaced). Missing folders are created 0700.
absl::Status WritePrivateFile(const std::string& path, const std::string& text);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_PRIVATE_FILE_H_
