// SPDX-License-Identifier: Apache-2.0
#include "exray/core/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <string>

namespace exray {

namespace {

constexpr int kOutOfMemory = 3, kException = 4;  // the child's own exit statuses

// The address space the parent already has: the child's limit is counted on top of it, so the
// same limit works for a plain build and for a sanitizer build that reserves terabytes.
std::uint64_t current_address_space() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  if (!(statm >> pages)) return 0;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

void limit(int resource, rlim_t soft, rlim_t hard) {
  const rlimit value{soft, hard};
  (void)::setrlimit(resource, &value);
}

[[noreturn]] void child_main(int fd, rlim_t address_space, const ChildLimits& limits,
                             const std::function<void(int)>& work) {
  if (address_space != 0) limit(RLIMIT_AS, address_space, address_space);
  const auto cpu = static_cast<rlim_t>(limits.cpu.count());
  limit(RLIMIT_CPU, cpu, cpu + 5);  // SIGXCPU at the soft limit, SIGKILL at the hard one
  limit(RLIMIT_CORE, 0, 0);         // a crash on hostile input must not leave its memory on disk
  try {
    work(fd);
  } catch (const std::bad_alloc&) {
    ::_exit(kOutOfMemory);
  } catch (...) {
    ::_exit(kException);
  }
  // _exit: the parent's atexit handlers (leak checks, flushes of its buffers) are not ours to run.
  ::_exit(0);
}

std::string describe(int status, const ChildLimits& limits) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    if (signal == SIGXCPU) return "used more than its " + std::to_string(limits.cpu.count()) + " s of CPU time";
    const char* name = ::strsignal(signal);
    return "crashed (signal " + std::to_string(signal) + ", " + (name ? name : "unknown") + ")";
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == kOutOfMemory) return "ran out of its " + std::to_string(limits.memory_bytes >> 20) + " MiB of memory";
  if (code == kException) return "failed with an exception";
  // A sanitizer build turns a crash or an exhausted allocation into its own exit status.
  return "crashed (exit status " + std::to_string(code) + ")";
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

Result<ChildOutcome> run_in_child(const ChildLimits& limits, const std::function<void(int fd)>& work,
                                  const std::function<Result<void>(std::string_view)>& on_bytes) {
  std::array<int, 2> ends{};
  if (::pipe2(ends.data(), O_CLOEXEC) != 0)
    return fail(Errc::io_error, std::string("cannot create a pipe: ") + std::strerror(errno));
  Fd read_end{ends[0]}, write_end{ends[1]};
  const auto base = current_address_space();
  const rlim_t address_space = base == 0 ? 0 : static_cast<rlim_t>(base + limits.memory_bytes);

  const pid_t pid = ::fork();
  if (pid < 0) return fail(Errc::io_error, std::string("cannot start a child process: ") + std::strerror(errno));
  if (pid == 0) {
    read_end.close();
    child_main(write_end.fd, address_space, limits, work);
  }
  write_end.close();

  std::array<char, 64 * 1024> chunk{};
  Result<void> handed_on;
  for (;;) {
    const auto n = ::read(read_end.fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    handed_on = on_bytes(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    if (!handed_on) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  read_end.close();
  const int status = wait_for(pid);
  if (!handed_on) return std::unexpected(handed_on.error());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ChildOutcome{true, {}};
  return ChildOutcome{false, describe(status, limits)};
}

}  // namespace exray
