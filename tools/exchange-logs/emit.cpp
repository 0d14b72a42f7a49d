// SPDX-License-Identifier: Apache-2.0
// Streaming writer of one log file with its planted lines.
#include "emit.hpp"

#include <algorithm>

namespace exlogs {
namespace {

constexpr std::string_view kExchangeVersion = "#Version: 15.01.2176.002";

void exchange_header(LogWriter& w, const LogFile& f, std::string_view log_type, std::string_view fields) {
  // Exchange 2016+ starts with a plain header row, then the W3C-style directives.
  w.line(fields);
  w.line("#Software: Microsoft Exchange Server");
  w.line(kExchangeVersion);
  w.buf() += "#Log-type: ";
  w.line(log_type);
  w.buf() += "#Date: ";
  append_iso(w.buf(), f.start_ms);
  w.end_line();
  w.buf() += "#Fields: ";
  w.line(fields);
}

void iis_header(LogWriter& w, std::int64_t ms, int layout) {
  w.line("#Software: Microsoft Internet Information Services 10.0");
  w.line("#Version: 1.0");
  w.buf() += "#Date: ";
  append_date(w.buf(), ms);
  w.buf() += ' ';
  append_hms(w.buf(), ms);
  w.end_line();
  w.line(iis_fields_line(layout));
}

std::string join(std::size_t columns) {
  std::string out;
  for (std::size_t i = 0; i < columns; ++i) {
    if (i != 0) out.push_back(',');
    out.append(kProxyColumns[i]);
  }
  return out;
}

}  // namespace

void emit_log(const std::filesystem::path& root, const LogFile& f, const Population& pop, std::vector<Record>& truth,
              std::vector<Record>& near, Totals& totals) {
  const auto path = root / f.rel;
  std::filesystem::create_directories(path.parent_path());
  LogWriter w(path, f.gzip, f.crlf);
  const std::size_t columns = f.old_columns ? kOldProxyColumnCount : kProxyColumnCount;
  int layout = 0;
  switch (f.kind) {
    case LogKind::httpproxy:
      exchange_header(w, f, "HttpProxy Logs", join(columns));
      break;
    case LogKind::ecp_server:
      exchange_header(w, f, "ECP Server Logs", "TimeStamp,ServerName,EventId,EventData");
      break;
    case LogKind::oab_generator:
      w.line("#Software: Microsoft Exchange Server");
      w.line(kExchangeVersion);
      w.line("#Log-type: OABGenerator Log");
      w.buf() += "#Date: ";
      append_iso(w.buf(), f.start_ms);
      w.end_line();
      break;
    case LogKind::iis:
      iis_header(w, f.start_ms, layout);
      break;
  }

  Rng rng(f.seed);
  ProxyRow row;
  IisRow iis_row;
  std::string big;
  const double target = static_cast<double>(std::max<std::uint64_t>(f.target, 1));
  auto now = [&] {
    const double done = std::min(1.0, static_cast<double>(w.bytes()) / target);
    return f.start_ms + static_cast<std::int64_t>(static_cast<double>(f.span_ms) * done);
  };

  auto write_plant = [&](const Template& t) {
    const std::int64_t ms = now();
    PlantCtx ctx{rng, pop, ms, big};
    Hits hits;
    switch (f.kind) {
      case LogKind::httpproxy:
        fill_proxy_row(rng, pop, f.protocol, ms, row);
        hits = t.proxy(ctx, row);
        append_proxy_row(row, columns, w.buf());
        break;
      case LogKind::iis:
        fill_iis_row(rng, pop, ms, iis_row);
        hits = t.iis(ctx, iis_row);
        append_iis_row(iis_row, layout, w.buf());
        break;
      default:
        hits = t.text(ctx, w.buf());
        break;
    }
    w.end_line();
    if (!t.near_miss_of.empty()) {
      near.push_back({"near-miss:" + std::string(t.near_miss_of), f.rel, w.lines()});
      ++totals.near_misses;
      return;
    }
    ++totals.planted;
    for (std::size_t i = 0; i < hits.count; ++i) truth.push_back({std::string(hits.rules[i]), f.rel, w.lines()});
  };

  std::size_t next = 0;
  bool switched = f.second_layout < 0;
  for (;;) {
    const auto done = static_cast<double>(w.bytes());
    if (next < f.plants.size() && done >= f.plants[next].position * target) {
      write_plant(*f.plants[next++].tmpl);
      continue;
    }
    if (done >= target) break;
    if (!switched && done >= target / 2) {
      // An administrator changed the logged fields: IIS starts a new header block mid-file.
      layout = f.second_layout;
      iis_header(w, now(), layout);
      switched = true;
      continue;
    }
    const std::int64_t ms = now();
    switch (f.kind) {
      case LogKind::httpproxy:
        fill_proxy_row(rng, pop, f.protocol, ms, row);
        append_proxy_row(row, columns, w.buf());
        break;
      case LogKind::ecp_server:
        append_benign_ecp_row(rng, pop, ms, w.buf());
        break;
      case LogKind::oab_generator:
        append_benign_oab_line(rng, pop, ms, w.buf());
        break;
      case LogKind::iis:
        fill_iis_row(rng, pop, ms, iis_row);
        append_iis_row(iis_row, layout, w.buf());
        break;
    }
    w.end_line();
  }
  while (next < f.plants.size()) write_plant(*f.plants[next++].tmpl);

  totals.bytes += w.bytes();
  w.close();
  totals.disk_bytes += std::filesystem::file_size(path);
  ++totals.files;
}

}  // namespace exlogs
