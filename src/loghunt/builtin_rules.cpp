// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/builtin_rules.hpp"


#include "exray/core/embedded.hpp"
#include "exray/core/file.hpp"

namespace exray {
std::span<const EmbeddedFile> builtin_rule_files();  // generated from rules/logs by cmake/embed.cmake
}

namespace exray::loghunt {

namespace {
Result<void> append(std::vector<Rule>& out, std::string_view text, std::string_view source) {
  auto rules = load_rules(text, source);
  if (!rules) return std::unexpected(rules.error());
  for (auto& r : *rules) out.push_back(std::move(r));
  return {};
}
}  // namespace

Result<std::vector<Rule>> builtin_rules() {
  std::vector<Rule> out;
  for (const auto& file : builtin_rule_files())
    if (auto ok = append(out, file.data, "rules/logs/" + std::string(file.name)); !ok) return std::unexpected(ok.error());
  return out;
}

Result<RuleSet> builtin_rule_set() {
  auto rules = builtin_rules();
  if (!rules) return std::unexpected(rules.error());
  return RuleSet::compile(std::move(*rules));
}

Result<std::vector<Rule>> load_rule_path(const std::filesystem::path& path) {
  static constexpr std::string_view kExtensions[] = {".yaml", ".yml"};
  auto files = list_files(path, kExtensions, "rule");
  if (!files) return std::unexpected(files.error());
  std::vector<Rule> out;
  for (const auto& file : *files) {
    auto text = read_small_file(file);
    if (!text) return std::unexpected(text.error());
    if (auto ok = append(out, *text, file.string()); !ok) return std::unexpected(ok.error());
  }
  return out;
}

}  // namespace exray::loghunt
