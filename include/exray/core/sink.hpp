// SPDX-License-Identifier: Apache-2.0
// exray core: where findings go.
//
// Engines push into a FindingSink and never know whether it prints, stores or quarantines.
// A sink is called from one thread at a time; engines that work in parallel serialise their
// calls. An error is one unit of input (a file, a host) that could not be examined: the engine
// reports it and goes on.
#pragma once

#include "exray/core/error.hpp"
#include "exray/core/finding.hpp"

namespace exray {

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void on_finding(const Finding& finding) = 0;
  virtual void on_error(const Error& error) = 0;
  // The run is over: flush what is buffered.
  virtual void finish() {}
};

}  // namespace exray
