# The Push fuzz target (issue 10). tests/fuzz/CMakeLists.txt (branch wire)
# declares fuzz targets with hromada_fuzz(); on merge this line joins the
# others there:
#   hromada_fuzz(push LIBS hromada_server_core)
# Until then it builds on its own when HROMADA_FUZZ is on:
if(HROMADA_FUZZ AND TARGET hromada_server_core AND NOT COMMAND hromada_fuzz)
  add_executable(fuzz_push ${CMAKE_CURRENT_LIST_DIR}/push_fuzz.cc)
  target_compile_options(fuzz_push PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_push PRIVATE -fsanitize=fuzzer)
  hromada_warnings(fuzz_push)
  target_link_libraries(fuzz_push PRIVATE hromada_server_core)
endif()
