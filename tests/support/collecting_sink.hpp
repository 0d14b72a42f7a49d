// SPDX-License-Identifier: Apache-2.0
// A FindingSink that keeps everything, for tests to look at.
#pragma once

#include <vector>

#include "exray/core/sink.hpp"

namespace exray::testing {

class CollectingSink final : public FindingSink {
 public:
  void on_finding(const Finding& f) override { findings.push_back(f); }
  void on_error(const Error& e) override { errors.push_back(e); }
  std::vector<Finding> findings;
  std::vector<Error> errors;
};

}  // namespace exray::testing
