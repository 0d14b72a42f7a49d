// SPDX-License-Identifier: Apache-2.0
// exray filescan: what a file is, from its first bytes, and what its name says it should be.
//
// Attackers hide web shells in containers (a PST written by mailbox export, a DER blob, an
// image) and disguise binaries with harmless extensions. sniff_content() names the container
// from its magic bytes; expected_content() says what an extension promises, so the heuristics
// can report a file whose content breaks that promise.
#pragma once

#include <cstdint>
#include <string_view>

namespace exray::filescan {

enum class Content : std::uint8_t {
  unknown,     // no known magic: text or unrecognised binary
  text,        // (only as an expectation) printable text such as markup or script
  pe,          // MZ: Windows executable or library
  elf,
  pst,         // !BDN: Outlook data file
  der,         // 30 82: ASN.1 DER (certificates, PKCS blobs)
  zip, gzip, seven_zip, rar, cab,
  png, jpeg, gif, bmp, ico,
  pdf,
  ole,         // D0 CF 11 E0: legacy Office documents, MSI
  minidump,    // MDMP
  dearcry,     // DEARCRY!: a file DearCry encrypted
};

[[nodiscard]] std::string_view to_string(Content content) noexcept;
[[nodiscard]] Content sniff_content(std::string_view head) noexcept;
// What the extension (lower- or upper-case, with the dot) promises; unknown when it promises
// nothing in particular.
[[nodiscard]] Content expected_content(std::string_view extension) noexcept;
// Server-side script types IIS runs: content inside them executes wherever it sits in the file.
[[nodiscard]] bool is_server_script_extension(std::string_view extension) noexcept;
[[nodiscard]] bool is_archive(Content content) noexcept;
[[nodiscard]] bool is_image(Content content) noexcept;

}  // namespace exray::filescan
