// SPDX-License-Identifier: Apache-2.0
// exray kb: the Exchange knowledge base.
//
// Three kinds of data, all loaded from YAML (see kb/ in the repository, compiled into the
// binary): releases (every Exchange build Microsoft published, generated from Microsoft's
// build-number CSV), products (support lifecycle) and advisories (per CVE group, the first
// fixed build in each CU branch). Users merge newer data at run time with `--kb FILE`, either
// our YAML or Microsoft's CSV as published. verdict.hpp turns a build into verdicts.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/time.hpp"
#include "exray/kb/build.hpp"

namespace exray::kb {

// One row of Microsoft's build table.
struct Release {
  Build build;
  std::string name;  // as Microsoft writes it: "Exchange 2016 CU19 Mar21SU"
  Date date;
  std::string kb;   // "KB5000871"; may be empty
  std::string url;  // the announcement; may be empty
  // Derived from `name` when loaded:
  std::string product;  // "Exchange 2016"
  std::string update;   // the security or hotfix update, "Mar21SU" or "Apr24HU"; empty for a CU/RU
};

struct Product {
  std::string name;                   // "Exchange 2016", matching Release::product
  std::optional<Date> support_ended;  // end of extended support; none while supported
  std::string note;
  // How many build parts name the line one security update applies to: 3 since Exchange 2013
  // (an SU fits one CU, major.minor.build); 2 for 2007/2010 (a rollup fits a service pack).
  std::size_t branch_depth = 3;
};

struct Advisory {
  std::string id;     // "proxylogon"
  std::string title;  // "ProxyLogon (March 2021)"
  std::vector<std::string> cves;
  std::vector<Build> fixed_in;  // the first fixed build in each CU branch that got a fix
  std::string note;
  std::vector<std::string> references;
};

class KnowledgeBase {
 public:
  // The data compiled into this binary.
  [[nodiscard]] static Result<KnowledgeBase> builtin();

  // Merges a KB file over what is loaded: releases by build, products by name, advisories by id
  // (an entry with the same key replaces the old one). The format is sniffed: Microsoft's CSV
  // header, else our YAML. `source` names the input in errors.
  [[nodiscard]] Result<void> merge(std::string_view text, std::string_view source);
  [[nodiscard]] Result<void> merge_file(const std::filesystem::path& path);

  [[nodiscard]] std::span<const Release> releases() const noexcept { return releases_; }  // by build
  [[nodiscard]] std::span<const Product> products() const noexcept { return products_; }
  [[nodiscard]] std::span<const Advisory> advisories() const noexcept { return advisories_; }

  [[nodiscard]] const Release* find(const Build& build) const noexcept;
  // The newest release at or below `build` with the same major.minor (an exact build's own row).
  [[nodiscard]] const Release* floor(const Build& build) const noexcept;
  // The oldest release at or above `build`, of any version.
  [[nodiscard]] const Release* ceiling(const Build& build) const noexcept;
  // The oldest release sharing `build`'s first `depth` parts: with 3, the CU itself.
  [[nodiscard]] const Release* branch_base(const Build& build, std::size_t depth = 3) const noexcept;
  [[nodiscard]] const Release* latest(std::string_view product) const noexcept;
  [[nodiscard]] const Product* product(std::string_view name) const noexcept;
  // The product's branch_depth; 3 for a product without a lifecycle entry.
  [[nodiscard]] std::size_t branch_depth(std::string_view product) const noexcept;

  // Fills products and updates of releases, sorts, and checks cross-references (every fixed
  // build of an advisory is a known release). Called by merge; public for loaders.
  [[nodiscard]] Result<void> reindex();

  void add(Release release);
  void add(Product product);
  void add(Advisory advisory);

 private:
  std::vector<Release> releases_;
  std::vector<Product> products_;
  std::vector<Advisory> advisories_;
};

}  // namespace exray::kb
