// SPDX-License-Identifier: Apache-2.0
#include "context.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace exray::cli {

Result<Output> Output::open(const std::string& path) {
  Output output;
  if (path.empty() || path == "-") return output;
  output.file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*output.file_) return fail(Errc::io_error, std::strerror(errno), Where{path});
  return output;
}

bool Output::close() {
  auto& s = stream();
  s.flush();
  const bool ok = static_cast<bool>(s);
  if (file_) file_->close();
  return ok && (!file_ || !file_->fail());
}

void report_error(std::string_view what, const Error& error) {
  std::cerr << fmt::format("exray: {}: {}\n", what, error.to_string());
}

Result<kb::KnowledgeBase> load_knowledge_base(const GlobalOptions& options) {
  auto kb = kb::KnowledgeBase::builtin();
  if (!kb) return kb;
  for (const auto& path : options.kb_files)
    if (auto ok = kb->merge_file(path); !ok) return std::unexpected(ok.error());
  return kb;
}

Result<report::Format> output_format(const GlobalOptions& options) { return report::parse_format(options.format); }

}  // namespace exray::cli
