// What build of hromada this is, for `--version` and the server's metrics:
// the CMake project version and, when built from a git checkout, what
// `git describe` said when the build was configured.
//
// Thread-safe: the strings are constants with static storage.
#ifndef HROMADA_SHARED_BASE_VERSION_H_
#define HROMADA_SHARED_BASE_VERSION_H_

namespace hromada {

// "0.1.0" (the project version in CMakeLists.txt).
const char* ProjectVersion();
// "0.1.0 (git 7645914-dirty)", or "0.1.0" when git was not available.
const char* VersionLine();

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_VERSION_H_
