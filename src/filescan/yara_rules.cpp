// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/yara_rules.hpp"

#include <fmt/format.h>
#include <yara.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "exray/core/text.hpp"

namespace exray::filescan {

namespace {

constexpr std::size_t kMaxHitBytes = 256;
constexpr const char* kPerFile[] = {"filename", "filepath", "extension"};
constexpr const char* kDeclared[] = {"filename", "filepath", "extension", "filetype", "owner"};

// libyara keeps process-wide tables; initialise once and keep them for the process's life.
bool init_yara() {
  static const bool ok = yr_initialize() == ERROR_SUCCESS;
  return ok;
}

struct CompileLog {
  std::vector<std::string> errors, warnings;
};

void on_compile_message(int level, const char* file, int line, const YR_RULE* /*rule*/, const char* message,
                        void* user) {
  auto* log = static_cast<CompileLog*>(user);
  auto text = fmt::format("{}:{}: {}", file ? file : "<rules>", line, message ? message : "");
  (level == YARA_ERROR_LEVEL_ERROR ? log->errors : log->warnings).push_back(std::move(text));
}

struct CompilerFree {
  void operator()(YR_COMPILER* c) const noexcept { yr_compiler_destroy(c); }
};

int define(YR_COMPILER* compiler, const std::string& name, const std::string& value) {
  if (value == "true" || value == "false") return yr_compiler_define_boolean_variable(compiler, name.c_str(), value == "true");
  if (auto n = parse_u32(value)) return yr_compiler_define_integer_variable(compiler, name.c_str(), *n);
  return yr_compiler_define_string_variable(compiler, name.c_str(), value.c_str());
}

}  // namespace

std::string YaraMatch::meta_value(std::string_view key) const {
  for (const auto& [k, v] : meta)
    if (k == key) return v;
  return {};
}

Result<std::pair<std::string, std::string>> parse_yara_define(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return fail(Errc::invalid_argument, fmt::format("'{}' is not name=value", printable(text)));
  return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Result<YaraRules> YaraRules::compile(std::span<const YaraSource> sources, const YaraOptions& options) {
  if (!init_yara()) return fail(Errc::io_error, "libyara cannot start");
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS) return fail(Errc::limit_exceeded, "libyara: out of memory");
  std::unique_ptr<YR_COMPILER, CompilerFree> compiler(raw);
  CompileLog log;
  yr_compiler_set_callback(compiler.get(), on_compile_message, &log);
  for (const auto& [name, value] : options.defines)
    if (define(compiler.get(), name, value) != ERROR_SUCCESS)
      return fail(Errc::invalid_argument, fmt::format("cannot define YARA variable '{}'", printable(name)));
  for (const char* name : kDeclared) {
    const bool user = std::any_of(options.defines.begin(), options.defines.end(),
                                  [&](const auto& d) { return d.first == name; });
    if (!user) yr_compiler_define_string_variable(compiler.get(), name, "");
  }
  for (const auto& source : sources) {
    // From the file when there is one, so libyara resolves its includes next to it.
    int errors = 0;
    if (FILE* f = std::fopen(source.origin.c_str(), "rb")) {
      errors = yr_compiler_add_file(compiler.get(), f, source.name_space.c_str(), source.origin.c_str());
      std::fclose(f);
    } else {
      errors = yr_compiler_add_string(compiler.get(), source.text.c_str(), source.name_space.c_str());
    }
    if (errors > 0) {
      auto message = log.errors.empty() ? std::string("does not compile") : log.errors.front();
      if (message.starts_with("<rules>")) message = source.origin + message.substr(7);
      return fail(Errc::parse_error, "YARA: " + message, Where{source.origin});
    }
  }
  YR_RULES* compiled = nullptr;
  if (yr_compiler_get_rules(compiler.get(), &compiled) != ERROR_SUCCESS)
    return fail(Errc::limit_exceeded, "libyara: cannot build the rule set");
  YaraRules rules;
  rules.rules_ = std::shared_ptr<YR_RULES>(compiled, [](YR_RULES* r) { yr_rules_destroy(r); });
  const YR_RULE* rule = nullptr;
  yr_rules_foreach(compiled, rule) { ++rules.rule_count_; }
  rules.warnings_ = std::move(log.warnings);
  rules.timeout_ = options.timeout_seconds;

  auto gates = analyse_yara_rules(sources);
  const auto analysed = static_cast<std::size_t>(
      std::count_if(gates.begin(), gates.end(), [](const RuleGate& g) { return g.rule != "*"; }));
  for (const auto& g : gates)
    if (!g.gated) rules.ungated_.push_back(g);
  // The prefilter is only sound if it saw every rule libyara compiled.
  if (analysed != rules.rule_count_)
    rules.ungated_.push_back(RuleGate{"", "*", false,
                                      fmt::format("exray read {} rules where libyara compiled {}", analysed,
                                                  rules.rule_count_),
                                      {}, {}});
  rules.prefilter_ = Prefilter::build(gates, rules.ungated_);
  return rules;
}

void YaraScanner::Free::operator()(YR_SCANNER* s) const noexcept { yr_scanner_destroy(s); }

Result<YaraScanner> YaraScanner::create(const YaraRules& rules) {
  YR_SCANNER* raw = nullptr;
  if (yr_scanner_create(rules.rules_.get(), &raw) != ERROR_SUCCESS)
    return fail(Errc::limit_exceeded, "libyara: cannot create a scanner");
  YaraScanner scanner;
  scanner.rules_ = rules.rules_;
  scanner.scanner_.reset(raw);
  yr_scanner_set_timeout(raw, rules.timeout_seconds());
  // Fast mode: the first match of each string is enough to report where it is.
  yr_scanner_set_flags(raw, SCAN_FLAGS_FAST_MODE);
  return scanner;
}

namespace {

struct ScanState {
  std::vector<YaraMatch>* out;
};

int on_scan_message(YR_SCAN_CONTEXT* context, int message, void* data, void* user) {
  if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
  auto* rule = static_cast<YR_RULE*>(data);
  YaraMatch m;
  m.name_space = rule->ns && rule->ns->name ? rule->ns->name : "";
  m.rule = rule->identifier;
  const YR_META* meta = nullptr;
  yr_rule_metas_foreach(rule, meta) {
    std::string value;
    if (meta->type == META_TYPE_INTEGER) value = std::to_string(meta->integer);
    else if (meta->type == META_TYPE_BOOLEAN) value = meta->integer ? "true" : "false";
    else value = meta->string ? meta->string : "";
    m.meta.emplace_back(meta->identifier, std::move(value));
  }
  const YR_STRING* string = nullptr;
  yr_rule_strings_foreach(rule, string) {
    // libyara allocates matches unaligned, so each is copied out before it is read rather than
    // walked in place as yr_string_matches_foreach does (UBSan: misaligned member access).
    const void* next = context->matches[string->idx].head;
    while (next) {
      YR_MATCH match;
      std::memcpy(&match, next, sizeof match);
      next = match.next;
      if (match.is_private) continue;
      const auto length = std::min<std::size_t>(static_cast<std::size_t>(match.data_length), kMaxHitBytes);
      m.strings.push_back(StringHit{string->identifier, static_cast<std::uint64_t>(match.base + match.offset),
                                    std::string(reinterpret_cast<const char*>(match.data), length)});
      break;  // the first match says where; the rest add nothing a person needs
    }
  }
  std::sort(m.strings.begin(), m.strings.end(), [](const StringHit& a, const StringHit& b) { return a.offset < b.offset; });
  static_cast<ScanState*>(user)->out->push_back(std::move(m));
  return CALLBACK_CONTINUE;
}

}  // namespace

Result<std::vector<YaraMatch>> YaraScanner::scan(std::string_view bytes, const FileNames& names) {
  std::vector<YaraMatch> matches;
  ScanState state{&matches};
  auto* s = scanner_.get();
  const std::string* values[] = {&names.filename, &names.filepath, &names.extension};
  for (std::size_t i = 0; i < std::size(kPerFile); ++i) yr_scanner_define_string_variable(s, kPerFile[i], values[i]->c_str());
  yr_scanner_set_callback(s, on_scan_message, &state);
  const int rc = yr_scanner_scan_mem(s, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (rc == ERROR_SUCCESS) return matches;
  if (rc == ERROR_SCAN_TIMEOUT) return fail(Errc::limit_exceeded, "YARA scan timed out");
  if (rc == ERROR_TOO_MANY_MATCHES) return fail(Errc::limit_exceeded, "YARA: too many matches of one string");
  return fail(Errc::io_error, fmt::format("YARA scan failed (libyara error {})", rc));
}

}  // namespace exray::filescan
