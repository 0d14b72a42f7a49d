// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/file_scanner.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "exray/core/text.hpp"
#include "exray/filescan/hashes.hpp"
#include "findings.hpp"

namespace exray::filescan {

namespace {

constexpr std::uint64_t kReadLimit = std::uint64_t{8} << 20;  // above this, map instead of copying
constexpr std::size_t kHeadBytes = 64 * 1024;                  // what heuristics see of an over-size file

// The bytes of one file, read or mapped, valid until the next open().
class FileBytes {
 public:
  FileBytes() = default;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes() { unmap(); }

  // `limit`: read at most this many bytes (the head of an over-size file).
  Result<std::string_view> open(const std::string& path, std::uint64_t limit) {
    unmap();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return fail(Errc::io_error, std::strerror(errno), Where{path});
    struct FdClose {
      int fd;
      ~FdClose() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail(Errc::io_error, std::strerror(errno), Where{path});
    if (!S_ISREG(st.st_mode)) return fail(Errc::io_error, "no longer a regular file", Where{path});
    const auto size = std::min<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), limit);
    if (size > kReadLimit) {
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) return fail(Errc::io_error, std::strerror(errno), Where{path});
      ::madvise(p, size, MADV_SEQUENTIAL);
      map_ = p;
      map_size_ = size;
      return std::string_view(static_cast<const char*>(p), size);
    }
    buffer_.resize(size);
    std::size_t got = 0;
    while (got < size) {
      const auto n = ::read(fd, buffer_.data() + got, size - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(Errc::io_error, std::strerror(errno), Where{path});
      if (n == 0) break;  // shrank while we read: scan what is there
      got += static_cast<std::size_t>(n);
    }
    return std::string_view(buffer_.data(), got);
  }

 private:
  void unmap() {
    if (map_) ::munmap(map_, map_size_);
    map_ = nullptr;
  }
  std::vector<char> buffer_;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
};

struct Outcome {
  std::vector<Finding> findings;
  std::vector<Error> errors;
  std::uint64_t bytes = 0;
  bool yara = false, too_large = false, allowlisted = false, encrypted = false;
  std::optional<Finding> encrypted_file;  // kept back for the one DearCry summary finding
};

class Worker {
 public:
  static Result<Worker> create(const FileScanner& scanner) {
    auto yara = YaraScanner::create(scanner.rules());
    if (!yara) return std::unexpected(yara.error());
    auto scratch = scanner.rules().prefilter().make_state();
    if (!scratch) return std::unexpected(scratch.error());
    return Worker(scanner, std::move(*yara), std::move(*scratch));
  }

  Outcome scan(const walk::FileEntry& entry, const FileScanOptions& options) {
    Outcome o;
    const bool too_large = entry.size > options.max_file_bytes;
    auto bytes = file_->open(entry.path, too_large ? kHeadBytes : options.max_file_bytes);
    if (!bytes) {
      o.errors.push_back(Error{bytes.error().code, "cannot read file: " + bytes.error().message, Where{entry.path}});
      return o;
    }
    o.bytes = bytes->size();
    FileView view{&entry, *bytes, !too_large, sniff_content(bytes->substr(0, 16))};
    std::vector<Hit> hits;
    std::vector<YaraMatch> matches;
    const Indicator* listed = nullptr;
    Digests digests;
    if (too_large) {
      o.too_large = true;
      o.errors.push_back(Error{Errc::limit_exceeded,
                               fmt::format("content not scanned: {} bytes, over the --max-size limit; only its "
                                           "name and first bytes were checked",
                                           entry.size),
                               Where{entry.path}});
    } else {
      digests = hasher_.digest(*bytes, {scanner_.iocs().has(HashType::md5) || scanner_.allowlist().has(HashType::md5),
                                        scanner_.iocs().has(HashType::sha1) || scanner_.allowlist().has(HashType::sha1),
                                        true});
      for (std::size_t t = 0; t < kHashTypeCount && !o.allowlisted; ++t)
        o.allowlisted = digests.have[t] && scanner_.allowlist().find(static_cast<HashType>(t), digests.get(static_cast<HashType>(t)));
      if (o.allowlisted) return o;
      for (std::size_t t = 0; t < kHashTypeCount && !listed; ++t)
        if (digests.have[t]) listed = scanner_.iocs().find(static_cast<HashType>(t), digests.get(static_cast<HashType>(t)));
      const auto& rules = scanner_.rules();
      if (rules.rule_count() > 0 && (rules.every_file_needs_yara() || rules.prefilter().may_match(*bytes, scratch_))) {
        o.yara = true;
        auto found = yara_.scan(*bytes, file_names(entry));
        if (found) {
          matches = std::move(*found);
        } else {
          o.errors.push_back(Error{found.error().code, found.error().message, Where{entry.path}});
        }
      }
    }
    run_heuristics(view, options.heuristics, hits);
    if (!listed && hits.empty() && matches.empty()) return o;
    if (!too_large) digests = hasher_.digest(*bytes, {true, true, true});
    const FileFacts facts{&entry, &digests};
    if (listed) o.findings.push_back(ioc_finding(facts, *listed));
    for (auto& hit : hits) {
      if (hit.id == kDearCryRule) {
        o.encrypted = true;
        o.encrypted_file = hit_finding(facts, std::move(hit));
      } else {
        o.findings.push_back(hit_finding(facts, std::move(hit)));
      }
    }
    for (const auto& m : matches) o.findings.push_back(yara_finding(facts, m));
    return o;
  }

 private:
  Worker(const FileScanner& scanner, YaraScanner yara, Prefilter::State scratch)
      : scanner_(scanner), yara_(std::move(yara)), scratch_(std::move(scratch)) {}

  // As LOKI and THOR set them, which public rule sets assume: the name, the full path, and
  // the extension lower-cased with its dot (".aspx").
  static FileNames file_names(const walk::FileEntry& entry) {
    std::string extension(entry.extension());
    for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return FileNames{std::string(entry.name()), entry.path, std::move(extension)};
  }

  const FileScanner& scanner_;
  YaraScanner yara_;
  Prefilter::State scratch_;
  Hasher hasher_;
  std::unique_ptr<FileBytes> file_ = std::make_unique<FileBytes>();
};

void account(Outcome& o, FileScanSummary& summary, std::vector<Finding>& encrypted, FindingSink& sink) {
  ++summary.files;
  summary.bytes += o.bytes;
  summary.yara_files += o.yara;
  summary.too_large += o.too_large;
  summary.allowlisted += o.allowlisted;
  for (const auto& e : o.errors) {
    ++summary.errors;
    sink.on_error(e);
  }
  for (const auto& f : o.findings) {
    ++summary.findings_by_rule[f.rule.id];
    sink.on_finding(f);
  }
  if (o.encrypted_file) encrypted.push_back(std::move(*o.encrypted_file));
}

}  // namespace

Result<FileScanSummary> scan_files(const FileScanner& scanner, std::span<const walk::FileEntry> files,
                                   const FileScanOptions& options, FindingSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  const unsigned wanted = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers_count = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, files.size())));
  std::vector<Worker> workers;
  for (unsigned w = 0; w < workers_count; ++w) {
    auto worker = Worker::create(scanner);
    if (!worker) return std::unexpected(worker.error());
    workers.push_back(std::move(*worker));
  }
  FileScanSummary summary;
  std::vector<Finding> encrypted;
  // Same in-order delivery as the log hunt: output does not depend on thread timing.
  // Pointers, not values: a parked slot per file must stay small on a million-file disk.
  std::vector<std::unique_ptr<Outcome>> done(files.size());
  std::atomic<std::size_t> next{0};
  std::mutex deliver;
  std::size_t delivered = 0;
  auto work = [&](Worker& worker) {
    while (true) {
      const auto i = next.fetch_add(1);
      if (i >= files.size()) return;
      auto outcome = std::make_unique<Outcome>();
      if (!options.cancel || !options.cancel->requested()) *outcome = worker.scan(files[i], options);
      std::lock_guard lock(deliver);
      done[i] = std::move(outcome);
      while (delivered < done.size() && done[delivered]) {
        account(*done[delivered], summary, encrypted, sink);
        done[delivered].reset();
        ++delivered;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned w = 1; w < workers_count; ++w) threads.emplace_back(work, std::ref(workers[w]));
    work(workers[0]);
  }
  summary.encrypted = encrypted.size();
  if (!encrypted.empty()) {
    auto finding = encrypted_summary(encrypted);
    ++summary.findings_by_rule[finding.rule.id];
    sink.on_finding(finding);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace exray::filescan
