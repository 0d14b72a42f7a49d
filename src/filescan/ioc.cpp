// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/ioc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iterator>

#include "exray/core/file.hpp"
#include "exray/core/text.hpp"
#include "ioc_parse.hpp"

namespace exray::filescan {

namespace {

constexpr std::size_t kMaxIocFileBytes = std::size_t{256} << 20U;

// A table, not comparisons: hex digits of hashes are random, so branches would mispredict half
// the time and a million-row list spends most of its parse here.
constexpr auto kHexValue = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (int i = 0; i < 10; ++i) table[static_cast<std::size_t>('0' + i)] = static_cast<std::int8_t>(i);
  for (int i = 0; i < 6; ++i) {
    table[static_cast<std::size_t>('a' + i)] = static_cast<std::int8_t>(10 + i);
    table[static_cast<std::size_t>('A' + i)] = static_cast<std::int8_t>(10 + i);
  }
  return table;
}();
constexpr int hex_value(char c) noexcept { return kHexValue[static_cast<unsigned char>(c)]; }
constexpr char lower_hex(char c) noexcept { return "0123456789abcdef"[kHexValue[static_cast<unsigned char>(c)] & 0xF]; }

// The column names we know, already normalized (lower-case, no ' ', '-', '_').
constexpr std::string_view kHashColumns[] = {"sha256",     "sha1",     "md5",     "hash",       "filehash", "hashvalue",
                                             "sha256hash", "sha1hash", "md5hash", "filesha256", "filesha1", "filemd5"};
constexpr std::string_view kValueColumns[] = {"indicator", "indicatorvalue", "data", "ioc", "value", "observable"};
constexpr std::string_view kTypeColumns[] = {"indicatortype", "type", "ioctype", "datatype"};
constexpr std::string_view kNameColumns[] = {"name", "note", "comment", "filename", "signature", "description"};
constexpr std::string_view kReferenceColumns[] = {"source", "reference", "references"};

bool listed(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string_view to_string(HashType type) noexcept {
  switch (type) {
    case HashType::md5:
      return "md5";
    case HashType::sha1:
      return "sha1";
    case HashType::sha256:
      return "sha256";
  }
  return "?";
}

std::optional<HashType> hash_type_of_hex(std::string_view token) noexcept {
  std::optional<HashType> type;
  if (token.size() == 32) type = HashType::md5;
  if (token.size() == 40) type = HashType::sha1;
  if (token.size() == 64) type = HashType::sha256;
  if (!type) return std::nullopt;
  int all = 0;
  for (char c : token) all |= hex_value(c);  // any -1 sets the sign bit
  return all < 0 ? std::nullopt : type;
}

namespace detail {

Field classify_field(std::string_view column_name) {
  char buffer[24];
  std::size_t n = 0;
  for (char c : trim(column_name)) {
    if (c == ' ' || c == '-' || c == '_') continue;
    if (n == sizeof buffer) return Field::other;  // longer than any name we know
    buffer[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  const std::string_view normalized(buffer, n);
  if (listed(kHashColumns, normalized)) return Field::hash;
  if (listed(kValueColumns, normalized)) return Field::value;
  if (listed(kTypeColumns, normalized)) return Field::type;
  if (listed(kNameColumns, normalized)) return Field::name;
  if (listed(kReferenceColumns, normalized)) return Field::reference;
  return Field::other;
}

bool type_names_hash(std::string_view type_cell) {
  type_cell = trim(type_cell);
  // "FileHash-SHA256" (OTX), "SHA-256", "sha1", "md5", "hash", "filehash"; not "filepath", "ip".
  return type_cell.empty() || icontains(type_cell, "sha") || icontains(type_cell, "md5") ||
         icontains(type_cell, "hash");
}

std::string clip_name(std::string_view text) {
  text = cell_text(text);
  if (text.size() > kMaxNameBytes) {
    std::size_t end = kMaxNameBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;  // not mid-character
    text = text.substr(0, end);
  }
  std::string out(text);
  // A list is untrusted; its names reach terminals, so no escape sequences or line breaks.
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string_view cell_text(std::string_view cell) noexcept {
  cell = trim(cell);
  // `a, "b"` is a quoted field to people but not to RFC 4180; abuse.ch writes it so.
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = trim(cell.substr(1, cell.size() - 2));
  return cell;
}

bool Collector::add(std::string_view cell, std::string_view name, std::string_view reference, std::size_t position) {
  cell = cell_text(cell);
  const auto type = hash_type_of_hex(cell);
  if (!type) return false;
  Indicator& out = file_.indicators.emplace_back();
  out.type = *type;
  out.hex.resize(cell.size());
  for (std::size_t i = 0; i < cell.size(); ++i) out.hex[i] = lower_hex(cell[i]);
  if (!name.empty()) out.name = clip_name(name);
  if (!reference.empty()) out.reference = clip_name(reference);
  out.source.reserve(origin_.size() + 16);
  out.source.append(origin_);
  out.source.append(unit_ == Unit::line ? ":" : ":record ");
  char digits[24];
  const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), position);
  out.source.append(digits, end);
  return true;
}

}  // namespace detail

std::size_t IocSet::KeyHash::operator()(const Key& key) const noexcept {
  // Not just the first bytes of the digest: a hostile list could make those collide.
  return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

void IocSet::add(const Indicator& indicator) {
  const auto type = hash_type_of_hex(indicator.hex);
  if (!type || *type != indicator.type) return;  // not from parse_ioc_file: nothing to match on
  Key key{};
  for (std::size_t i = 0; i < digest_size(indicator.type); ++i)
    key[i] = static_cast<std::uint8_t>((hex_value(indicator.hex[2 * i]) << 4) | hex_value(indicator.hex[2 * i + 1]));
  if (!by_type_[static_cast<std::size_t>(indicator.type)].try_emplace(key, listed_.size()).second) return;
  Indicator& stored = listed_.emplace_back(indicator);
  for (auto& c : stored.hex) c = lower_hex(c);
}

void IocSet::add(const IocFile& file) {
  std::array<std::size_t, kHashTypeCount> more{};
  for (const auto& i : file.indicators) ++more[static_cast<std::size_t>(i.type)];
  for (std::size_t t = 0; t < kHashTypeCount; ++t)
    if (more[t] > 0) by_type_[t].reserve(by_type_[t].size() + more[t]);
  listed_.reserve(listed_.size() + file.indicators.size());
  for (const auto& i : file.indicators) add(i);
}

const Indicator* IocSet::find(HashType type, std::span<const std::uint8_t> digest) const {
  if (digest.size() != digest_size(type)) return nullptr;
  Key key{};
  std::copy(digest.begin(), digest.end(), key.begin());
  const auto& map = by_type_[static_cast<std::size_t>(type)];
  auto it = map.find(key);
  return it == map.end() ? nullptr : &listed_[it->second];
}

Result<IocFile> parse_ioc_file(std::string_view bytes, std::string_view origin) {
  const Where where{std::string(origin)};
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
    return fail(Errc::parse_error, "UTF-16 text: save the list as UTF-8 (or ASCII) and try again", where);
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size()); nul != nullptr)
    return fail(Errc::parse_error,
                fmt::format("binary data (a NUL byte at offset {}), not an indicator list",
                            static_cast<const char*>(nul) - bytes.data()),
                where);

  const auto first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return IocFile{};
  auto parsed = (bytes[first] == '{' || bytes[first] == '[') ? detail::parse_json_list(bytes, origin)
                                                             : detail::parse_text_list(bytes, origin);
  if (!parsed) return parsed;
  if (parsed->indicators.empty() && parsed->rows_skipped > 0)
    return fail(Errc::parse_error,
                fmt::format("no MD5, SHA-1 or SHA-256 hash in any of its {} rows (is this an indicator list?)",
                            parsed->rows_skipped),
                where);
  return parsed;
}

Result<IocFile> read_ioc_file(const std::string& path) {
  auto bytes = read_small_file(path, kMaxIocFileBytes);
  if (!bytes) return std::unexpected(bytes.error());
  return parse_ioc_file(*bytes, path);
}

}  // namespace exray::filescan
