# gold links the binaries (large, with debug information) in about half
# the time of the default linker, and comes with binutils.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=gold HROMADA_HAVE_GOLD)
  if(HROMADA_HAVE_GOLD)
    add_link_options(-fuse-ld=gold)
  endif()
endif()

# Warnings as errors on our own targets only.
function(hromada_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-parameter
    ${HROMADA_WARNINGS_EXTRA})
endfunction()

# The test binaries share one precompiled header of what most of their
# sources include: a third of a test source's compile time is these
# headers. Off when ccache builds (it caches whole compiles, and a
# precompiled header would keep it from sharing them between folders).
if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(HROMADA_PCH_DEFAULT OFF)
else()
  set(HROMADA_PCH_DEFAULT ON)
endif()
option(HROMADA_PCH "Precompile the headers the tests share" ${HROMADA_PCH_DEFAULT})

function(hromada_test_pch)
  if(TARGET hromada_test_pch)
    return()
  endif()
  add_library(hromada_test_pch STATIC ${PROJECT_SOURCE_DIR}/tests/support/test_pch.cc)
  hromada_warnings(hromada_test_pch)
  target_link_libraries(hromada_test_pch PRIVATE GTest::gtest GTest::gmock
    nlohmann_json::nlohmann_json protobuf::libprotobuf absl::status absl::statusor absl::strings
    absl::time)
  target_precompile_headers(hromada_test_pch PRIVATE
    <algorithm> <atomic> <chrono> <fstream> <functional> <map> <memory> <set> <sstream>
    <string> <thread> <vector>
    <gmock/gmock.h> <gtest/gtest.h> <nlohmann/json.hpp> <google/protobuf/message.h>
    [["absl/status/statusor.h"]] [["absl/strings/str_cat.h"]] [["absl/time/time.h"]])
endfunction()

# Every test's timeout but the soak runs'. It only stops a test that hangs:
# a loaded machine may run one many times slower than an idle one.
set(HROMADA_TEST_TIMEOUT 600)

# hromada_test(NAME SOURCES... [LIBS ...] [LABELS ...] [TIMEOUT s]): one
# GoogleTest binary run by ctest.
function(hromada_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  hromada_warnings(${name})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  if(HROMADA_PCH)
    hromada_test_pch()
    target_precompile_headers(${name} REUSE_FROM hromada_test_pch)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${HROMADA_TEST_TIMEOUT})
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}"
    ENVIRONMENT "HROMADA_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()

# Fuzzing and checked lock annotations need clang (scripts/fuzz.sh makes the
# build-fuzz folder with both).
option(HROMADA_FUZZ "Build the libFuzzer targets (tests/fuzz/) and only what they need" OFF)
option(HROMADA_THREAD_SAFETY "Check lock annotations: -Wthread-safety as an error" OFF)
if((HROMADA_FUZZ OR HROMADA_THREAD_SAFETY) AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "HROMADA_FUZZ and HROMADA_THREAD_SAFETY need clang: CC=clang-16 CXX=clang++-16")
endif()
if(HROMADA_FUZZ)
  # Only the fuzz targets and what they link are compiled for real,
  # instrumented and optimised (hromada_fuzz_instrument, from tests/fuzz/):
  # -O1 with line tables, enough for a crash's stack to name files and
  # lines. Everything else in this build is there for the lock check
  # alone, never runs and is never linked: clang checks it without
  # generating code (cmake/check_only.sh). Both together took the clang
  # build from 706 to 596 CPU seconds (2026-12-07): its time is mostly
  # clang reading headers and instantiating templates, which the check
  # needs too.
  string(TOUPPER "${CMAKE_BUILD_TYPE}" HROMADA_BUILD_TYPE)
  set(CMAKE_CXX_FLAGS_${HROMADA_BUILD_TYPE} "-O0 -g0 -DNDEBUG")
  set(HROMADA_FUZZ_FLAGS -O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  set(HROMADA_FUZZ_LAUNCHER "${CMAKE_CXX_COMPILER_LAUNCHER}")  # ccache, when configured
  set(CMAKE_CXX_COMPILER_LAUNCHER ${PROJECT_SOURCE_DIR}/cmake/check_only.sh)
endif()

# hromada_fuzz_instrument(TARGET...): compiles the targets, and the
# project's libraries they link (transitively), for coverage-guided
# fuzzing under ASan and UBSan.
function(hromada_fuzz_instrument)
  set(todo ${ARGN})
  while(todo)
    list(POP_FRONT todo target)
    get_target_property(done ${target} HROMADA_FUZZ_INSTRUMENTED)
    if(done)
      continue()
    endif()
    set_target_properties(${target} PROPERTIES HROMADA_FUZZ_INSTRUMENTED ON
      CXX_COMPILER_LAUNCHER "${HROMADA_FUZZ_LAUNCHER}")
    target_compile_options(${target} PRIVATE ${HROMADA_FUZZ_FLAGS})
    get_target_property(libs ${target} LINK_LIBRARIES)
    foreach(lib IN LISTS libs)
      if(lib MATCHES "^hromada_" AND TARGET ${lib})
        list(APPEND todo ${lib})
      endif()
    endforeach()
  endwhile()
endfunction()
if(HROMADA_THREAD_SAFETY)
  set(HROMADA_WARNINGS_EXTRA -Wthread-safety)
endif()

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, in build-asan): every target, the server and tool
# binaries the tests start included. Any UB report fails the test.
option(HROMADA_SANITIZE "Build everything with -fsanitize=address,undefined" OFF)
if(HROMADA_SANITIZE)
  if(HROMADA_FUZZ)
    message(FATAL_ERROR "HROMADA_FUZZ already builds with the sanitizers")
  endif()
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  set(HROMADA_TEST_TIMEOUT 1800)  # the tests run 2 to 3 times slower
endif()
