// SPDX-License-Identifier: Apache-2.0
#include "pages.hpp"

#include <fmt/format.h>

namespace exsim::pages {

std::string owa_logon(std::string_view resource_dir) {
  return fmt::format(R"page(<!DOCTYPE html>
<html dir="ltr" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="robots" content="noindex, nofollow">
<title>Outlook</title>
<link rel="shortcut icon" href="/owa/auth/{0}/themes/resources/favicon.ico" type="image/x-icon">
<link rel="stylesheet" href="/owa/auth/{0}/themes/resources/logon.css">
<script type="text/javascript" src="/owa/auth/{0}/scripts/premium/flogon.js"></script>
</head>
<body class="signInBg">
<noscript><div class="noscript">Turn on scripts in your browser to sign in.</div></noscript>
<form action="/owa/auth.owa" method="POST" name="logonForm" autocomplete="off">
<input type="hidden" name="destination" value="/owa/">
<input type="hidden" name="flags" value="4">
<input type="hidden" name="forcedownlevel" value="0">
<div class="signInPanel">
<img class="signInLogo" src="/owa/auth/{0}/themes/resources/owa_text_blue.png" alt="Outlook">
<label for="username">User name (domain\user or e-mail address)</label>
<input id="username" name="username" type="text" autocapitalize="off">
<label for="password">Password</label>
<input id="password" name="password" type="password">
<input type="hidden" name="isUtf8" value="1">
<div class="signInEnter"><button type="submit">Sign in</button></div>
</div>
</form>
</body>
</html>
)page",
                     resource_dir);
}

std::string exporttool_manifest(std::string_view build) {
  return fmt::format(R"page(<?xml version="1.0" encoding="utf-8"?>
<asmv1:assembly xsi:schemaLocation="urn:schemas-microsoft-com:asm.v1 assembly.adaptive.xsd" manifestVersion="1.0" xmlns:asmv1="urn:schemas-microsoft-com:asm.v1" xmlns:asmv2="urn:schemas-microsoft-com:asm.v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:schemas-microsoft-com:asm.v2">
  <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool" version="{0}" publicKeyToken="5e1a0c3d7b9f2468" language="neutral" processorArchitecture="msil" xmlns="urn:schemas-microsoft-com:asm.v1" />
  <description asmv2:publisher="Simulated publisher" asmv2:product="eDiscovery export tool (simulated)" xmlns="urn:schemas-microsoft-com:asm.v1" />
  <deployment install="false" trustURLParameters="true" mapFileExtensions="true" />
  <compatibleFrameworks xmlns="urn:schemas-microsoft-com:clickonce.v2">
    <framework targetVersion="4.5" profile="Full" supportedRuntime="4.0.30319" />
  </compatibleFrameworks>
  <dependency>
    <dependentAssembly dependencyType="install" codebase="{0}\microsoft.exchange.ediscovery.exporttool.exe.manifest" size="18432">
      <assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.exe" version="{0}" publicKeyToken="5e1a0c3d7b9f2468" language="neutral" processorArchitecture="msil" type="win32" />
    </dependentAssembly>
  </dependency>
</asmv1:assembly>
)page",
                     build);
}

const std::string_view kIisNotFound = R"page(<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>404 - File or directory not found.</title>
<style type="text/css">body{margin:0;font-size:.7em;font-family:Verdana,Arial,Helvetica,sans-serif;background:#EEEEEE;}
#header{width:96%;margin:0 0 0 0;padding:6px 2% 6px 2%;color:#FFF;background-color:#555555;}
#content{margin:0 0 0 2%;}</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
<h2>404 - File or directory not found.</h2>
<h3>Nothing is published at this address, or what was here has moved.</h3>
</div>
</body>
</html>
)page";

const std::string_view kNginxNotFound = R"page(<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
)page";

const std::string_view kCatchAll = R"page(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour Lane Hosting - business e-mail and web space</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:Georgia,serif;max-width:46em;margin:2em auto;color:#223}h1,h2{font-family:Helvetica,sans-serif}</style>
</head>
<body>
<h1>Harbour Lane Hosting</h1>
<p>This address belongs to a shared hosting server. The site you were looking for has not been
published yet, or its owner pointed their domain here before uploading anything. If you own the
domain, sign in to the control panel and publish your pages; they appear within a few minutes.</p>

<h2>Business e-mail that works with the tools you know</h2>
<p>Every plan includes mailboxes on your own domain. Most of our customers read their mail in
Outlook on the desktop, and the setup wizard there finds our servers by itself: type your address,
type your password, and Outlook does the rest. People moving from an Exchange server at the office
usually ask whether their calendars and contacts come along. They do: the migration assistant copies
mail, calendars, contacts and tasks from Exchange, from another host, or from a folder of PST files.</p>

<p>On the phone, any mail app that speaks Exchange ActiveSync keeps mail, calendar and contacts in
step, and so does the Outlook app for iOS and Android. If you prefer plain IMAP, that works too.
We do not run Exchange ourselves, but we have moved hundreds of small offices off their own
Exchange boxes, and we are happy to talk you through it.</p>

<h2>Web space</h2>
<p>Upload with SFTP or deploy from a Git repository. Certificates for your domain are issued and
renewed automatically. Daily backups are kept for thirty days, and you can restore a single file
or the whole site from the control panel without opening a ticket.</p>

<h2>Frequently asked questions</h2>
<p><strong>Can I keep my existing Outlook profile?</strong> Yes. Add the new account beside the old
one, let the migration finish, then remove the old account. Your archived folders stay where they
are.</p>
<p><strong>Do you support shared mailboxes and shared calendars like Exchange does?</strong> Shared
mailboxes, shared calendars and distribution lists are included in the Business plan. Delegation
works from Outlook as you are used to.</p>
<p><strong>Where is my data stored?</strong> In two data centres in the same country, replicated
every few minutes. We never read your mail, and we never sell your data.</p>
<p><strong>How do I reach support?</strong> Open a ticket from the control panel at any hour; we
answer within one business day, usually much faster.</p>

<footer><p>Harbour Lane Hosting. This page is shown for every address on this server that has
no site of its own.</p></footer>
</body>
</html>
)page";

const std::string_view kMoved = R"page(<html><head><title>Object moved</title></head><body>
<h2>Object moved.</h2>
</body></html>
)page";

const std::string_view kBadRequest = R"page(<html><head><title>Bad Request</title></head><body>
<h2>Bad Request - the request could not be processed.</h2>
</body></html>
)page";

const std::string_view kBackendError = R"page(<html><head><title>Server error</title></head><body>
<h2>The proxied request could not reach its back end.</h2>
</body></html>
)page";

}  // namespace exsim::pages
