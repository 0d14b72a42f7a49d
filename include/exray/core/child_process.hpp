// SPDX-License-Identifier: Apache-2.0
// exray core: run a piece of work in a fresh child process with memory and CPU limits.
//
// Some libraries we depend on parse hostile input and can crash or ask for gigabytes on a
// crafted file (libevtx does: tests/data/evtx/). Run in a child, such a failure costs the one
// file it happened on: the child streams its results back through a pipe, the parent hands them
// on as they arrive, and a child that dies, runs out of memory or spins is reported as an error.
//
// The child is this same program started again (/proc/self/exe), not a bare fork: a fork of a
// process with other threads may inherit a lock one of them held (the sanitizers' allocator
// spins on such a lock forever). The work to do is named in the child's environment; the
// component that offers it checks for its variable before main (a constructor function), does
// the work with standard output as the pipe, and exits.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray {

struct ChildLimits {
  std::uint64_t memory_bytes = 1ULL << 30;  // address space the child may add to the parent's size
  std::chrono::seconds cpu{60};             // CPU time before the kernel stops the child
};

// How the child ended.
struct ChildOutcome {
  bool completed = false;  // it exited with status 0 and everything it wrote was read
  std::string failure;     // otherwise: "crashed (signal 11, Segmentation fault)", …
};

// Starts this program again with `environment` ("NAME=value" entries) added to the parent's,
// and hands everything the child writes to its standard output to `on_bytes`, in order, in
// chunks; `on_bytes` returning an error stops the child and is returned.
[[nodiscard]] Result<ChildOutcome> run_in_child(const ChildLimits& limits, const std::vector<std::string>& environment,
                                                const std::function<Result<void>(std::string_view)>& on_bytes);

}  // namespace exray
