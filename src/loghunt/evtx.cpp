// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/evtx.hpp"

#include <fmt/format.h>
#include <libevtx.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <memory>

#include "evtx_stream.hpp"
#include "exray/core/child_process.hpp"
#include "exray/core/time.hpp"

namespace exray::loghunt {

namespace {

std::string take_message(libevtx_error_t*& error) {
  std::array<char, 512> text{};
  std::string message = "unknown libevtx error";
  if (error && libevtx_error_sprint(error, text.data(), text.size()) > 0) message = text.data();
  libevtx_error_free(&error);
  // libyal prints a backtrace, one frame per line; the last line is the most specific.
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  if (auto nl = message.rfind('\n'); nl != std::string::npos) message = message.substr(nl + 1);
  return message;
}

struct FileFree {
  void operator()(libevtx_file_t* f) const noexcept {
    libevtx_file_close(f, nullptr);
    libevtx_file_free(&f, nullptr);
  }
};
struct RecordFree {
  void operator()(libevtx_record_t* r) const noexcept { libevtx_record_free(&r, nullptr); }
};
using FilePtr = std::unique_ptr<libevtx_file_t, FileFree>;
using RecordPtr = std::unique_ptr<libevtx_record_t, RecordFree>;

template <class SizeFn, class GetFn>
std::string utf8(libevtx_record_t* record, SizeFn size_fn, GetFn get_fn) {
  std::size_t size = 0;
  if (size_fn(record, &size, nullptr) != 1 || size == 0) return {};
  std::string out(size, '\0');
  if (get_fn(record, reinterpret_cast<std::uint8_t*>(out.data()), size, nullptr) != 1) return {};
  out.resize(size - 1);  // the size counts the terminating NUL
  return out;
}

std::string filetime_iso(std::uint64_t filetime) {
  // FILETIME counts 100 ns ticks since 1601-01-01; the Unix epoch is 11644473600 s later.
  constexpr std::uint64_t kEpochTicks = 116444736000000000ULL;
  if (filetime < kEpochTicks) return {};
  return format_iso8601(TimePoint{std::chrono::microseconds((filetime - kEpochTicks) / 10)});
}

// The event's own TimeCreated, from its XML rendering: the fallback for records whose header
// has no written time (real logs have them: the demo's MSExchange Management log ends with one).
std::string time_created(libevtx_record_t* r) {
  const auto xml = utf8(r, libevtx_record_get_utf8_xml_string_size, libevtx_record_get_utf8_xml_string);
  constexpr std::string_view kAttribute = "SystemTime=\"";
  const auto element = xml.find("<TimeCreated");
  if (element == std::string::npos) return {};
  const auto start = xml.find(kAttribute, element);
  if (start == std::string::npos) return {};
  const auto value = start + kAttribute.size();
  const auto end = xml.find('"', value);
  if (end == std::string::npos) return {};
  auto parsed = parse_timestamp(std::string_view(xml).substr(value, end - value));
  return parsed ? format_iso8601(*parsed) : std::string();
}

bool read_record(libevtx_record_t* r, EventRecord& event) {
  event = {};
  if (libevtx_record_get_event_identifier(r, &event.event_id, nullptr) != 1) return false;
  libevtx_record_get_event_level(r, &event.level, nullptr);
  std::uint64_t filetime = 0;
  if (libevtx_record_get_written_time(r, &filetime, nullptr) == 1) event.timestamp = filetime_iso(filetime);
  if (event.timestamp.empty()) event.timestamp = time_created(r);
  event.provider = utf8(r, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name);
  event.computer = utf8(r, libevtx_record_get_utf8_computer_name_size, libevtx_record_get_utf8_computer_name);
  int count = 0;
  if (libevtx_record_get_number_of_strings(r, &count, nullptr) != 1) count = 0;
  for (int i = 0; i < count; ++i) {
    std::size_t size = 0;
    if (libevtx_record_get_utf8_string_size(r, i, &size, nullptr) != 1 || size == 0) {
      event.strings.emplace_back();
      continue;
    }
    std::string s(size, '\0');
    if (libevtx_record_get_utf8_string(r, i, reinterpret_cast<std::uint8_t*>(s.data()), size, nullptr) == 1)
      s.resize(size - 1);
    else
      s.clear();
    event.strings.push_back(std::move(s));
  }
  return true;
}

Result<EvtxStats> read_all(libevtx_file_t* file, EventVisitor& visitor) {
  EvtxStats stats;
  libevtx_error_t* error = nullptr;
  int count = 0;
  if (libevtx_file_get_number_of_records(file, &count, &error) != 1)
    return fail(Errc::parse_error, "cannot count event records: " + take_message(error));
  EventRecord event;
  for (int i = 0; i < count; ++i) {
    libevtx_record_t* raw = nullptr;
    if (libevtx_file_get_record_by_index(file, i, &raw, &error) != 1) {
      libevtx_error_free(&error);
      ++stats.unreadable;
      continue;
    }
    RecordPtr record(raw);
    if (!read_record(record.get(), event)) {
      ++stats.unreadable;
      continue;
    }
    ++stats.records;
    visitor.on_event(event, static_cast<std::uint64_t>(i));
  }
  return stats;
}

Result<FilePtr> new_file() {
  libevtx_file_t* raw = nullptr;
  libevtx_error_t* error = nullptr;
  if (libevtx_file_initialize(&raw, &error) != 1) return fail(Errc::io_error, take_message(error));
  return FilePtr(raw);
}

Result<EvtxStats> read_in_this_process(const std::filesystem::path& path, EventVisitor& visitor) {
  auto file = new_file();
  if (!file) return std::unexpected(file.error());
  libevtx_error_t* error = nullptr;
  if (libevtx_file_open(file->get(), path.c_str(), LIBEVTX_OPEN_READ, &error) != 1)
    return fail(Errc::parse_error, take_message(error));
  return read_all(file->get(), visitor);
}

constexpr const char* kReaderVariable = "EXRAY_EVTX_READER";

// The child's side: every event, then the counts, into the pipe.
void read_into_pipe(const std::filesystem::path& path, int fd) {
  struct Forward final : EventVisitor {
    explicit Forward(evtx_stream::Writer& writer) : out(writer) {}
    void on_event(const EventRecord& event, std::uint64_t index) override { out.event(event, index); }
    evtx_stream::Writer& out;
  };
  evtx_stream::Writer out(fd);
  Forward forward(out);
  if (auto stats = read_in_this_process(path, forward))
    out.finished(*stats);
  else
    out.cannot_open(stats.error().message);
  out.flush();
}

// Generous for real logs (libevtx reads tens of MiB/s); a crafted file that makes the library
// ask for gigabytes or loop is stopped.
ChildLimits limits_for(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto mib = ec ? 0 : size >> 20;
  return ChildLimits{.memory_bytes = 1ULL << 30, .cpu = std::chrono::seconds(30 + mib)};
}

// Every program that can read event logs is also the reader child: started again with the
// variable set, it reads that one file to standard output and exits before its main runs.
[[gnu::constructor]] void serve_as_reader_child() {
  const char* path = std::getenv(kReaderVariable);
  if (path == nullptr) return;
  read_into_pipe(path, STDOUT_FILENO);
  ::_exit(0);  // not exit(): the program's own atexit work (leak checks, flushes) is not ours
}

}  // namespace

Result<EvtxStats> read_evtx_file(const std::filesystem::path& path, EventVisitor& visitor) {
  evtx_stream::Reader events(visitor);
  auto outcome = run_in_child(limits_for(path), {std::string(kReaderVariable) + "=" + path.string()},
                              [&events](std::string_view bytes) { return events.feed(bytes); });
  if (!outcome) return std::unexpected(outcome.error());
  if (events.open_error()) return fail(Errc::parse_error, "not a readable event log: " + *events.open_error());
  if (outcome->completed && events.final_stats()) return *events.final_stats();
  EvtxStats stats;
  stats.records = events.events();
  stats.stopped = fmt::format("libevtx {} after {} events; the rest of the file was not read",
                              outcome->completed ? "stopped early" : outcome->failure, events.events());
  return stats;
}

Result<EvtxStats> read_evtx_bytes(std::string_view bytes, EventVisitor& visitor) {
  // Not libbfio's memory-range handle: the Debian 12 build reads past the end of a short range
  // (found by fuzz_evtx). An in-memory file goes through libevtx's bounds-checked file reads.
  // Not close-on-exec: the reader child opens it by its /proc/self/fd name.
  const int fd = ::memfd_create("exray-evtx", 0);
  if (fd < 0) return fail(Errc::io_error, "cannot create an in-memory file");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  for (std::size_t done = 0; done < bytes.size();) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return fail(Errc::io_error, "cannot fill an in-memory file");
    done += static_cast<std::size_t>(n);
  }
  return read_evtx_file("/proc/self/fd/" + std::to_string(fd), visitor);
}

}  // namespace exray::loghunt
