// SPDX-License-Identifier: Apache-2.0
// `exray vault list|verify|export|recover`: look into an evidence vault, prove it intact, hand an
// item to investigators, repair what an interrupted quarantine or restore left.
#include "exray/vault/vault.hpp"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "vault_text.hpp"

namespace exray::cli {
namespace {

int list(const std::string& dir, const GlobalOptions& global) {
  auto v = vault::Vault::open_for_reading(dir);
  if (!v) return report_error("vault list", v.error()), kError;
  auto items = v->items();
  if (!items) return report_error("vault list", items.error()), kError;
  const bool json = global.format == "jsonl";
  for (const auto& item : *items) {
    const auto& m = item.original;
    if (json) {
      nlohmann::ordered_json j{{"schema", kFindingSchemaVersion},
                               {"type", "vault-item"},
                               {"id", item.id},
                               {"state", to_string(item.state)},
                               {"path", m.path},
                               {"size", m.size},
                               {"sha256", m.sha256},
                               {"sha1", m.sha1},
                               {"md5", m.md5},
                               {"mode", fmt::format("{:04o}", m.mode)},
                               {"owner", m.owner},
                               {"group", m.group},
                               {"rule", item.finding.rule},
                               {"severity", item.finding.severity},
                               {"quarantined_at", item.at},
                               {"by", item.by},
                               {"renamed_to", item.renamed_to},
                               {"restored_at", item.restored_at}};
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
      std::cout << fmt::format("{}  {:<12}  {}  {:>9}  {}  {}  {}\n", item.id, to_string(item.state), item.at, m.size,
                               m.sha256.substr(0, 16), item.finding.rule.empty() ? "-" : item.finding.rule, m.path);
    }
  }
  if (!global.quiet) std::cerr << fmt::format("exray vault: {} item(s) in {}\n", items->size(), v->dir().string());
  return items->empty() ? kNothingFound : kFound;
}

// Exit 0 when intact, 2 with each problem named: a vault is evidence, so any doubt is an error.
int verify(const std::string& dir, const GlobalOptions& global) {
  auto v = vault::Vault::open_for_reading(dir);
  if (!v) return report_error("vault verify", v.error()), kError;
  const auto problems = v->verify();
  for (const auto& p : problems) {
    if (p.item.empty())
      std::cout << fmt::format("TAMPERED\t-\t{}\t{}\n", p.path.empty() ? "-" : p.path, p.what);
    else
      std::cout << fmt::format("TAMPERED\t{}\t{}\t{}\n", p.item, p.path.empty() ? "-" : p.path, p.what);
  }
  auto items = v->items();
  if (!global.quiet) {
    if (problems.empty())
      std::cerr << fmt::format("exray vault verify: intact: {} item(s), every copy and the manifest chain check out\n",
                               items ? items->size() : 0);
    else
      std::cerr << fmt::format("exray vault verify: {} problem(s) in {}\n", problems.size(), v->dir().string());
  }
  return problems.empty() ? kFound : kError;
}

int recover(const std::string& dir) {
  auto v = vault::Vault::open_for_writing(dir);
  if (!v) return report_error("vault recover", v.error()), kError;
  print_recovery(v->recovery());
  std::cerr << fmt::format("exray vault recover: {} repair(s)\n", v->recovery().actions.size());
  return kFound;
}

// The archive appears only when whole and checked; the summary names what to run next.
int export_item(const std::string& dir, const std::string& id, const std::string& out, const GlobalOptions& global) {
  auto v = vault::Vault::open_for_reading(dir);
  if (!v) return report_error("vault export", v.error()), kError;
  auto done = v->export_item(id, out);
  if (!done) return report_error("vault export", done.error()), kError;
  std::cout << fmt::format("exported\t{}\t{}\n", done->item, out);
  if (!global.quiet)
    std::cerr << fmt::format(
        "exray vault export: item {} into {} ({} bytes); check it with `tar -xf {} && cd {} && sha256sum -c "
        "SHA256SUMS`\n",
        done->item, out, done->bytes, out, done->folder);
  return kFound;
}

}  // namespace

void add_vault_command(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand("vault", "Inspect and check an evidence vault");
  cmd->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  auto* l = cmd->add_subcommand("list", "One line per item: id, state, time, size, SHA-256, rule, original path");
  l->add_option("vault", *dir, "The vault folder")->required();
  l->callback([dir, &context] { context.exit_code = list(*dir, context.global); });
  auto* v = cmd->add_subcommand("verify", "Re-hash every copy and check the manifest chain; exit 2 on any problem");
  v->add_option("vault", *dir, "The vault folder")->required();
  v->callback([dir, &context] { context.exit_code = verify(*dir, context.global); });
  auto* e = cmd->add_subcommand("export", "Write one item (bytes, metadata, manifest lines, SHA256SUMS) as a tar file");
  auto id = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  e->add_option("vault", *dir, "The vault folder")->required();
  e->add_option("item", *id, "The item's id, or a unique prefix of it")->required();
  e->add_option("archive", *out, "The tar file to write; it must not exist")->required();
  e->callback([dir, id, out, &context] { context.exit_code = export_item(*dir, *id, *out, context.global); });
  auto* r = cmd->add_subcommand("recover", "Finish or roll back what an interrupted quarantine or restore left");
  r->add_option("vault", *dir, "The vault folder")->required();
  r->callback([dir, &context] { context.exit_code = recover(*dir); });
}

}  // namespace exray::cli
