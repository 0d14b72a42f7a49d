# SPDX-License-Identifier: Apache-2.0
# One warning set for every target of ours; third-party headers come in as SYSTEM.
add_library(exray_warnings INTERFACE)
target_compile_options(exray_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  # GCC 12 reports false -Wrestrict overlaps in std::string concatenation at -O2+ (GCC bug 105651).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${EXRAY_WERROR}>:-Werror>)
