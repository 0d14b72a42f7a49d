// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/resume.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "exray/core/file.hpp"

namespace exray::netscan {
namespace {

constexpr int kStateVersion = 1;

Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(Errc::io_error, std::strerror(errno), Where{path.string()});
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

Result<std::optional<ResumeState>> load_resume_state(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<ResumeState>{};
  auto text = read_small_file(path, 64U << 20U);
  if (!text) return std::unexpected(text.error());
  const auto bad = [&](std::string_view why) {
    return fail(Errc::parse_error, fmt::format("not a resume state of exray scan: {}", why), Where{path.string()});
  };
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return bad("not JSON");
  try {
    if (json.at("version").get<int>() != kStateVersion) return bad("written by another version");
    ResumeState s;
    s.targets = json.at("targets").get<std::string>();
    s.seed = json.at("seed").get<std::uint64_t>();
    s.shard.index = json.at("shard").at(0).get<std::uint64_t>();
    s.shard.count = json.at("shard").at(1).get<std::uint64_t>();
    s.next_step = json.at("next_step").get<std::uint64_t>();
    s.done_after = json.at("done_after").get<std::vector<std::uint64_t>>();
    s.output_bytes = json.at("output_bytes").get<std::uint64_t>();
    s.finished = json.at("finished").get<bool>();
    return std::optional<ResumeState>(std::move(s));
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
}

Result<void> save_resume_state(const std::filesystem::path& path, const ResumeState& s) {
  const nlohmann::json json{{"version", kStateVersion},
                            {"targets", s.targets},
                            {"seed", s.seed},
                            {"shard", {s.shard.index, s.shard.count}},
                            {"next_step", s.next_step},
                            {"done_after", s.done_after},
                            {"output_bytes", s.output_bytes},
                            {"finished", s.finished}};
  const auto temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(Errc::io_error, std::strerror(errno), Where{temporary});
  auto written = write_all(fd, json.dump() + "\n", temporary);
  if (written && ::fsync(fd) != 0) written = fail(Errc::io_error, std::strerror(errno), Where{temporary});
  ::close(fd);
  if (!written) return written;
  if (::rename(temporary.c_str(), path.c_str()) != 0)
    return fail(Errc::io_error, std::strerror(errno), Where{path.string()});
  return {};
}

Progress::Progress(std::uint64_t next_step, const std::vector<std::uint64_t>& done_after)
    : next_(next_step), above_(done_after.begin(), done_after.end()) {}

void Progress::done(std::uint64_t step) {
  if (step < next_) return;
  above_.insert(step);
  while (!above_.empty() && *above_.begin() == next_) {
    above_.erase(above_.begin());
    ++next_;
  }
}

}  // namespace exray::netscan
