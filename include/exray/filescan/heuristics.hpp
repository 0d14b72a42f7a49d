// SPDX-License-Identifier: Apache-2.0
// exray filescan: checks that rules alone cannot express.
//
// They combine where a file sits, what its name promises and what its bytes are: a handler
// file under aspnet_client (Exchange ships none), an unknown script in OWA's or ECP's `auth`
// folder, a script extension on a PST/DER/image container (how ProxyShell wrote its shells), an
// executable or archive with a harmless name, a minidump of lsass.exe whatever it is called,
// a file DearCry encrypted, a script written into a web root after a given date.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/finding.hpp"
#include "exray/core/time.hpp"
#include "exray/filescan/content_type.hpp"
#include "exray/walk/walker.hpp"

namespace exray::filescan {

struct HeuristicOptions {
  std::optional<TimePoint> written_since;  // report scripts written into web roots from then on
};

struct FileView {
  const walk::FileEntry* entry = nullptr;
  std::string_view bytes;  // the whole file, or only its head when it is over the size limit
  bool complete = true;
  Content content = Content::unknown;
};

struct Hit {
  std::string id;
  std::string title;
  FindingKind kind = FindingKind::suspicious_file;
  Severity severity = Severity::medium;
  Confidence confidence = Confidence::medium;
  std::string why;
  std::uint64_t offset = 0;
  std::string excerpt;
  std::vector<Field> fields;
};

inline constexpr std::string_view kDearCryRule = "ransomware-dearcry-encrypted";

void run_heuristics(const FileView& file, const HeuristicOptions& options, std::vector<Hit>& out);

// The process a Windows minidump was taken of (its first module), or nothing if the bytes are
// not a well-formed minidump or the name lies outside them.
[[nodiscard]] std::optional<std::string> minidump_process(std::string_view bytes);

}  // namespace exray::filescan
