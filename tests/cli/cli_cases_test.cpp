// SPDX-License-Identifier: Apache-2.0
// The real `exray` binary, driven by tests/cases/cli/*.case. A case's input is a shell snippet
// (`exray` is the binary under test; pipes and redirections work); the expectation is
// `exit N`, the standard output, then `--- stderr` and the standard error if any.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "case_file.hpp"
#include "scratch_dir.hpp"

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string run(const std::string& snippet) {
  const exray::testing::ScratchDir dir("cli");
  const auto script = dir / "case.sh", err = dir / "case.err";
  std::ofstream(script) << "exray() { \"" EXRAY_BINARY "\" \"$@\"; }\nexport TMPDIR=\"" << dir.path().string()
                        << "\"\ncd \"" EXRAY_SOURCE_DIR "\"\n"
                        << snippet << "\n";
  const std::string command = "sh '" + script.string() + "' 2>'" + err.string() + "' </dev/null";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = pclose(pipe);
  std::string result = "exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "\n" + out;
  if (auto stderr_text = slurp(err); !stderr_text.empty()) result += "--- stderr\n" + stderr_text;
  return result;
}

TEST(CliCases, RealBinary) {
  for (const auto& entry : std::filesystem::directory_iterator(EXRAY_SOURCE_DIR "/tests/cases/cli")) {
    if (entry.path().extension() != ".case") continue;
    SCOPED_TRACE(entry.path().string());
    exray::test::check_cases(entry.path(), [](const exray::test::Case& c) { return run(c.input); });
  }
}

}  // namespace
