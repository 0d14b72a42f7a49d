// SPDX-License-Identifier: Apache-2.0
// `exray quarantine` and `exray restore`: take the files a hunt found out of service, into a
// vault, and put them back. A dry run is the default: nothing moves without --apply.
#include <fmt/format.h>

#include <iostream>

#include "context.hpp"
#include "exray/vault/plan.hpp"
#include "exray/vault/vault.hpp"
#include "vault_text.hpp"

namespace exray::cli {
namespace {

namespace fs = std::filesystem;

struct QuarantineArgs {
  std::string vault;
  std::string from;
  std::string min_severity = "high";
  std::vector<std::string> roots;
  bool apply = false;
  bool rename = false;
  std::string suffix = ".exray-quarantined";
};

// What the dry run checks without touching anything: is the file still the one the finding saw?
std::string preview(const vault::Candidate& c) {
  auto digest = vault::sha256_of_file(c.path);
  if (!digest) return fmt::format("would be refused: {}", digest.error().message);
  if (*digest != c.sha256)
    return fmt::format("would be refused: changed since the finding (SHA-256 now {})", digest->substr(0, 16));
  return "would quarantine";
}

int quarantine(const QuarantineArgs& args, const GlobalOptions& global) {
  auto severity = parse_severity(args.min_severity);
  if (!severity) return report_error("quarantine", severity.error()), kError;
  auto plan = vault::plan_from_findings(args.from, *severity);
  if (!plan) return report_error("quarantine", plan.error()), kError;
  std::vector<fs::path> roots(args.roots.begin(), args.roots.end());
  if (roots.empty()) roots = plan->roots;
  if (roots.empty()) {
    report_error("quarantine",
                 Error{Errc::invalid_argument,
                       "the findings file names no hunted folders (no \"run\" record): give --root", Where{args.from}});
    return kError;
  }
  if (!global.quiet)
    std::cerr << fmt::format("exray quarantine: {} file(s) at {} or above from {}{}; {} below it left alone\n",
                             plan->candidates.size(), to_string(*severity), args.from,
                             args.apply ? "" : " (dry run: add --apply to act)", plan->below_severity);
  if (!args.apply) {
    for (const auto& c : plan->candidates)
      std::cout << fmt::format("{}\t{}\t{}\t{}\n", preview(c), c.finding.severity, c.finding.rule, c.path.string());
    return plan->candidates.empty() ? kNothingFound : kFound;
  }
  vault::VaultOptions options;
  auto v = vault::Vault::open_for_writing(args.vault, options);
  if (!v) return report_error("quarantine", v.error()), kError;
  print_recovery(v->recovery());
  std::size_t done = 0, refused = 0;
  for (const auto& c : plan->candidates) {
    vault::QuarantineRequest request{
        c.path, c.sha256, c.finding, roots, args.rename ? vault::Removal::rename : vault::Removal::remove, args.suffix};
    auto item = v->quarantine(request);
    if (!item) {
      ++refused;
      std::cout << fmt::format("refused\t{}\t{}\n", c.path.string(), item.error().message);
      continue;
    }
    ++done;
    std::cout << fmt::format("quarantined\t{}\t{}{}\n", item->id, item->original.path,
                             item->removal == vault::Removal::rename ? " -> " + item->renamed_to : "");
  }
  if (!global.quiet)
    std::cerr << fmt::format("exray quarantine: {} quarantined into {}, {} refused\n", done, v->dir().string(),
                             refused);
  if (refused > 0) return kError;
  return done > 0 ? kFound : kNothingFound;
}

struct RestoreArgs {
  std::string vault;
  std::vector<std::string> items;
  bool replace = false;
};

int restore(const RestoreArgs& args, const GlobalOptions& global) {
  auto v = vault::Vault::open_for_writing(args.vault);
  if (!v) return report_error("restore", v.error()), kError;
  print_recovery(v->recovery());
  int code = kFound;
  for (const auto& id : args.items) {
    auto item = v->restore(id, args.replace);
    if (!item) {
      report_error("restore", item.error());
      code = kError;
      continue;
    }
    std::cout << fmt::format("restored\t{}\t{}\t{}\n", item->id, item->original.sha256, item->original.path);
  }
  if (!global.quiet && code == kFound)
    std::cerr << fmt::format("exray restore: {} item(s) back in place\n", args.items.size());
  return code;
}

}  // namespace

void add_quarantine_commands(CLI::App& app, Context& context) {
  auto q = std::make_shared<QuarantineArgs>();
  auto* cmd =
      app.add_subcommand("quarantine", "Move the files a hunt found into an evidence vault (dry run unless --apply)");
  cmd->add_option("--vault", q->vault, "The vault folder (created if missing)")->required();
  cmd->add_option("--from", q->from, "Findings of `exray hunt --format jsonl -o FILE`")->required();
  cmd->add_option("--min-severity", q->min_severity, "Quarantine files with a finding at least this severe")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}))
      ->capture_default_str();
  cmd->add_option("--root", q->roots,
                  "Only act inside this folder (default: the folders the hunt was run on); repeatable");
  cmd->add_flag("--apply", q->apply, "Do it: copy, verify, record, then remove the originals");
  cmd->add_flag("--rename", q->rename, "Rename originals with --suffix instead of removing them (neutralise)");
  cmd->add_option("--suffix", q->suffix, "The non-executable extension --rename adds")->capture_default_str();
  cmd->callback([q, &context] { context.exit_code = quarantine(*q, context.global); });

  auto r = std::make_shared<RestoreArgs>();
  auto* rc = app.add_subcommand("restore", "Put quarantined files back with their bytes, mode and times");
  rc->add_option("--vault", r->vault, "The vault folder")->required();
  rc->add_option("item", r->items, "Item ids (or unique prefixes) from `exray vault list`")->required();
  rc->add_flag("--replace", r->replace,
               "Replace a different file found at the original path (it is kept in the vault first)");
  rc->callback([r, &context] { context.exit_code = restore(*r, context.global); });
}

}  // namespace exray::cli
