# SPDX-License-Identifier: Apache-2.0
# Fuzz targets are plain LLVMFuzzerTestOneInput functions, built two ways:
#  - libfuzzer (preset `fuzz`, clang): real coverage-guided fuzzing with ASan+UBSan;
#  - replay (every other build): linked to fuzz/replay_main.cpp, which feeds each seed of the
#    corpus once, so the normal test run proves every seed still parses without a crash.
if(EXRAY_FUZZ_ENGINE STREQUAL "libfuzzer")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "EXRAY_FUZZ_ENGINE=libfuzzer needs clang (use the `fuzz` preset)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
  # libstdc++ 12 hides std::expected unless __cpp_concepts >= 202002L; clang < 19 implements
  # what <expected> needs but still reports 201907L.
  add_compile_options(-D__cpp_concepts=202002L -Wno-macro-redefined -Wno-builtin-macro-redefined)
endif()
