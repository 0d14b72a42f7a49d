// SPDX-License-Identifier: Apache-2.0
// exray loghunt: running a rule's own examples through the real engine.
//
// Each example becomes a tiny log of the rule's format (a CSV header and row, a W3C #Fields line
// and row, a text line, an event or a file path) and goes through the same prefilter, parser and
// evaluation as a hunt, so an example also proves the prefilter lets its line through.
#pragma once

#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/loghunt/rule.hpp"

namespace exray::loghunt {

struct ExampleFailure {
  Where where;  // the example in the rule file
  std::string message;
};

// The log text an example stands for (empty for events and files, which are not text).
[[nodiscard]] Result<std::string> render_example(const Example& example);

// Every example of `rule` that does not behave as written. Fails if the rule cannot be compiled.
[[nodiscard]] Result<std::vector<ExampleFailure>> test_examples(const Rule& rule);

}  // namespace exray::loghunt
