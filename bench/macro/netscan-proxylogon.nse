-- SPDX-License-Identifier: Apache-2.0
local http = require "http"
local shortport = require "shortport"
local stdnse = require "stdnse"

description = [[
Asks a Microsoft Exchange front end whether it still routes a request to a back end that the
client names in a cookie (CVE-2021-26855, "ProxyLogon"): the same single request as exray's
`scan --probe proxylogon`, so that bench/macro/netscan compares nmap and exray doing the same
work per host.

One GET of /owa/auth/x.js over TLS whose cookies name "localhost" as the back end. An unpatched
front end tries to proxy there, fails, and names the back end it computed in the
X-CalculatedBETarget response header: the host is VULNERABLE when that header contains
"localhost". A patched server ignores the cookies. Microsoft's mitigation (the EOMT URL Rewrite
rule) aborts such requests, so a connection that ends unanswered is reported as "no answer",
which is also what a host that is not an HTTPS server gives.

The request is read-only: nothing is written, nothing authenticates, and no redirect is
followed.
]]

---
-- @usage
-- nmap -n -Pn -sT -p 443 --script bench/macro/netscan-proxylogon.nse 192.0.2.0/24
-- nmap -n -Pn -sT -p 8443 --script bench/macro/netscan-proxylogon.nse \
--   --script-args netscan-proxylogon.port=8443,netscan-proxylogon.timeout=2s 192.0.2.10
--
-- @args netscan-proxylogon.port Also run on this TCP port, whatever service nmap guesses for
--       it (the benchmark's simulator listens on a random port). Without it, only ports that
--       nmap takes for HTTPS (443, 8443, or service https / https-alt) are checked.
-- @args netscan-proxylogon.timeout Socket timeout for the request (e.g. 2s, 500ms). Default:
--       the http library's, which follows nmap's timing template.
--
-- @output
-- PORT    STATE SERVICE
-- 443/tcp open  https
-- |_netscan-proxylogon: VULNERABLE (CVE-2021-26855): X-CalculatedBETarget: localhost
--
-- @xmloutput
-- <elem key="state">VULNERABLE</elem>
-- <elem key="status">500</elem>
-- <elem key="x-calculatedbetarget">localhost</elem>

author = "exray contributors"
license = "Apache-2.0"
categories = {"vuln", "safe"}

local PATH = "/owa/auth/x.js"
local COOKIE = "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; "
  .. "X-BEResource=localhost/owa/auth/logon.aspx?~3;"

-- Script arguments are read once, when the script loads, not for every host.
local extra_port = tonumber(stdnse.get_script_args(SCRIPT_NAME .. ".port"))
local timeout_ms
do
  local text = stdnse.get_script_args(SCRIPT_NAME .. ".timeout")
  if text then
    local seconds = stdnse.parse_timespec(text)
    if not seconds then
      error(("%s.timeout: '%s' is not a time (e.g. 2s, 500ms)"):format(SCRIPT_NAME, text))
    end
    timeout_ms = math.floor(seconds * 1000)
  end
end

local https_port = shortport.port_or_service({443, 8443}, {"https", "https-alt"}, "tcp", "open")

portrule = function(host, port)
  if extra_port and port.number == extra_port and port.protocol == "tcp" and port.state == "open" then
    return true
  end
  return https_port(host, port)
end

action = function(host, port)
  -- scheme = "https": TLS only. Without it, the http library tries plain HTTP first on a port it
  -- does not know, and a second connection would be charged to nmap for nothing.
  local options = {
    header = {Cookie = COOKIE},
    redirect_ok = false,
    no_cache = true,
    scheme = "https",
  }
  if timeout_ms then options.timeout = timeout_ms end
  local response = http.get(host, port, PATH, options)

  local result = stdnse.output_table()
  if not response or not response.status then
    -- The http library puts its own error text in status-line.
    local why = response and response["status-line"] or "no response"
    result.state = "NO ANSWER"
    result.error = why
    return result, ("no answer (%s): mitigated, or not an HTTPS server"):format(why)
  end

  result.status = response.status
  local target = response.header and response.header["x-calculatedbetarget"]
  if target then result["x-calculatedbetarget"] = target end
  if target and target:lower():find("localhost", 1, true) then
    result.state = "VULNERABLE"
    return result, ("VULNERABLE (CVE-2021-26855): X-CalculatedBETarget: %s"):format(target)
  end
  result.state = "NOT VULNERABLE"
  return result, ("not vulnerable (HTTP %d, no X-CalculatedBETarget naming localhost)"):format(response.status)
end
