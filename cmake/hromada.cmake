# Warnings as errors on our own targets only.
function(hromada_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-parameter
    ${HROMADA_WARNINGS_EXTRA})
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
  # Everything the fuzz targets link is instrumented for coverage and runs
  # under the sanitizers; the fuzz targets add libFuzzer itself.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
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
