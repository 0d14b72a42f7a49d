// SPDX-License-Identifier: Apache-2.0
// `exray serve --db URL [--listen ADDRESS:PORT] [--token T | --token-file F]`: the dashboard, a
// read-only view of the store in a browser. Loopback by default; any other address needs a token.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "context.hpp"
#include "exray/store/store.hpp"
#include "exray/web/server.hpp"
#include "exray/web/token.hpp"

namespace exray::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string token, token_file;
};

// The file's first line: a token kept out of the command line (and so out of `ps`).
Result<std::string> read_token_file(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return fail(Errc::io_error, "cannot read the token file", Where{path});
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line;
}

Result<web::DashboardOptions> dashboard_options(const ServeArgs& args, const GlobalOptions& global) {
  if (auto ok = require_db(global, "show"); !ok) return std::unexpected(ok.error());
  web::DashboardOptions options{global.db, args.token};
  if (!args.token_file.empty()) {
    auto token = read_token_file(args.token_file);
    if (!token) return std::unexpected(token.error());
    options.token = std::move(*token);
  }
  if (!options.token.empty())
    if (auto ok = web::check_token_text(options.token); !ok) return std::unexpected(ok.error());
  return options;
}

int run(const ServeArgs& args, const GlobalOptions& global) {
  auto options = dashboard_options(args, global);
  if (!options) return report_error("serve", options.error()), kError;
  auto listen = web::parse_listen(args.listen);
  if (!listen) return report_error("serve", listen.error()), kError;
  if (!listen->loopback && options->token.empty())
    return report_error("serve", Error{Errc::invalid_argument,
                                       fmt::format("--listen {} is reachable from other machines: the dashboard "
                                                   "shows which servers are exposed, so it needs --token or "
                                                   "--token-file there (or listen on 127.0.0.1)",
                                                   args.listen),
                                       {}}),
           kError;
  // Refuse a store that cannot be read now, rather than on the first page.
  if (auto store = store::Store::open_read_only(options->db); !store)
    return report_error("serve", store.error()), kError;
  auto served = web::serve(*listen, *options, [&](const std::string& url) {
    // The URL on standard output, so a script can wait for it; the port is the bound one.
    std::cout << fmt::format("listening on {}\n", url) << std::flush;
  });
  if (!served) return report_error("serve", served.error()), kError;
  return kFound;
}

}  // namespace

void add_serve_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve",
                                 "A read-only dashboard over the store in a browser: hosts, findings, runs, trends "
                                 "(no script; loopback unless a token is set)");
  cmd->add_option("--listen", args->listen, "ADDRESS:PORT to listen on (port 0: any free port)")->capture_default_str();
  auto* token = cmd->add_option("--token", args->token,
                                "Ask every request for this token (Authorization: Bearer, or open /?token=… "
                                "once for a cookie); required off loopback");
  cmd->add_option("--token-file", args->token_file, "Read the token from the first line of FILE (kept out of ps)")
      ->check(CLI::ExistingFile)
      ->excludes(token);
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
