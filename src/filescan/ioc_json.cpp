// SPDX-License-Identifier: Apache-2.0
// JSON indicator lists: an array of records (the MSTIC feed), one record, or a STIX 2.x bundle
// of `indicator` objects whose patterns compare file hashes.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "exray/core/text.hpp"
#include "ioc_parse.hpp"

namespace exray::filescan::detail {

namespace {

// A DOM costs ~10x its text; feeds are a few MB and STIX bundles nest 4 deep.
constexpr std::size_t kMaxJsonBytes = std::size_t{64} << 20U;
constexpr int kMaxDepth = 32;

// nlohmann's DOM keeps keys in file order this way, so a record's hashes keep theirs.
using Json = nlohmann::ordered_json;

// Deep nesting is refused before parsing: nothing real needs it and it only costs memory.
bool nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // whatever is escaped, it does not end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

std::string_view string_at(const Json& object, std::string_view key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? std::string_view(it->get_ref<const std::string&>())
                                                 : std::string_view();
}

// The first string member (case and punctuation of its key ignored) of the given kind.
std::string_view first_of(const Json& object, Field kind, bool* present = nullptr) {
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string() || classify_field(key) != kind) continue;
    if (present != nullptr) *present = true;
    return value.get_ref<const std::string&>();
  }
  return {};
}

// A record: {"Indicator": "…", "IndicatorType": "sha256", "AdditionalMetadata": {"FileMd5": …}}
// or any object with hash-named members, looked at one level deep.
void read_record(const Json& record, std::size_t number, Collector& out) {
  bool typed = false;
  const auto type = first_of(record, Field::type, &typed);
  const bool hash_row = !typed || type_names_hash(type);
  const auto name = first_of(record, Field::name);
  const auto reference = first_of(record, Field::reference);
  bool added = false;
  auto visit = [&](const Json& object) {
    for (const auto& [key, value] : object.items()) {
      if (!value.is_string()) continue;
      const auto field = classify_field(key);
      if (field == Field::hash || (field == Field::value && hash_row))
        added = out.add(value.get_ref<const std::string&>(), name, reference, number) || added;
    }
  };
  visit(record);
  for (const auto& [key, value] : record.items())
    if (value.is_object()) visit(value);
  if (!added) out.skip_row();
}

// Each `hashes.KEY = 'value'` comparison of a STIX pattern, e.g.
// [file:hashes.'SHA-256' = '…'] or [file:hashes.MD5 = '…' OR file:hashes.'SHA-1' = '…'].
// Other comparisons (!=, NOT =, LIKE, MATCHES, file:name, …) are not hash indicators.
template <class Sink>
void pattern_hashes(std::string_view pattern, Sink&& sink) {
  constexpr std::string_view kPath = "hashes.";
  auto skip_space = [&](std::size_t i) {
    while (i < pattern.size() && (pattern[i] == ' ' || pattern[i] == '\t' || pattern[i] == '\n')) ++i;
    return i;
  };
  for (std::size_t at = pattern.find(kPath); at != std::string_view::npos; at = pattern.find(kPath, at + 1)) {
    std::size_t i = at + kPath.size();
    std::string_view key;
    if (i < pattern.size() && pattern[i] == '\'') {
      const auto close = pattern.find('\'', i + 1);
      if (close == std::string_view::npos) return;
      key = pattern.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      const auto end = pattern.find_first_of(" \t\n=", i);
      key = pattern.substr(i, end == std::string_view::npos ? pattern.size() - i : end - i);
      i += key.size();
    }
    i = skip_space(i);
    if (i >= pattern.size() || pattern[i] != '=') continue;
    i = skip_space(i + 1);
    if (i >= pattern.size() || pattern[i] != '\'') continue;
    const auto close = pattern.find('\'', i + 1);
    if (close == std::string_view::npos) return;
    std::optional<HashType> declared;
    if (iequals(key, "MD5")) declared = HashType::md5;
    if (iequals(key, "SHA-1") || iequals(key, "SHA1")) declared = HashType::sha1;
    if (iequals(key, "SHA-256") || iequals(key, "SHA256")) declared = HashType::sha256;
    const auto value = pattern.substr(i + 1, close - i - 1);
    if (declared && hash_type_of_hex(value) == declared) sink(value);
  }
}

void read_stix_indicator(const Json& indicator, std::size_t number, Collector& out) {
  const auto revoked = indicator.find("revoked");
  const auto pattern_type = string_at(indicator, "pattern_type");  // absent in STIX 2.0
  if ((revoked != indicator.end() && revoked->is_boolean() && revoked->get<bool>()) ||
      (!pattern_type.empty() && !iequals(pattern_type, "stix"))) {
    out.skip_row();
    return;
  }
  const auto name = string_at(indicator, "name");
  std::string_view reference;
  if (auto refs = indicator.find("external_references"); refs != indicator.end() && refs->is_array())
    for (const auto& ref : *refs) {
      if (!ref.is_object()) continue;
      reference = string_at(ref, "url");
      if (reference.empty()) reference = string_at(ref, "source_name");
      if (!reference.empty()) break;
    }
  bool added = false;
  pattern_hashes(string_at(indicator, "pattern"),
                 [&](std::string_view hex) { added = out.add(hex, name, reference, number) || added; });
  if (!added) out.skip_row();
}

bool is_stix_indicator(const Json& value) {
  return value.is_object() && string_at(value, "type") == "indicator" && value.contains("pattern");
}

}  // namespace

Result<IocFile> parse_json_list(std::string_view text, std::string_view origin) {
  const Where where{std::string(origin)};
  if (text.size() > kMaxJsonBytes)
    return fail(Errc::limit_exceeded, fmt::format("JSON list larger than {} MiB", kMaxJsonBytes >> 20U), where);
  if (!nesting_within(text, kMaxDepth))
    return fail(Errc::limit_exceeded, fmt::format("JSON nested deeper than {} levels", kMaxDepth), where);
  const auto doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail(Errc::parse_error, "not valid JSON (cut short, or not UTF-8?)", where);

  Collector out(origin, Collector::Unit::record);
  auto read_item = [&](const Json& item, std::size_t number) {
    if (is_stix_indicator(item)) {
      read_stix_indicator(item, number, out);
    } else if (item.is_object()) {
      read_record(item, number, out);
    } else if (!item.is_string() || !out.add(item.get_ref<const std::string&>(), {}, {}, number)) {
      out.skip_row();
    }
  };

  if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) read_item(doc[i], i + 1);
  } else if (doc.is_object() && doc.contains("objects")) {
    // A STIX bundle: only its indicators matter; malware, relationship, identity… objects do not.
    const auto& objects = doc["objects"];
    if (!objects.is_array()) return fail(Errc::parse_error, "STIX bundle whose `objects` is not an array", where);
    for (std::size_t i = 0; i < objects.size(); ++i)
      if (string_at(objects[i], "type") == "indicator") read_item(objects[i], i + 1);
  } else if (doc.is_object()) {
    read_item(doc, 1);
  } else {
    return fail(Errc::parse_error, "JSON holds neither indicator records nor a STIX bundle", where);
  }
  return out.take();
}

}  // namespace exray::filescan::detail
