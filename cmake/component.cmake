# SPDX-License-Identifier: Apache-2.0
# exray_component(NAME SOURCES... DEPS...): one static library per component, exray::NAME,
# with the public headers under include/exray/NAME.
function(exray_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(exray_${name} STATIC ${ARG_SOURCES})
  add_library(exray::${name} ALIAS exray_${name})
  target_include_directories(exray_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(exray_${name} PUBLIC ${ARG_DEPS} PRIVATE exray_warnings ${ARG_PRIVATE_DEPS})
endfunction()
