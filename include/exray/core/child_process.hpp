// SPDX-License-Identifier: Apache-2.0
// exray core: run a piece of work in a forked child with memory and CPU limits.
//
// Some libraries we depend on parse hostile input and can crash or ask for gigabytes on a
// crafted file (libevtx does: tests/data/evtx/). Run in a child, such a failure costs the one file
// it happened on: the child streams its results back through a pipe, the parent hands them on
// as they arrive, and a child that dies, runs out of memory or spins is reported as an error.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray {

struct ChildLimits {
  std::uint64_t memory_bytes = 1ULL << 30;  // address space the child may add to the parent's
  std::chrono::seconds cpu{60};             // CPU time before the kernel stops the child
};

// How the child ended, when it did not end by returning normally.
struct ChildOutcome {
  bool completed = false;  // `work` returned and everything it wrote was read
  std::string failure;     // otherwise: "killed by signal 11 (Segmentation fault)", …
};

// Runs `work(fd)` in a child; everything the child writes to `fd` reaches `on_bytes` in the
// parent, in order, in chunks; `on_bytes` returning an error stops the child. The child starts
// from fork() of a process that may have other threads: it may allocate (glibc keeps malloc
// usable across fork) but must not wait on a lock another thread could have held.
[[nodiscard]] Result<ChildOutcome> run_in_child(const ChildLimits& limits, const std::function<void(int fd)>& work,
                                                const std::function<Result<void>(std::string_view)>& on_bytes);

}  // namespace exray
