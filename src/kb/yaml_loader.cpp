// SPDX-License-Identifier: Apache-2.0
#include "yaml_loader.hpp"

#include "common/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>

#include "exray/core/text.hpp"

namespace exray::kb {
namespace {

using detail::Reader;
using detail::where_of;

Result<Build> read_build(const Reader& in, const YAML::Node& node, std::string_view text) {
  auto build = parse_build(text);
  if (!build) return std::unexpected(in.error(node, build.error().message));
  if (!build->exact()) return std::unexpected(in.error(node, fmt::format("build {} needs all four parts", printable(text))));
  return *build;
}

Result<Date> read_date(const Reader& in, const YAML::Node& node, std::string_view text) {
  auto date = parse_iso_date(text);
  if (!date) return std::unexpected(in.error(node, date.error().message));
  return *date;
}


Result<void> load_release(KnowledgeBase& kb, Reader& in, const YAML::Node& node) {
  if (auto ok = in.only_keys(node, {"build", "name", "date", "kb", "url"}); !ok) return ok;
  Release release;
  auto build = in.scalar(node, "build", true);
  auto name = in.scalar(node, "name", true);
  auto date = in.scalar(node, "date", true);
  auto kb_id = in.scalar(node, "kb", false);
  auto url = in.scalar(node, "url", false);
  for (const auto* r : {&build, &name, &date, &kb_id, &url})
    if (!*r) return std::unexpected(r->error());
  auto parsed_build = read_build(in, node["build"], *build);
  if (!parsed_build) return std::unexpected(parsed_build.error());
  auto parsed_date = read_date(in, node["date"], *date);
  if (!parsed_date) return std::unexpected(parsed_date.error());
  if (!istarts_with(*name, "Exchange "))
    return std::unexpected(in.error(node["name"], "a release name starts with 'Exchange '"));
  kb.add(Release{*parsed_build, std::move(*name), *parsed_date, std::move(*kb_id), std::move(*url), {}, {}});
  return {};
}

Result<void> load_product(KnowledgeBase& kb, Reader& in, const YAML::Node& node) {
  if (auto ok = in.only_keys(node, {"name", "support_ended", "note", "branch_depth"}); !ok) return ok;
  auto name = in.scalar(node, "name", true);
  auto ended = in.scalar(node, "support_ended", false);
  auto note = in.scalar(node, "note", false);
  auto depth = in.scalar(node, "branch_depth", false);
  for (const auto* r : {&name, &ended, &note, &depth})
    if (!*r) return std::unexpected(r->error());
  Product product{std::move(*name), std::nullopt, std::move(*note), 3};
  if (!depth->empty()) {
    auto value = parse_u32(*depth);
    if (!value || *value < 2 || *value > 3)
      return std::unexpected(in.error(node["branch_depth"], "branch_depth is 2 (service pack) or 3 (CU)"));
    product.branch_depth = *value;
  }
  if (!ended->empty()) {
    auto date = read_date(in, node["support_ended"], *ended);
    if (!date) return std::unexpected(date.error());
    product.support_ended = *date;
  }
  kb.add(std::move(product));
  return {};
}

Result<void> load_advisory(KnowledgeBase& kb, Reader& in, const YAML::Node& node) {
  if (auto ok = in.only_keys(node, {"id", "title", "cves", "fixed_in", "note", "references"}); !ok) return ok;
  auto id = in.scalar(node, "id", true);
  auto title = in.scalar(node, "title", true);
  auto note = in.scalar(node, "note", false);
  for (const auto* r : {&id, &title, &note})
    if (!*r) return std::unexpected(r->error());
  auto cves = in.list(node, "cves");
  auto references = in.list(node, "references");
  auto fixed = in.list(node, "fixed_in");
  for (const auto* r : {&cves, &references, &fixed})
    if (!*r) return std::unexpected(r->error());
  if (fixed->empty()) return std::unexpected(in.error(node, "an advisory needs at least one 'fixed_in' build"));
  Advisory advisory{std::move(*id), std::move(*title), std::move(*cves), {}, std::move(*note), std::move(*references)};
  for (std::size_t i = 0; i < fixed->size(); ++i) {
    auto build = read_build(in, node["fixed_in"][i], (*fixed)[i]);
    if (!build) return std::unexpected(build.error());
    advisory.fixed_in.push_back(*build);
  }
  kb.add(std::move(advisory));
  return {};
}

using SectionLoader = Result<void> (*)(KnowledgeBase&, Reader&, const YAML::Node&);


}  // namespace

Result<void> load_yaml(KnowledgeBase& kb, std::string_view text, std::string_view source) {
  Reader in(source, text.size());
  // yaml-cpp reports through exceptions, from parsing and from node accessors alike; none
  // leaves this function. It limits nesting itself (DeepRecursion) since 0.7.
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap())
      return fail(Errc::parse_error, "a knowledge-base file is a mapping with 'builds', 'products' or 'advisories'",
                  Where{std::string(source)});
    if (auto ok = in.only_keys(root, {"source", "builds", "products", "advisories"}); !ok) return ok;
    static constexpr std::array<std::pair<std::string_view, SectionLoader>, 3> kSections{{
        {"products", load_product},
        {"builds", load_release},
        {"advisories", load_advisory},
    }};
    for (const auto& [key, loader] : kSections) {
      auto section = root[std::string(key)];
      if (!section) continue;
      if (!section.IsSequence()) return std::unexpected(in.error(section, fmt::format("'{}' must be a list", key)));
      for (const auto& item : section)
        if (auto ok = loader(kb, in, item); !ok) return ok;
    }
  } catch (const YAML::DeepRecursion& e) {
    return fail(Errc::limit_exceeded, "nesting too deep for a knowledge-base file", where_of(source, e.mark));
  } catch (const YAML::Exception& e) {
    return fail(Errc::parse_error, e.msg, where_of(source, e.mark));
  } catch (const std::bad_alloc&) {
    return fail(Errc::limit_exceeded, "out of memory while reading", Where{std::string(source)});
  }
  return {};
}

}  // namespace exray::kb
