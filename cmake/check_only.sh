#!/bin/sh
# cmake/check_only.sh COMPILER ARGS... -o OBJECT ...: the compiler launcher
# of build-fuzz's sources that are compiled for the lock check alone
# (hromada.cmake). clang checks the source, -Wthread-safety and all the
# other warnings included, and writes its dependency file, but generates
# no code (-fsyntax-only: the check is made before code generation); the
# object is left empty. Nothing links these objects: build-fuzz builds
# the fuzz targets, which are compiled for real, and the lock check.
out=
prev=
for arg in "$@"; do
  [ "$prev" = "-o" ] && out=$arg
  prev=$arg
done
"$@" -fsyntax-only && : >"$out"
