# SPDX-License-Identifier: Apache-2.0
# exray_asio: Boost.Asio and Beast as the scanner and the simulator use them.
# Boost 1.74's Asio detects C++20 coroutines on GCC only; clang 16 (the fuzz preset) has them too,
# through libstdc++'s <coroutine>. No deprecated Asio interface creeps in.
find_package(Boost 1.74 REQUIRED)
add_library(exray_asio INTERFACE)
target_link_libraries(exray_asio INTERFACE Boost::headers)
target_compile_definitions(exray_asio INTERFACE BOOST_ASIO_NO_DEPRECATED
  $<$<CXX_COMPILER_ID:Clang>:BOOST_ASIO_HAS_CO_AWAIT=1 BOOST_ASIO_HAS_STD_COROUTINE=1>)
