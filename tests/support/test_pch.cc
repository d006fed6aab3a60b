// Compiles the precompiled header the test binaries share (hromada_test_pch
// in cmake/hromada.cmake); it holds no code of its own.
