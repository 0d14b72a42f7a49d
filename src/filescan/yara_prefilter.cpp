// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/yara_prefilter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "exray/core/file.hpp"

namespace exray::filescan {

namespace {

enum class Tok { ident, string_id, number, text, regex, hex, punct, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;  // identifier, punctuation, number digits, or the raw body of text/regex/hex
  std::string flags;  // regex flags
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// YARA's lexical grammar, enough to find rules, strings and conditions. A regex is only
// possible after `=` (in a strings section) or `matches`; a hex string only after `=`.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::optional<std::vector<Token>> run() {
    std::vector<Token> out;
    while (true) {
      skip_space();
      if (failed_) return std::nullopt;
      if (i_ >= s_.size()) break;
      const char c = s_[i_];
      const std::string prev = out.empty() ? "" : out.back().text;
      const bool after_assign = !out.empty() && out.back().kind == Tok::punct && prev == "=";
      const bool after_matches = !out.empty() && out.back().kind == Tok::ident && prev == "matches";
      if (c == '"') {
        out.push_back({Tok::text, quoted(), ""});
      } else if (c == '/' && (after_assign || after_matches)) {
        auto body = regex();
        std::string flags;
        while (i_ < s_.size() && (s_[i_] == 'i' || s_[i_] == 's')) flags += s_[i_++];
        out.push_back({Tok::regex, std::move(body), std::move(flags)});
      } else if (c == '{' && after_assign) {
        const auto close = s_.find('}', i_);
        if (close == std::string_view::npos) return std::nullopt;
        out.push_back({Tok::hex, std::string(s_.substr(i_ + 1, close - i_ - 1)), ""});
        i_ = close + 1;
      } else if (c == '$' || c == '#' || c == '@' || (c == '!' && i_ + 1 < s_.size() && is_ident_start(s_[i_ + 1]))) {
        std::size_t j = i_ + 1;
        while (j < s_.size() && is_ident(s_[j])) ++j;
        if (c == '$' && j < s_.size() && s_[j] == '*') ++j;
        out.push_back({c == '$' ? Tok::string_id : Tok::ident, std::string(s_.substr(i_, j - i_)), ""});
        i_ = j;
      } else if (is_ident_start(c)) {
        std::size_t j = i_;
        while (j < s_.size() && is_ident(s_[j])) ++j;
        out.push_back({Tok::ident, std::string(s_.substr(i_, j - i_)), ""});
        i_ = j;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t j = i_;
        while (j < s_.size() && (is_ident(s_[j]) || (s_[j] == '.' && j + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j + 1])))))
          ++j;
        out.push_back({Tok::number, std::string(s_.substr(i_, j - i_)), ""});
        i_ = j;
      } else {
        static constexpr std::string_view two[] = {"..", "==", "!=", "<=", ">=", "<<", ">>"};
        std::string op(1, c);
        for (auto t : two)
          if (s_.substr(i_, 2) == t) op = std::string(t);
        i_ += op.size();
        out.push_back({Tok::punct, std::move(op), ""});
      }
      if (failed_) return std::nullopt;
    }
    return out;
  }

 private:
  void skip_space() {
    while (i_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_]))) {
        ++i_;
      } else if (s_.substr(i_, 2) == "//") {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (s_.substr(i_, 2) == "/*") {
        const auto end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) {
          failed_ = true;
          return;
        }
        i_ = end + 2;
      } else {
        return;
      }
    }
  }

  std::string quoted() {  // raw body, escapes kept
    std::size_t j = i_ + 1;
    while (j < s_.size() && s_[j] != '"' && s_[j] != '\n') j += s_[j] == '\\' ? std::size_t{2} : std::size_t{1};
    if (j >= s_.size() || s_[j] != '"') {
      failed_ = true;
      return {};
    }
    auto body = std::string(s_.substr(i_ + 1, j - i_ - 1));
    i_ = j + 1;
    return body;
  }

  std::string regex() {
    std::size_t j = i_ + 1;
    while (j < s_.size() && s_[j] != '/' && s_[j] != '\n') j += s_[j] == '\\' ? std::size_t{2} : std::size_t{1};
    if (j >= s_.size() || s_[j] != '/') {
      failed_ = true;
      return {};
    }
    auto body = std::string(s_.substr(i_ + 1, j - i_ - 1));
    i_ = j + 1;
    return body;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  bool failed_ = false;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> unescape_text(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    if (++i >= raw.size()) return std::nullopt;
    switch (raw[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x': {
        const int hi = i + 1 < raw.size() ? hex_value(raw[i + 1]) : -1;
        const int lo = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  return out;
}

// `{ 4D 5A ?? [2-4] (0A | 0D 0A) ~00 }` as a dot-all regex.
std::optional<std::string> hex_to_regex(std::string_view raw) {
  std::string out;
  std::size_t i = 0;
  auto skip = [&] {
    while (i < raw.size()) {
      if (std::isspace(static_cast<unsigned char>(raw[i]))) {
        ++i;
      } else if (raw.substr(i, 2) == "//") {
        while (i < raw.size() && raw[i] != '\n') ++i;
      } else if (raw.substr(i, 2) == "/*") {
        const auto e = raw.find("*/", i + 2);
        if (e == std::string_view::npos) return false;
        i = e + 2;
      } else {
        break;
      }
    }
    return true;
  };
  while (true) {
    if (!skip()) return std::nullopt;
    if (i >= raw.size()) break;
    const char c = raw[i];
    if (c == '(' || c == ')' || c == '|') {
      out += c == '(' ? "(?:" : std::string(1, c);
      ++i;
    } else if (c == '[') {
      const auto close = raw.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string range;
      for (char r : raw.substr(i + 1, close - i - 1))
        if (!std::isspace(static_cast<unsigned char>(r))) range += r;
      if (range.empty() || range.find_first_not_of("0123456789-") != std::string::npos) return std::nullopt;
      const auto dash = range.find('-');
      if (dash == std::string::npos) {
        out += "[\\x00-\\xff]{" + range + "}";
      } else {
        const auto lo = range.substr(0, dash), hi = range.substr(dash + 1);
        out += "[\\x00-\\xff]{" + (lo.empty() ? std::string("0") : lo) + "," + hi + "}";
      }
      i = close + 1;
    } else if (c == '~') {
      ++i;
      if (!skip() || i + 1 >= raw.size()) return std::nullopt;
      const int hi = hex_value(raw[i]), lo = hex_value(raw[i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;  // negated nibble wildcards: rare, not worth it
      out += fmt::format("[^\\x{:02x}]", hi * 16 + lo);
      i += 2;
    } else {
      if (i + 1 >= raw.size()) return std::nullopt;
      const char a = raw[i], b = raw[i + 1];
      const int hi = hex_value(a), lo = hex_value(b);
      if (hi >= 0 && lo >= 0) {
        out += fmt::format("\\x{:02x}", hi * 16 + lo);
      } else if (a == '?' && b == '?') {
        out += "[\\x00-\\xff]";
      } else if (a == '?' && lo >= 0) {
        out += "[";
        for (int h = 0; h < 16; ++h) out += fmt::format("\\x{:02x}", h * 16 + lo);
        out += "]";
      } else if (hi >= 0 && b == '?') {
        out += fmt::format("[\\x{:02x}-\\x{:02x}]", hi * 16, hi * 16 + 15);
      } else {
        return std::nullopt;
      }
      i += 2;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// YARA accepts `{,n}` for "at most n"; PCRE reads it as literal text.
std::string yara_regex_to_pcre(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) {
      out += body.substr(i, 2);
      ++i;
    } else if (body[i] == '{' && i + 1 < body.size() && body[i + 1] == ',') {
      out += "{0";
    } else {
      out += body[i];
    }
  }
  return out;
}

struct StringDef {
  std::string id;
  std::vector<match::Pattern> patterns;  // empty: cannot be prefiltered
  std::string why_not;
};

StringDef make_string(const std::string& id, const Token& value, const std::set<std::string>& modifiers) {
  StringDef def{id, {}, {}};
  if (modifiers.contains("xor") || modifiers.contains("base64") || modifiers.contains("base64wide")) {
    def.why_not = fmt::format("{} uses xor/base64", id);
    return def;
  }
  const bool nocase = modifiers.contains("nocase");
  const bool wide = modifiers.contains("wide");
  const bool ascii = modifiers.contains("ascii") || !wide;
  if (value.kind == Tok::text) {
    auto bytes = unescape_text(value.text);
    if (!bytes || bytes->empty()) {
      def.why_not = fmt::format("{} is not a plain string", id);
      return def;
    }
    if (ascii) def.patterns.push_back({escape_bytes(*bytes), true, 0, nocase, false, false});
    if (wide) {
      std::string w;
      for (char c : *bytes) w += std::string{c, '\0'};
      def.patterns.push_back({escape_bytes(w), true, 0, nocase, false, false});
    }
  } else if (value.kind == Tok::hex) {
    auto re = hex_to_regex(value.text);
    if (!re) {
      def.why_not = fmt::format("{} is a hex string exray cannot read", id);
      return def;
    }
    def.patterns.push_back({*re, true, 0, false, true, true});
  } else if (value.kind == Tok::regex) {
    if (wide) {
      def.why_not = fmt::format("{} is a wide regex", id);
      return def;
    }
    const bool caseless = nocase || value.flags.find('i') != std::string::npos;
    const bool dot_all = value.flags.find('s') != std::string::npos;
    def.patterns.push_back({yara_regex_to_pcre(value.text), true, 0, caseless, dot_all, true});
  }
  return def;
}

// What a condition needs, as a logical combination of pattern indices (Hyperscan's syntax,
// with `{N}` standing for pattern N until the rule's own numbering is known). nullopt: the
// condition may hold with no string at all.
struct Requirement {
  std::string expression;
  std::set<std::size_t> patterns;
};
using Need = std::optional<Requirement>;

Need combine(const std::vector<Requirement>& parts, char op) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return parts.front();
  Requirement out;
  out.expression = "(";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.expression += op;
    out.expression += parts[i].expression;
    out.patterns.insert(parts[i].patterns.begin(), parts[i].patterns.end());
  }
  out.expression += ")";
  return out;
}

struct RuleInfo {
  std::string name_space, name;
  std::vector<StringDef> strings;
  std::vector<Token> condition;
  Need need;
  std::string why_not;
};

class ConditionAnalyser {
 public:
  ConditionAnalyser(const RuleInfo& rule, const std::map<std::string, const RuleInfo*>& earlier,
                    const std::vector<std::size_t>& first_pattern)
      : rule_(rule), earlier_(earlier), first_pattern_(first_pattern) {}

  Need analyse(std::span<const Token> t) {
    if (t.empty()) return fail("empty condition");
    if (auto parts = split(t, "or"); parts.size() > 1) {
      std::vector<Requirement> needs;
      for (auto p : parts) {
        auto n = analyse(p);
        if (!n) return std::nullopt;  // one side may hold without strings: so may the whole
        needs.push_back(std::move(*n));
      }
      return combine(needs, '|');
    }
    if (auto parts = split(t, "and"); parts.size() > 1) {
      std::vector<Requirement> needs;  // sides that need strings; the others cannot be checked early
      for (auto p : parts)
        if (auto n = analyse(p)) needs.push_back(std::move(*n));
      return combine(needs, '&');
    }
    if (is(t.front(), "not")) return fail("`not`");
    if (is(t.front(), "(") && closing(t, 0) == t.size() - 1) return analyse(t.subspan(1, t.size() - 2));
    return atom(t);
  }

  std::string why_not;

 private:
  static bool is(const Token& tok, std::string_view text) {
    return (tok.kind == Tok::punct || tok.kind == Tok::ident) && tok.text == text;
  }

  Need fail(std::string why) {
    if (why_not.empty()) why_not = std::move(why);
    return std::nullopt;
  }

  // Index of the bracket closing the one at `open`, or npos.
  static std::size_t closing(std::span<const Token> t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
      if (is(t[i], "(") || is(t[i], "[")) ++depth;
      if (is(t[i], ")") || is(t[i], "]")) {
        if (--depth == 0) return i;
      }
    }
    return std::string_view::npos;
  }

  static std::vector<std::span<const Token>> split(std::span<const Token> t, std::string_view op) {
    std::vector<std::span<const Token>> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (is(t[i], "(") || is(t[i], "[")) ++depth;
      if (is(t[i], ")") || is(t[i], "]")) --depth;
      if (depth == 0 && t[i].kind == Tok::ident && t[i].text == op) {
        parts.push_back(t.subspan(start, i - start));
        start = i + 1;
      }
    }
    parts.push_back(t.subspan(start));
    return parts;
  }

  Need string_need(const std::string& id) {
    for (std::size_t s = 0; s < rule_.strings.size(); ++s) {
      if (rule_.strings[s].id != id) continue;
      if (rule_.strings[s].patterns.empty()) return fail(rule_.strings[s].why_not);
      std::vector<Requirement> forms;  // ascii and wide forms: either will do
      for (std::size_t p = 0; p < rule_.strings[s].patterns.size(); ++p) {
        const auto index = first_pattern_[s] + p;
        forms.push_back(Requirement{"{" + std::to_string(index) + "}", {index}});
      }
      return combine(forms, '|');
    }
    return fail(fmt::format("unknown string {}", id));
  }

  // `them`, `($a, $b*)`, or a set of rule names; `all` needs every member, else any one.
  Need set_need(std::span<const Token> t, bool all) {
    std::vector<std::string> items;
    if (t.size() == 1 && is(t[0], "them")) {
      items.push_back("$*");
    } else if (t.size() >= 2 && is(t.front(), "(") && closing(t, 0) == t.size() - 1) {
      for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if (is(t[i], ",")) continue;
        if (t[i].kind != Tok::string_id && t[i].kind != Tok::ident) return fail("an unusual string set");
        items.push_back(t[i].text);
      }
    } else {
      return fail("an unusual string set");
    }
    std::vector<Requirement> members;
    for (const auto& item : items) {
      if (item.front() == '$') {
        const bool wildcard = item.back() == '*';
        const auto prefix = wildcard ? item.substr(0, item.size() - 1) : item;
        bool any = false;
        for (const auto& s : rule_.strings) {
          if (wildcard ? s.id.compare(0, prefix.size(), prefix) != 0 : s.id != item) continue;
          any = true;
          auto n = string_need(s.id);
          if (!n) return std::nullopt;
          members.push_back(std::move(*n));
        }
        if (!any) return fail("an empty string set");
      } else {
        auto n = rule_need(item);
        if (!n) return std::nullopt;
        members.push_back(std::move(*n));
      }
    }
    return combine(members, all ? '&' : '|');
  }

  Need rule_need(const std::string& name) {
    auto it = earlier_.find(name);
    if (it == earlier_.end() || !it->second->need) return fail(fmt::format("refers to rule {}", name));
    return it->second->need;
  }

  static std::optional<long long> number(const Token& tok) {
    if (tok.kind != Tok::number || tok.text.empty() || tok.text.size() > 18) return std::nullopt;
    if (tok.text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoll(tok.text);
  }

  Need atom(std::span<const Token> t) {
    const auto& first = t.front();
    if (first.kind == Tok::string_id && first.text.back() != '*' && first.text != "$") {
      if (t.size() == 1 || is(t[1], "at") || is(t[1], "in")) return string_need(first.text);
      return fail("a string used in an expression");
    }
    if (first.kind == Tok::ident && first.text.size() > 1 && first.text[0] == '#' && t.size() == 3) {
      const auto n = number(t[2]);
      const bool positive = n && ((is(t[1], ">") && *n >= 0) || ((is(t[1], ">=") || is(t[1], "==")) && *n >= 1));
      if (positive) return string_need("$" + first.text.substr(1));
      return fail("a string count comparison");
    }
    // `any|all|N|N% of <set> [at|in …]`
    std::size_t of = 1;
    bool quantity = false;
    if (is(first, "any") || is(first, "all")) {
      quantity = true;
    } else if (const auto n = number(first); n && *n >= 1) {
      quantity = true;
      if (t.size() > 1 && is(t[1], "%")) of = 2;
    }
    if (quantity && t.size() > of && is(t[of], "of")) {
      std::size_t end = of + 1;
      if (end < t.size() && is(t[end], "(")) {
        const auto close = closing(t, end);
        if (close == std::string_view::npos) return fail("unbalanced brackets");
        end = close + 1;
      } else {
        ++end;
      }
      if (end > t.size()) return fail("an unusual string set");
      if (end < t.size() && !is(t[end], "at") && !is(t[end], "in")) return fail("a quantifier in an expression");
      return set_need(t.subspan(of + 1, end - of - 1), is(first, "all"));
    }
    if (t.size() == 1 && first.kind == Tok::ident) return rule_need(first.text);
    return fail(fmt::format("`{}`", first.text));
  }

  const RuleInfo& rule_;
  const std::map<std::string, const RuleInfo*>& earlier_;
  const std::vector<std::size_t>& first_pattern_;
};

// `{global}` placeholders become the rule's own pattern numbers 0..n-1.
std::string renumber(const std::string& expression, const std::map<std::size_t, std::size_t>& local) {
  std::string out;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    if (expression[i] != '{') {
      out += expression[i];
      continue;
    }
    const auto close = expression.find('}', i);
    out += std::to_string(local.at(std::stoul(expression.substr(i + 1, close - i - 1))));
    i = close;
  }
  return out;
}

class SourceReader {
 public:
  std::vector<RuleInfo> rules;
  std::vector<RuleGate> unreadable;

  void read(const YaraSource& source, int depth) {
    auto tokens = Lexer(source.text).run();
    if (!tokens) return give_up(source, "exray cannot read this rule file");
    std::size_t i = 0;
    const auto& t = *tokens;
    auto at = [&](std::size_t k) -> const Token& {
      static const Token end{};
      return k < t.size() ? t[k] : end;
    };
    while (i < t.size()) {
      if (t[i].kind == Tok::ident && t[i].text == "import") {
        i += 2;
      } else if (t[i].kind == Tok::ident && t[i].text == "include") {
        if (at(i + 1).kind != Tok::text) return give_up(source, "an include without a file name");
        include(source, at(i + 1).text, depth);
        i += 2;
      } else if (t[i].kind == Tok::ident && (t[i].text == "private" || t[i].text == "global")) {
        ++i;
      } else if (t[i].kind == Tok::ident && t[i].text == "rule") {
        if (!read_rule(source, t, i)) return give_up(source, "exray cannot read this rule file");
      } else {
        return give_up(source, "exray cannot read this rule file");
      }
    }
  }

 private:
  void give_up(const YaraSource& source, std::string why) {
    unreadable.push_back(RuleGate{source.name_space, "*", false, fmt::format("{}: {}", source.origin, why), {}, {}});
  }

  void include(const YaraSource& from, const std::string& raw, int depth) {
    auto name = unescape_text(raw);
    if (!name || depth > 16) return give_up(from, "an include exray cannot follow");
    namespace fs = std::filesystem;
    fs::path path(*name);
    if (path.is_relative()) path = fs::path(from.origin).parent_path() / path;
    auto text = read_small_file(path.string(), std::size_t{64} << 20);
    if (!text) return give_up(from, "an include exray cannot read");
    read(YaraSource{from.name_space, path.string(), std::move(*text)}, depth + 1);
  }

  // `rule NAME [: tags] { meta: … strings: … condition: … }`, from the `rule` keyword at `i`.
  bool read_rule(const YaraSource& source, const std::vector<Token>& t, std::size_t& i) {
    auto at = [&](std::size_t k) -> const Token& {
      static const Token end{};
      return k < t.size() ? t[k] : end;
    };
    auto punct = [&](std::size_t k, std::string_view p) { return at(k).kind == Tok::punct && at(k).text == p; };
    RuleInfo rule;
    rule.name_space = source.name_space;
    rule.name = at(i + 1).text;
    i += 2;
    while (i < t.size() && !punct(i, "{")) ++i;  // tags
    if (!punct(i, "{")) return false;
    ++i;
    std::string section;
    while (i < t.size() && !punct(i, "}")) {
      if (at(i).kind == Tok::ident && punct(i + 1, ":") &&
          (at(i).text == "meta" || at(i).text == "strings" || at(i).text == "condition")) {
        section = at(i).text;
        i += 2;
        continue;
      }
      if (section == "condition") {
        rule.condition.push_back(at(i++));
      } else if (section == "strings") {
        if (at(i).kind != Tok::string_id || !punct(i + 1, "=")) return false;
        const auto id = at(i).text;
        const auto& value = at(i + 2);
        if (value.kind != Tok::text && value.kind != Tok::hex && value.kind != Tok::regex) return false;
        i += 3;
        std::set<std::string> modifiers;
        while (at(i).kind == Tok::ident && !(punct(i + 1, "=") || punct(i + 1, ":"))) {
          modifiers.insert(at(i).text);
          ++i;
          if (punct(i, "(")) {  // xor(1-255), base64("alphabet")
            while (i < t.size() && !punct(i, ")")) ++i;
            ++i;
          }
        }
        rule.strings.push_back(make_string(id, value, modifiers));
      } else if (section == "meta") {
        ++i;  // identifiers, `=`, values: nothing here bears on matching
      } else {
        return false;
      }
    }
    if (!punct(i, "}")) return false;
    ++i;
    rules.push_back(std::move(rule));
    return true;
  }
};

}  // namespace

std::vector<RuleGate> analyse_yara_rules(std::span<const YaraSource> sources) {
  SourceReader reader;
  for (const auto& source : sources) reader.read(source, 0);
  std::vector<RuleGate> gates = std::move(reader.unreadable);
  // Rules may only refer to rules defined before them, within their namespace.
  std::map<std::string, std::map<std::string, const RuleInfo*>> earlier;
  std::vector<match::Pattern> patterns;  // every rule's, so a rule reference can use another's
  for (auto& rule : reader.rules) {
    std::vector<std::size_t> first_pattern;
    for (const auto& s : rule.strings) {
      first_pattern.push_back(patterns.size());
      patterns.insert(patterns.end(), s.patterns.begin(), s.patterns.end());
    }
    auto& names = earlier[rule.name_space];
    ConditionAnalyser analyser(rule, names, first_pattern);
    rule.need = analyser.analyse(rule.condition);
    RuleGate gate{rule.name_space, rule.name, false, {}, {}, {}};
    if (rule.need && !rule.need->patterns.empty()) {
      gate.gated = true;
      std::map<std::size_t, std::size_t> local;
      for (auto index : rule.need->patterns) {
        local[index] = gate.patterns.size();
        gate.patterns.push_back(patterns[index]);
      }
      gate.combination = renumber(rule.need->expression, local);
    } else {
      gate.why_not = analyser.why_not.empty() ? "its condition does not need a string" : analyser.why_not;
      rule.need.reset();
    }
    names[rule.name] = &rule;
    gates.push_back(std::move(gate));
  }
  return gates;
}

std::optional<Prefilter::Node> Prefilter::parse(std::string_view e, unsigned base) {
  // Our own output: numbers, and parenthesised groups joined by one operator each.
  std::size_t i = 0;
  auto primary = [&](auto& self) -> std::optional<Node> {
    if (i >= e.size()) return std::nullopt;
    if (e[i] == '(') {
      ++i;
      Node group;
      group.op = '&';
      bool first = true;
      while (i < e.size() && e[i] != ')') {
        if (!first) {
          if (e[i] != '&' && e[i] != '|') return std::nullopt;
          group.op = e[i++];
        }
        auto kid = self(self);
        if (!kid) return std::nullopt;
        group.kids.push_back(std::move(*kid));
        first = false;
      }
      if (i >= e.size()) return std::nullopt;
      ++i;
      return group;
    }
    std::size_t end = i;
    while (end < e.size() && e[end] >= '0' && e[end] <= '9') ++end;
    if (end == i || end - i > 9) return std::nullopt;
    Node leaf;
    leaf.id = base + static_cast<unsigned>(std::stoul(std::string(e.substr(i, end - i))));
    i = end;
    return leaf;
  };
  auto node = primary(primary);
  if (!node || i != e.size()) return std::nullopt;
  return node;
}

bool Prefilter::holds(const Node& node, const std::vector<char>& seen) {
  if (node.op == 'p') return node.id < seen.size() && seen[node.id];
  if (node.op == '&')
    return std::all_of(node.kids.begin(), node.kids.end(), [&](const Node& k) { return holds(k, seen); });
  return std::any_of(node.kids.begin(), node.kids.end(), [&](const Node& k) { return holds(k, seen); });
}

Prefilter Prefilter::build(std::vector<RuleGate>& gates, std::vector<RuleGate>& ungated) {
  while (true) {
    Prefilter p;
    std::vector<match::Pattern> all;
    for (auto& g : gates) {
      if (!g.gated) continue;
      const auto base = static_cast<unsigned>(all.size());
      auto node = parse(g.combination, base);
      if (!node) {
        g.gated = false;
        g.why_not = "exray could not combine its strings";
        ungated.push_back(g);
        continue;
      }
      for (auto pattern : g.patterns) {
        pattern.id = static_cast<unsigned>(all.size());
        pattern.single_match = true;
        all.push_back(std::move(pattern));
      }
      p.rules_.push_back(std::move(*node));
    }
    auto set = match::PatternSet::compile(all);
    if (set) {
      p.set_ = std::move(*set);
      p.patterns_ = all.size();
      return p;
    }
    bool removed = false;
    for (auto& g : gates) {
      if (!g.gated) continue;
      auto alone = match::PatternSet::compile(g.patterns);
      if (alone) continue;
      g.gated = false;
      g.why_not = "Hyperscan cannot prefilter it: " + alone.error().message;
      ungated.push_back(g);
      removed = true;
    }
    if (!removed) {  // only the whole set fails (its size): give up on prefiltering
      for (auto& g : gates) g.gated = false;
      ungated.push_back(RuleGate{"", "*", false, "the prefilter does not compile: " + set.error().message, {}, {}});
      return {};
    }
  }
}

Result<Prefilter::State> Prefilter::make_state() const {
  auto scratch = set_.make_scratch();
  if (!scratch) return std::unexpected(scratch.error());
  State state;
  state.scratch = std::move(*scratch);
  state.seen.assign(patterns_, 0);
  return state;
}

bool Prefilter::may_match(std::string_view bytes, State& state) const {
  if (rules_.empty()) return false;
  state.matches.clear();
  set_.scan(bytes, state.scratch, state.matches);
  if (state.matches.empty()) return false;
  std::fill(state.seen.begin(), state.seen.end(), 0);
  for (const auto& m : state.matches)
    if (m.id < state.seen.size()) state.seen[m.id] = 1;
  return std::any_of(rules_.begin(), rules_.end(), [&](const Node& n) { return holds(n, state.seen); });
}

}  // namespace exray::filescan
