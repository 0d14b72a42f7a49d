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

extern char** environ;

namespace exray {

namespace {

constexpr int kCannotStart = 127;  // the child's own exit status when execve failed

// The address space the parent already has: the child's limit is counted on top of it, so the
// same limit works for a plain build and for a sanitizer build that reserves terabytes.
std::uint64_t current_address_space() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  if (!(statm >> pages)) return 0;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::string describe(int status, const ChildLimits& limits) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    if (signal == SIGXCPU) return "used more than its " + std::to_string(limits.cpu.count()) + " s of CPU time";
    const char* name = ::strsignal(signal);
    return "crashed (signal " + std::to_string(signal) + ", " + (name ? name : "unknown") + ")";
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == kCannotStart) return "could not be started";
  // A sanitizer build turns a crash or an exhausted allocation into its own exit status.
  return "crashed (exit status " + std::to_string(code) + ")";
}

struct Fd {
  int fd = -1;
  ~Fd() { close(); }
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

// Between fork and execve the child may only make async-signal-safe calls: everything it needs
// is prepared before the fork.
[[noreturn]] void become_child(int out, const std::array<rlimit, 3>& limits, char* const* argv, char* const* envp) {
  if (::dup2(out, STDOUT_FILENO) < 0) ::_exit(kCannotStart);
  if (limits[0].rlim_cur != 0) (void)::setrlimit(RLIMIT_AS, &limits[0]);
  (void)::setrlimit(RLIMIT_CPU, &limits[1]);
  (void)::setrlimit(RLIMIT_CORE, &limits[2]);  // a crash on hostile input must not leave its memory on disk
  ::execve("/proc/self/exe", argv, envp);
  ::_exit(kCannotStart);
}

}  // namespace

Result<ChildOutcome> run_in_child(const ChildLimits& limits, const std::vector<std::string>& environment,
                                  const std::function<Result<void>(std::string_view)>& on_bytes) {
  std::vector<char*> envp;
  for (char** e = environ; e && *e; ++e) envp.push_back(*e);
  for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  std::string name = "exray-child";
  std::array<char*, 2> argv{name.data(), nullptr};
  const auto base = current_address_space();
  const auto cpu = static_cast<rlim_t>(limits.cpu.count());
  const std::array<rlimit, 3> rlimits{
      rlimit{base == 0 ? 0 : base + limits.memory_bytes, base == 0 ? 0 : base + limits.memory_bytes},
      rlimit{cpu, cpu + 5},  // SIGXCPU at the soft limit, SIGKILL at the hard one
      rlimit{0, 0}};

  std::array<int, 2> ends{};
  if (::pipe2(ends.data(), O_CLOEXEC) != 0)
    return fail(Errc::io_error, std::string("cannot create a pipe: ") + std::strerror(errno));
  Fd read_end{ends[0]}, write_end{ends[1]};
  const pid_t pid = ::fork();
  if (pid < 0) return fail(Errc::io_error, std::string("cannot start a child process: ") + std::strerror(errno));
  if (pid == 0) become_child(write_end.fd, rlimits, argv.data(), envp.data());
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
