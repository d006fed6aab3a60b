#!/bin/sh
# install_test.sh BUILD_DIR SOURCE_DIR CC CXX CMAKE: see CMakeLists.txt.
set -eu
build=$1 src=$2 cc=$3 cxx=$4 cmake=$5
tmp=$(mktemp -d /tmp/hromada-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" --component client >/dev/null

# Only the library, the public headers and the package files.
unexpected=$(cd "$prefix" && find . -type f -o -type l | sort | grep -Ev \
  '^\./include/hromada/(client|export|hromada|options|progress|record|status)\.h$|^\./lib[^/]*/libhromada-client\.so(\.[0-9.]+)?$|^\./lib[^/]*/cmake/hromada/hromada-[a-z-]+\.cmake$|^\./lib[^/]*/pkgconfig/hromada-client\.pc$' \
  || true)
[ -z "$unexpected" ] || fail "installed files that are not the public surface: $unexpected"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
libdir=$(pkg-config --variable=libdir hromada-client)
# The library's internals stay hidden: no store, wire or SQLite symbols,
# and not the seams hromada's own CLI and tests open a Client with
# (client/src/client_internal.h: ClientOptions, OpenClient, BuildReport).
leaked=$(nm -DC --defined-only "$libdir/libhromada-client.so" |
  grep -E 'hromada::(client|v1|cli)::| sqlite3_| hromada::Store|ClientOptions|ClientInternals|OpenClient|BuildReport|hromada::ReportQuery' ||
  true)
[ -z "$leaked" ] || fail "internal symbols exported: $leaked"

# Each public header stands alone on the installed folder (and Abseil's
# headers): an app may include any one of them first.
for h in "$prefix"/include/hromada/*.h; do
  name=$(basename "$h")
  echo "#include <hromada/$name>" >"$tmp/one.cc"
  "$cxx" -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I"$prefix/include" "$tmp/one.cc" ||
    fail "hromada/$name does not compile on its own"
done
echo "#include <hromada/hromada.h>" >"$tmp/one.c"
"$cc" -std=c99 -fsyntax-only -Wall -Wextra -Werror -I"$prefix/include" "$tmp/one.c" ||
  fail "hromada/hromada.h does not compile as C on its own"

launcher=
if command -v ccache >/dev/null; then launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache; fi
"$cmake" -S "$src/cxx_consumer" -B "$tmp/cxx" -DCMAKE_CXX_COMPILER="$cxx" $launcher \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
"$cmake" --build "$tmp/cxx" >/dev/null
mkdir "$tmp/run-cxx"
"$tmp/cxx/cxx_consumer" "$tmp/run-cxx"

# shellcheck disable=SC2046  # pkg-config's output is meant to be split
"$cc" -std=c99 -Wall -Wextra -Werror -o "$tmp/c_consumer" "$src/c_consumer/main.c" \
  $(pkg-config --cflags --libs hromada-client) -Wl,-rpath,"$libdir"
mkdir "$tmp/run-c"
"$tmp/c_consumer" "$tmp/run-c"
