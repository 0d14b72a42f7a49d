// SPDX-License-Identifier: Apache-2.0
// Response bodies. All text is our own: it only has to carry the markers a scanner looks for
// (the OWA title, form and resource paths, the export tool's assemblyIdentity), not to copy any
// vendor's page.
#pragma once

#include <string>
#include <string_view>

namespace exsim::pages {

// The OWA sign-in page; `resource_dir` is the three-part build ("15.1.2176") or "current".
[[nodiscard]] std::string owa_logon(std::string_view resource_dir);
// The eDiscovery export tool's ClickOnce deployment manifest for a four-part build.
[[nodiscard]] std::string exporttool_manifest(std::string_view build);

extern const std::string_view kIisNotFound;
extern const std::string_view kNginxNotFound;
extern const std::string_view kCatchAll;  // a hosting landing page that talks about Outlook and Exchange
extern const std::string_view kMoved;     // the body of a 302
extern const std::string_view kBadRequest;
extern const std::string_view kBackendError;  // what a proxied request to a bogus backend gets

}  // namespace exsim::pages
