// SPDX-License-Identifier: Apache-2.0
// `exray alert --db URL --owners owners.csv --out DIR [--all]`: one notice per owner (text,
// JSON, .eml) naming what changed since the owner's last notice.
#include "exray/alert/alert.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "context.hpp"
#include "exray/core/time.hpp"

namespace exray::cli {
namespace {

namespace fs = std::filesystem;

struct AlertArgs {
  std::string owners, out, from = "exray@localhost";
  bool all = false;
};

Result<void> write_file(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) return fail(Errc::io_error, "cannot write", Where{path.string()});
  return {};
}

int run(const AlertArgs& args, const GlobalOptions& global) {
  if (auto ok = require_db(global, "alert from"); !ok) return report_error("alert", ok.error()), kError;
  auto owners = alert::Owners::read(args.owners);
  if (!owners) return report_error("alert", owners.error()), kError;
  auto store = store::Store::open(global.db);
  if (!store) return report_error("alert", store.error()), kError;
  auto alerts = alert::prepare(*store, *owners, args.all);
  if (!alerts) return report_error("alert", alerts.error()), kError;

  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec) return report_error("alert", Error{Errc::io_error, ec.message(), Where{args.out}}), kError;
  const alert::Letterhead letterhead{args.from, global.db, format_iso8601(now())};
  for (const auto& notice : alerts->notices) {
    const auto stem = fs::path(args.out) / alert::file_stem(notice.owner);
    for (const auto& [extension, text] : {std::pair{".txt", alert::notice_text(notice, letterhead)},
                                          std::pair{".json", alert::notice_json(notice, letterhead)},
                                          std::pair{".eml", alert::notice_eml(notice, letterhead)}})
      if (auto ok = write_file(fs::path(stem.string() + extension), text); !ok)
        return report_error("alert", ok.error()), kError;
    std::cout << fmt::format("{}\t{}\t{}\n", stem.string() + ".txt", notice.hosts.size(), notice.owner.organisation);
  }
  if (!alerts->unowned.empty()) {
    std::string text = "Affected hosts that no row of the owners file names:\n";
    for (const auto& h : alerts->unowned) text += "  " + h.label() + "\n";
    if (auto ok = write_file(fs::path(args.out) / "unowned.txt", text); !ok)
      return report_error("alert", ok.error()), kError;
  }
  // Remembered only once every file is written: a failed run is simply run again.
  if (auto ok = alert::record(*store, *alerts, letterhead.date); !ok) return report_error("alert", ok.error()), kError;
  if (!global.quiet)
    std::cerr << fmt::format("exray alert: {} notice(s) in {}{}; {} affected host(s) without an owner{}\n",
                             alerts->notices.size(), args.out,
                             args.all ? "" : " (only what changed since each owner's last notice)",
                             alerts->unowned.size(), alerts->unowned.empty() ? "" : " (unowned.txt)");
  return alerts->notices.empty() ? kNothingFound : kFound;
}

}  // namespace

void add_alert_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<AlertArgs>();
  auto* cmd = app.add_subcommand("alert",
                                 "One notice per owner (text, JSON, .eml): each affected host, what to install, the "
                                 "interim mitigation and the hunt to run; only what changed since the last notice");
  cmd->add_option("--owners", args->owners,
                  "CSV: match,organisation,contact,email (match: address, CIDR, host name "
                  "or *.domain)")
      ->required();
  cmd->add_option("--out", args->out, "The folder to write the notices into")->required();
  cmd->add_flag("--all", args->all, "Every affected host, not only what changed since each owner's last notice");
  cmd->add_option("--from", args->from, "The sender address of the .eml messages")->capture_default_str();
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
