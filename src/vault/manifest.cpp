// SPDX-License-Identifier: Apache-2.0
#include "manifest.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "exray/core/file.hpp"

namespace exray::vault {
namespace {

const std::string kZeroHash(64, '0');
// A manifest holds one line per action; a million actions stay far below this.
constexpr std::size_t kMaxManifestBytes = std::size_t{1} << 30U;

std::string item_of(const Json& body) {
  const auto it = body.find("item");
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string path_of(const Json& body) {
  const auto it = body.find("path");
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Head> read_head(const std::filesystem::path& dir, std::vector<Problem>& problems) {
  auto text = read_small_file(dir / kHeadFile, 4096);
  if (!text) {
    problems.push_back({"", "", fmt::format("{} cannot be read: {}", kHeadFile, text.error().message)});
    return std::nullopt;
  }
  const auto json = Json::parse(*text, nullptr, false);
  if (json.is_object() && json.contains("records") && json["records"].is_number_unsigned() && json.contains("last") &&
      json["last"].is_string())
    return Head{json["records"].get<std::uint64_t>(), json["last"].get<std::string>()};
  problems.push_back({"", "", fmt::format("{} is not a head record (edited or corrupted)", kHeadFile)});
  return std::nullopt;
}

}  // namespace

ManifestRead read_manifest(const std::filesystem::path& dir) {
  ManifestRead out;
  auto text = read_small_file(dir / kManifestFile, kMaxManifestBytes);
  if (!text) {
    out.chain_intact = false;
    out.problems.push_back({"", "", fmt::format("{} cannot be read: {}", kManifestFile, text.error().message)});
    return out;
  }
  std::string_view rest(*text);
  std::string prev = kZeroHash;
  std::uint64_t expected = 1;
  std::uint64_t line_number = 0;
  std::string previous_item, previous_path;
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) {
      out.torn_tail = true;
      out.problems.push_back({"", "",
                              fmt::format("{} ends in a partial line of {} bytes (a write was cut off; "
                                          "`exray vault recover` removes it)",
                                          kManifestFile, rest.size())});
      break;
    }
    const auto line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    ++line_number;
    out.complete_bytes += newline + 1;
    if (!out.chain_intact) continue;  // one break is reported; what follows it cannot be trusted
    auto body = Json::parse(line, nullptr, false);
    const bool shaped = body.is_object() && body.contains("seq") && body["seq"].is_number_unsigned() &&
                        body.contains("prev") && body["prev"].is_string();
    if (!shaped) {
      out.chain_intact = false;
      out.problems.push_back(
          {"", "", fmt::format("{} line {} is not a record (edited or corrupted)", kManifestFile, line_number)});
      continue;
    }
    const auto seq = body["seq"].get<std::uint64_t>();
    const auto hash = sha256_hex(line);
    if (seq != expected) {
      out.chain_intact = false;
      out.problems.push_back(
          seq > expected ? Problem{item_of(body), path_of(body),
                                   fmt::format("{} records {}..{} are missing: line {} has seq {} (lines were removed)",
                                               kManifestFile, expected, seq - 1, line_number, seq)}
                         : Problem{item_of(body), path_of(body),
                                   fmt::format("{} line {} has seq {}, expected {} (lines were copied or reordered)",
                                               kManifestFile, line_number, seq, expected)});
      continue;
    }
    if (body["prev"].get<std::string>() != prev) {
      out.chain_intact = false;
      out.problems.push_back({previous_item, previous_path,
                              fmt::format("{} line {} (seq {}) was changed after it was written: line {} links to "
                                          "a different line",
                                          kManifestFile, line_number - 1, seq - 1, line_number)});
      continue;
    }
    previous_item = item_of(body);
    previous_path = path_of(body);
    prev = hash;
    ++expected;
    out.records.push_back(Record{seq, std::move(body), hash, std::string(line)});
  }
  out.head = read_head(dir, out.problems);
  if (out.head && out.chain_intact) {
    const auto have = static_cast<std::uint64_t>(out.records.size());
    const auto& h = *out.head;
    if (h.records > have) {
      out.problems.push_back({"", "",
                              fmt::format("{} was cut short: its head names {} records, it holds {} (the "
                                          "last {} were removed)",
                                          kManifestFile, h.records, have, h.records - have)});
    } else if (h.records + 1 < have) {
      out.problems.push_back({"", "",
                              fmt::format("{} holds {} records but its head names {}: records were added "
                                          "by something other than exray",
                                          kManifestFile, have, h.records)});
    } else if (h.records > 0 && out.records[h.records - 1].hash != h.last) {
      const auto& body = out.records[h.records - 1].body;
      out.problems.push_back({item_of(body), path_of(body),
                              fmt::format("{} line {} was changed after it was written (the head's hash differs)",
                                          kManifestFile, h.records)});
    } else if (h.records + 1 == have) {
      out.problems.push_back({"", "",
                              fmt::format("{} head is one record behind (a write was cut off; `exray vault "
                                          "recover` updates it)",
                                          kHeadFile)});
    }
  }
  return out;
}

Result<void> write_head(const std::filesystem::path& dir, const Head& head) {
  Json json;
  json["records"] = head.records;
  json["last"] = head.last.empty() ? kZeroHash : head.last;
  return replace_durably(dir / kHeadFile, json.dump() + "\n");
}

Result<void> truncate_manifest(const std::filesystem::path& dir, std::uint64_t bytes) {
  const auto path = dir / kManifestFile;
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::unexpected(os_error("cannot open", path, errno));
  if (::ftruncate(fd.get(), static_cast<off_t>(bytes)) != 0)
    return std::unexpected(os_error("cannot cut", path, errno));
  return fsync_fd(fd.get(), path);
}

Result<ManifestWriter> ManifestWriter::open(const std::filesystem::path& dir, const ManifestRead& read) {
  ManifestWriter w;
  w.dir_ = dir;
  const auto path = dir / kManifestFile;
  w.fd_ = Fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!w.fd_) return std::unexpected(os_error("cannot open", path, errno));
  w.seq_ = read.records.size();
  w.last_ = read.records.empty() ? kZeroHash : read.records.back().hash;
  return w;
}

Result<Record> ManifestWriter::append(const Json& fields) {
  Json body;
  body["seq"] = seq_ + 1;
  body["prev"] = last_;
  for (const auto& [key, value] : fields.items()) body[key] = value;
  // Invalid UTF-8 in a path is kept visible as U+FFFD rather than failing the quarantine.
  const auto line = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  const auto path = dir_ / kManifestFile;
  if (auto ok = write_all(fd_.get(), line + "\n", path); !ok) return std::unexpected(ok.error());
  if (auto ok = fsync_fd(fd_.get(), path); !ok) return std::unexpected(ok.error());
  Record record{seq_ + 1, std::move(body), sha256_hex(line), line};
  ++seq_;
  last_ = record.hash;
  if (auto ok = write_head(dir_, Head{seq_, last_}); !ok) return std::unexpected(ok.error());
  return record;
}

}  // namespace exray::vault
