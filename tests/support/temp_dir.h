// A unique temporary directory for one test, removed with everything in it
// when the object is destroyed. With HROMADA_KEEP_TMP set in the
// environment it is kept instead, and its path printed to stderr, so a
// failed test's databases and logs can be looked at.
//
// Made under $TEST_TMPDIR, else $TMPDIR, else /tmp, named
// `<prefix>-XXXXXX`. Thread-compatible; neither copyable nor movable, so
// path() stays valid for the object's whole life.
#ifndef HROMADA_TESTS_SUPPORT_TEMP_DIR_H_
#define HROMADA_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

#include "absl/strings/string_view.h"

namespace hromada {
namespace test {

class TempDir {
 public:
  // Aborts with a message if the directory cannot be made: no test can go
  // on without it, and a test helper's constructor is the natural place.
  explicit TempDir(absl::string_view prefix = "hromada");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name; creates nothing.
  std::string Path(absl::string_view name) const;

 private:
  std::string path_;
};

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_TEMP_DIR_H_
