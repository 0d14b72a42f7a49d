// SPDX-License-Identifier: Apache-2.0
//
// Generic ASP.NET (C#, VB.NET, JScript.NET) web shells.
//
// What these catch, by behaviour:
//   * command execution: cmd.exe / powershell started through
//     Process/ProcessStartInfo with arguments built from request input or a
//     web-form TextBox, or with commands written to its standard input;
//   * in-memory code loaders: Assembly.Load of bytes that came from the
//     request, usually AES-decrypted first (Behinder, Godzilla and their
//     many clones), and runtime compilers/evaluators fed request text;
//   * XSLT script shells (msxsl:script with eval / WScript.Shell);
//   * PowerShell runspaces driven from a page (Antak-like shells);
//   * socket tunnels that relay HTTP bodies to a host:port chosen by the
//     request (reGeorg/Tunna/Neo-reGeorg style);
//   * raw-socket packet sniffers;
//   * "spy" style all-in-one shells, scored on how many distinct offensive
//     capabilities one page carries (drive listing, cmd.exe, xp_cmdshell,
//     net user, IIS metabase, RDP registry keys, timestomping, ...);
//   * file writers, uploaders and SQL consoles whose target path, content,
//     connection string or query come straight from the request (medium or
//     low: sloppy legitimate code can look like this).
//
// Why: legitimate ASP.NET pages almost never start cmd.exe with request text,
// load assemblies from request bytes or host a PowerShell runspace. Rules
// that could fire on sloppy but legitimate code are medium or low.

rule webshell_aspx_process_shell_input
{
    meta:
        id = "webshell-aspx-process-shell-input"
        title = "ASP.NET page starts cmd.exe/PowerShell with request-controlled input"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "A page starts a command interpreter through Process/ProcessStartInfo and builds its arguments or standard input from request or form data: a command-execution web shell. Treat the host as compromised."
    strings:
        $proc1 = "ProcessStartInfo" nocase
        $proc2 = /Process\s{0,4}\.\s{0,4}Start\s{0,4}\(/ nocase
        $proc3 = /new\s{1,4}(System\.Diagnostics\.)?Process\s{0,4}(\(|\r|\n)/ nocase
        $proc4 = /\.StartInfo\s{0,4}\.\s{0,4}FileName/ nocase
        // arguments concatenated after "/c" or to an interpreter switch
        $in1 = /\/c ["']\s{0,4}[+&]/ nocase
        $in1b = /\/c["']\s{0,4}[+&]/ nocase
        $in2 = /StandardInput\s{0,4}\.\s{0,4}Write(Line)?\s{0,4}\(\s{0,4}[a-z_]/ nocase
        $in3 = /Arguments\s{0,4}=\s{0,4}[^;\r\n]{0,64}(Request\s{0,4}[\[\(.]|\.text\b)/ nocase
        $in4 = /ProcessStartInfo\s{0,4}\(\s{0,4}[^)\r\n]{0,64}(Request\s{0,4}[\[\(.]|\.text\b)/ nocase
        $in5 = /Process\s{0,4}\.\s{0,4}Start\s{0,4}\([^;\r\n]{0,64}Request\s{0,4}[\[\(.]/ nocase
        $in6 = /FileName\s{0,4}=\s{0,4}[^;\r\n]{0,40}(Request\s{0,4}[\[\(.]|\.text\b)/ nocase
        $in7 = /-(noninteractive|noprofile|encodedcommand|command|executionpolicy\s{1,4}bypass)\s{0,4}["']\s{0,4}[+&]/ nocase
        $in8 = /Arguments\s{0,4}=\s{0,4}["'][^"'\r\n]{0,64}["']\s{0,4}(\+|&)\s{0,4}[a-z_]\w{0,32}\s{0,4}(;|\r|\n)/ nocase
        $sh1 = "cmd.exe" nocase
        $sh2 = /["']cmd["']/ nocase
        $sh3 = "powershell" nocase
        $sh4 = "/bin/sh"
        $req = /Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item|Headers|Cookies)\s{0,4})?[\[\(]|\(\s{0,4}\w{1,40}\.Text\s{0,4}\)|=\s{0,4}\w{1,40}\.Text\s{0,4};/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and ($req and any of ($proc*) and any of ($in*) and any of ($sh*))
}

rule webshell_aspx_process_from_web_control
{
    meta:
        id = "webshell-aspx-process-from-web-control"
        title = "ASP.NET page runs a program named or parameterised by the request"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "The program path or arguments given to Process/ProcessStartInfo come from a form field or request parameter, so the visitor chooses what runs on the server. Legitimate admin pages run fixed tools; treat this as a web shell unless proven otherwise."
    strings:
        $in1 = /ProcessStartInfo\s{0,4}\(\s{0,4}\w{1,40}\.text\s{0,4}[,)]/ nocase
        $in2 = /\.FileName\s{0,4}=\s{0,4}\w{1,40}\.text\b/ nocase
        $in3 = /\.Arguments\s{0,4}=\s{0,4}\w{1,40}\.text\b/ nocase
        $in4 = /Process\s{0,4}\.\s{0,4}Start\s{0,4}\(\s{0,4}\w{1,40}\.text\b/ nocase
        $in5 = /(ProcessStartInfo|Process\s{0,4}\.\s{0,4}Start)\s{0,4}\(\s{0,4}(Context\.|HttpContext\.Current\.)?Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $in6 = /\.(FileName|Arguments)\s{0,4}=\s{0,4}(Context\.|HttpContext\.Current\.)?Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        // VB.NET Shell()/Interaction.Shell() on request or form text
        $in7 = /[^.\w](Interaction\.)?Shell\s{0,4}\(\s{0,4}[^\r\n]{0,64}(Request\s{0,4}[\[\(.]|\w\.text\b)/ nocase
        // program chosen at run time and fed commands on standard input
        $fn  = /StartInfo\s{0,4}\.\s{0,4}FileName\s{0,4}=\s{0,4}[a-z_]\w{0,30}\s{0,4}(;|\r|\n)/ nocase
        $sin = /StandardInput\s{0,4}\.\s{0,4}WriteLine\s{0,4}\(\s{0,4}[a-z_]\w{0,30}\s{0,4}\)/ nocase
        $req = /Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item|Headers|Cookies)\s{0,4})?[\[\(]|\(\s{0,4}\w{1,40}\.Text\s{0,4}\)|=\s{0,4}\w{1,40}\.Text\s{0,4};/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (any of ($in*) or ($fn and $sin and $req))
}

rule webshell_aspx_assembly_load_request
{
    meta:
        id = "webshell-aspx-assembly-load-request"
        title = "ASP.NET page loads a .NET assembly from request bytes (Behinder/Godzilla style)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "Request body or parameter bytes are decrypted/decoded and passed to Assembly.Load, so the client ships compiled payloads that run in the IIS worker. This is the loader of Behinder, Godzilla and similar AES shells; treat the host as compromised."
    strings:
        $load1 = /Assembly\s{0,4}\.\s{0,4}Load\s{0,4}\(/ nocase
        $load2 = /GetMethod\s{0,4}\(\s{0,4}["']Load["']/ nocase
        $load3 = /Assembly\)\s{0,4}typeof/ nocase
        $req1 = /Request\s{0,4}\.\s{0,4}BinaryRead/ nocase
        $req2 = /Request\s{0,4}\.\s{0,4}InputStream/ nocase
        $req3 = /FromBase64String\s{0,4}\(\s{0,4}[\w.]{0,40}Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $dec1 = "CreateDecryptor" nocase
        $dec2 = "TransformFinalBlock" nocase
        $dec3 = "FromBase64String" nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (any of ($load*) and any of ($req*) and any of ($dec*))
}

rule webshell_aspx_assembly_load_embedded
{
    meta:
        id = "webshell-aspx-assembly-load-embedded"
        title = "ASP.NET page loads an assembly from a Base64 blob or the request"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "A page calls Assembly.Load on bytes decoded from Base64 or read from the request instead of loading a named assembly; legitimate pages load by name. Review what is being loaded."
    strings:
        $load1 = /Assembly\s{0,4}\.\s{0,4}Load\s{0,4}\(\s{0,4}(System\.)?Convert\s{0,4}\.\s{0,4}FromBase64String/ nocase
        $load2 = /Assembly\s{0,4}\.\s{0,4}Load\s{0,4}\([^;\r\n]{0,64}Request/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($load*)
}

rule webshell_aspx_dynamic_compile_or_eval
{
    meta:
        id = "webshell-aspx-dynamic-compile-eval"
        title = "ASP.NET page compiles or evaluates code from the request"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "Request text reaches JScriptEvaluate, a CodeDom compiler or a script engine inside the page: an evaluator web shell (C# China Chopper variants). Treat as a web shell."
    strings:
        $e1 = /JScriptEvaluate\s{0,4}\(\s{0,4}[^;\r\n]{0,64}Request/ nocase
        $e2 = /(CompileAssemblyFromSource|CSharpCodeProvider|VBCodeProvider|CSharpScript\s{0,4}\.\s{0,4}(Run|Evaluate))/ nocase
        $e3 = /JScriptEvaluate\s{0,4}\(/ nocase
        $r = /Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and ($e1 or (($e2 or $e3) and $r))
}

rule webshell_xslt_script_exec
{
    meta:
        id = "webshell-xslt-script-exec"
        title = "XSLT stylesheet script block that evaluates code or runs commands"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "An msxsl:script block inside a stylesheet calls eval, WScript.Shell or Process, and the page runs it with scripting enabled: an XSLT-hosted web shell that hides the evaluator from simple signatures. Treat as a web shell."
    strings:
        $x = "msxsl:script" nocase
        $b1 = /[^.\w]eval\s{0,8}\(\s{0,8}[^"'\s)]/ nocase
        $b2 = "wscript.shell" nocase
        $b3 = /Process\s{0,4}\.\s{0,4}Start/ nocase
        $b4 = /Request\s{0,4}(\.\s{0,4}Item\s{0,4})?\[/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $x and any of ($b*)
}

rule webshell_aspx_powershell_input
{
    meta:
        id = "webshell-aspx-powershell-input"
        title = "ASP.NET page runs PowerShell text taken from the request or a form field"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "Request or form text is handed to a PowerShell runspace (AddScript) or to powershell.exe with the execution policy bypassed: an Antak-like PowerShell web shell. Treat as a web shell."
    strings:
        $a1 = /AddScript\s{0,4}\(\s{0,4}[^;\r\n]{0,64}(Request\s{0,4}[\[\(.]|\w\.Text\b)/ nocase
        $a2 = /AddCommand\s{0,4}\(\s{0,4}[^;\r\n]{0,64}(Request\s{0,4}[\[\(.]|\w\.Text\b)/ nocase
        $b1 = /executionpolicy\s{1,4}bypass/ nocase
        $b2 = /["']powershell(\.exe)?["']/ nocase
        $i1 = /Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $i2 = /\(\s{0,4}\w{1,40}\.Text\s{0,4}(\.\s{0,4}\w{1,20}\s{0,4}\(\s{0,4}\)\s{0,4})?\)/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (any of ($a*) or ($b1 and $b2 and any of ($i*)))
}

rule webshell_aspx_powershell_runspace
{
    meta:
        id = "webshell-aspx-powershell-runspace"
        title = "ASP.NET page hosts a PowerShell runspace fed with dynamic script"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The page creates a PowerShell runspace and adds a script held in a variable. Some management portals do this, but it is also how PowerShell web shells work; check where the script text comes from."
    strings:
        $p1 = /RunspaceFactory\s{0,4}\.\s{0,4}CreateRunspace/ nocase
        $p2 = /PowerShell\s{0,4}\.\s{0,4}Create\s{0,4}\(/ nocase
        $p3 = /AddScript\s{0,4}\(\s{0,4}[a-z_]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $p3 and ($p1 or $p2)
}

rule webshell_aspx_socket_tunnel
{
    meta:
        id = "webshell-aspx-socket-tunnel"
        title = "ASP.NET page relays HTTP data to a socket chosen by the request (reGeorg-style tunnel)"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "The page opens TCP sockets to a host/port taken from request headers or parameters and shuttles request/response bodies through them: a SOCKS/HTTP tunnel used to reach the internal network through the web server. Treat as a web shell."
    strings:
        $s1 = /new\s{1,4}(System\.Net\.Sockets\.)?Socket\s{0,4}\(/ nocase
        $s2 = /new\s{1,4}(System\.Net\.Sockets\.)?TcpClient\s{0,4}\(/ nocase
        $c  = /\.\s{0,4}Connect\s{0,4}\(/ nocase
        $h1 = /Request\s{0,4}\.\s{0,4}Headers\s{0,4}(\.\s{0,4}Get\s{0,4}\(|\[)\s{0,4}["']X-/ nocase
        $h2 = /Request\s{0,4}(\.\s{0,4}(QueryString|Form|Params|Item|Headers)\s{0,4})?\[\s{0,4}["'](host|target|port|ip|addr|url|cmd|proxy|remote\w{0,8})["']/ nocase
        $h3 = /Request\s{0,4}\.\s{0,4}Headers\s{0,4}(\.\s{0,4}Get\s{0,4}\(|\[)/ nocase
        $op1 = "\"DISCONNECT\"" nocase
        $op2 = "\"FORWARD\"" nocase
        $op3 = "\"CONNECT\"" nocase
        $io1 = /Response\s{0,4}\.\s{0,4}BinaryWrite/ nocase
        $io2 = /Request\s{0,4}\.\s{0,4}(BinaryRead|InputStream)/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (any of ($s*) and $c and (any of ($h*) or 2 of ($op*)) and any of ($io*))
}

rule webshell_aspx_raw_socket_sniffer
{
    meta:
        id = "webshell-aspx-raw-socket-sniffer"
        title = "ASP.NET page opens a raw socket (packet sniffer)"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A web page creating SocketType.Raw sockets and switching them to receive-all mode is a network sniffer planted to harvest credentials from the server's traffic. Remove it and review what it captured."
    strings:
        $raw = /SocketType\s{0,4}\.\s{0,4}Raw/ nocase
        $p1 = /ProtocolType\s{0,4}\.\s{0,4}(IP|Tcp|Udp)\b/ nocase
        $p2 = /IOControl\s{0,4}\(/ nocase
        $p3 = /SIO_RCVALL|IOControlCode\s{0,4}\.\s{0,4}ReceiveAll/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $raw and any of ($p*)
}

rule webshell_aspx_multi_capability
{
    meta:
        id = "webshell-aspx-multi-capability"
        title = "ASP.NET page bundles several attacker capabilities (spy-style web shell)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "One ASP.NET page combines several offensive capabilities (command shell, drive enumeration, xp_cmdshell, account creation, IIS metabase or RDP registry reads, timestomping, port scanning). That combination is the signature of all-in-one web shells such as ASPXSpy. Treat the host as compromised."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $o01 = "cmd.exe" nocase
        $o02 = "xp_cmdshell" nocase
        $o03 = "GetLogicalDrives" nocase
        $o04 = /net\s{1,4}(user|localgroup)\s/ nocase
        $o05 = "wscript.shell" nocase
        $o06 = "IIS://localhost/W3SVC" nocase
        $o07 = /(SetCreationTime|SetLastWriteTime|SetLastAccessTime|\.CreationTime\s{0,4}=|\.LastWriteTime\s{0,4}=)/ nocase
        $o08 = /Terminal\s?Server\\{1,2}WinStations|RDP-Tcp/ nocase
        $o09 = /sp_oacreate|sp_addextendedproc/ nocase
        $o10 = /Serv-U|SITE\s{1,4}MAINTENANCE/ nocase
        $o11 = /SocketType\s{0,4}\.\s{0,4}Raw/ nocase
        $o13 = /HKEY_LOCAL_MACHINE\\{1,2}SYSTEM\\{1,2}CurrentControlSet\\{1,2}Services/ nocase
        $o14 = /Process\s{0,4}\.\s{0,4}Start\s{0,4}\(/ nocase
        $o16 = /\.\s{0,4}(Connect|BeginConnect)\s{0,4}\([^;\r\n]{0,64}port/ nocase
        $o17 = /Directory\.GetDirectories\s{0,4}\(\s{0,4}\w{1,40}\.Text|Directory\.GetFiles\s{0,4}\(\s{0,4}\w{1,40}\.Text/ nocase
    condition:
        any of ($srv*) and 5 of ($o*)
}

rule webshell_aspx_capability_cluster
{
    meta:
        id = "webshell-aspx-capability-cluster"
        title = "ASP.NET page with a cluster of system-level capabilities"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "The page combines three or more capabilities rarely needed by web applications (command interpreter, drive listing, xp_cmdshell, local account commands, registry or IIS metabase access, timestomping). Review it; it may be a trimmed-down web shell or an admin tool that should not be web-exposed."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $o01 = "cmd.exe" nocase
        $o02 = "xp_cmdshell" nocase
        $o03 = "GetLogicalDrives" nocase
        $o04 = /net\s{1,4}(user|localgroup)\s/ nocase
        $o05 = "wscript.shell" nocase
        $o06 = "IIS://localhost/W3SVC" nocase
        $o07 = /(SetCreationTime|SetLastWriteTime|SetLastAccessTime|\.CreationTime\s{0,4}=|\.LastWriteTime\s{0,4}=)/ nocase
        $o08 = /Terminal\s?Server\\{1,2}WinStations|RDP-Tcp/ nocase
        $o09 = /sp_oacreate|sp_addextendedproc/ nocase
        $o10 = /SocketType\s{0,4}\.\s{0,4}Raw/ nocase
        $o11 = /Process\s{0,4}\.\s{0,4}Start\s{0,4}\(/ nocase
        $o12 = /Registry\s{0,4}\.\s{0,4}(LocalMachine|ClassesRoot|Users)/ nocase
    condition:
        any of ($srv*) and 3 of ($o*)
}

rule webshell_aspx_file_writer_request
{
    meta:
        id = "webshell-aspx-file-writer-request"
        title = "ASP.NET page writes a file whose path comes from the request"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A file is created, overwritten or saved at a path taken directly from a request parameter or form field, so a visitor can drop new pages (for example a second-stage shell) anywhere the worker can write. Treat as a web shell 'uploader'."
    strings:
        $w1 = /new\s{1,4}(System\.IO\.)?StreamWriter\s{0,4}\(\s{0,4}(Context\.|HttpContext\.Current\.)?Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $w2 = /File\s{0,4}\.\s{0,4}(WriteAll\w{0,8}|AppendAll\w{0,8}|Create|Open\w{0,8})\s{0,4}\(\s{0,4}(Context\.|HttpContext\.Current\.)?Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $w3 = /SaveAs\s{0,4}\(\s{0,4}(Context\.|HttpContext\.Current\.)?Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        // tiny dropper: upload saved under a name taken from the request
        $t1 = /SaveAs\s{0,4}\([^;\r\n]{0,64}Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (any of ($w*) or (filesize < 4KB and $t1))
}

rule webshell_aspx_file_manager_input
{
    meta:
        id = "webshell-aspx-file-manager-input"
        title = "ASP.NET file manager driven by free-form path input"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The page lists, reads, writes or deletes files and directories using paths typed by the visitor (request parameters or TextBox values), or uploads to such a path. Web shells and risky admin tools do this; review whether the page is part of a known application."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $p1 = /new\s{1,4}(System\.IO\.)?DirectoryInfo\s{0,4}\(\s{0,4}[^)\r\n]{0,40}(Request\s{0,4}[\[\(.]|\w\.text\b)/ nocase
        $p2 = /(File|Directory)\s{0,4}\.\s{0,4}(Delete|Move|Copy|ReadAll\w{0,8}|WriteAll\w{0,8}|Open\w{0,8}|Create\w{0,12}|GetFiles|GetDirectories)\s{0,4}\(\s{0,4}[^)\r\n]{0,40}(Request\s{0,4}[\[\(.]|\w\.text\b)/ nocase
        $p3 = /SaveAs\s{0,4}\([^;\r\n]{0,64}(Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?[\[\(]|\w\.text\b)/ nocase
        $p4 = /new\s{1,4}(System\.IO\.)?(StreamWriter|StreamReader|FileStream)\s{0,4}\(\s{0,4}[^)\r\n]{0,40}(Request\s{0,4}[\[\(.]|\w\.text\b)/ nocase
        $p5 = /(Response\s{0,4}\.\s{0,4}(WriteFile|TransmitFile))\s{0,4}\(\s{0,4}[^)\r\n]{0,40}(Request\s{0,4}[\[\(.]|\w\.text\b)/ nocase
        $p6 = /File\.Create\s{0,4}\(\s{0,4}\w{1,40}\.FullName/ nocase
    condition:
        any of ($srv*) and any of ($p*)
}

rule webshell_aspx_sql_console
{
    meta:
        id = "webshell-aspx-sql-console"
        title = "ASP.NET page runs SQL typed by the visitor against a server the visitor names"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "Both the database connection string and the SQL text come from form fields or request parameters: a web SQL console used to dump databases or reach xp_cmdshell. Legitimate setup wizards build connection strings from input but do not run free SQL; review the page."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $cs1 = /ConnectionString\s{0,4}=\s{0,4}[^;\r\n]{0,40}(\w\.text\b|Request\s{0,4}[\[\(.])/ nocase
        $cs2 = /["'](server|data source|uid|user id|pwd|password)\s{0,4}=\s{0,4}["']\s{0,4}\+\s{0,4}\w{1,40}/ nocase
        $cs3 = /(Sql|OleDb|Odbc)Connection\s{0,4}\(\s{0,4}[^)\r\n]{0,40}(\w\.text\b|Request\s{0,4}[\[\(.])/ nocase
        $q1 = /(Sql|OleDb|Odbc)Command\s{0,4}\(\s{0,4}[^,)\r\n]{0,40}(\w\.text\b|Request\s{0,4}[\[\(.])/ nocase
        $q2 = /CommandText\s{0,4}=\s{0,4}[^;\r\n]{0,40}(\w\.text\b|Request\s{0,4}[\[\(.])/ nocase
        $q3 = /(Sql|OleDb|Odbc)Command\s{0,4}\(\s{0,4}(sqlStr|sql|strSql|query|cmdText)\s{0,4},/ nocase
        $q4 = /(Sql|OleDb|Odbc)Command\s{0,4}\(\s{0,4}["']sp_\w{1,40}["']/ nocase
    condition:
        any of ($srv*) and any of ($cs*) and any of ($q*)
}

rule webshell_aspx_registry_crawler
{
    meta:
        id = "webshell-aspx-registry-crawler"
        title = "ASP.NET page walks whole registry hives"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "The page pushes several registry hives onto a work list and enumerates every subkey and value, typically to harvest file system paths and find writable directories after a web shell foothold. Web applications have no reason to crawl the registry; review and remove."
    strings:
        $h1 = /Registry\s{0,4}\.\s{0,4}ClassesRoot/ nocase
        $h2 = /Registry\s{0,4}\.\s{0,4}CurrentUser/ nocase
        $h3 = /Registry\s{0,4}\.\s{0,4}LocalMachine/ nocase
        $h4 = /Registry\s{0,4}\.\s{0,4}Users/ nocase
        $h5 = /Registry\s{0,4}\.\s{0,4}CurrentConfig/ nocase
        $e1 = "GetSubKeyNames" nocase
        $e2 = "GetValueNames" nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and 3 of ($h*) and any of ($e*)
}

rule webshell_aspx_fullpath_browser
{
    meta:
        id = "webshell-aspx-fullpath-browser"
        title = "ASP.NET page links to itself with absolute server paths (file browser)"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The page renders links whose query string carries absolute file system paths (FullName) so that a visitor can walk and download any directory the worker can read. Web shells do this; legitimate file managers use paths relative to a content root. Review the page."
    strings:
        $l = /["']\?\w{1,20}=["']\s{0,4}\+\s{0,4}\w{1,40}\.FullName/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $l
}

rule webshell_aspx_upload_beside_self
{
    meta:
        id = "webshell-aspx-upload-beside-self"
        title = "ASP.NET page saves uploaded files into its own directory under the client's file name"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "Uploaded files are written next to the page itself (Request.PhysicalPath) using the client-supplied name, so a visitor can upload a new .aspx into a web-served folder. Upload shells do this; check the page and the files around it."
    strings:
        $self = /Request\s{0,4}\.\s{0,4}PhysicalPath/ nocase
        $up1 = /Request\s{0,4}\.\s{0,4}Files/ nocase
        $up2 = "PostedFile" nocase
        $w1 = /FileMode\s{0,4}\.\s{0,4}Create/ nocase
        $w2 = /\.SaveAs\s{0,4}\(/ nocase
        $n = /GetFileName\s{0,4}\(\s{0,4}\w{1,40}\.FileName/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and ($self and any of ($up*) and any of ($w*) and $n)
}

rule webshell_aspx_writes_script_file
{
    meta:
        id = "webshell-aspx-writes-script-file"
        title = "ASP.NET page writes a new .aspx/.asp page to disk"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "A page opens a StreamWriter on a mapped path ending in a server-script extension, so it can drop new executable pages; shell 'seeders' do this, as do a few page generators. Review what is written."
    strings:
        $w = /new\s{1,4}(System\.IO\.)?StreamWriter\s{0,4}\(\s{0,4}Server\.MapPath\s{0,4}\(\s{0,4}["'][^"']{1,64}\.(aspx|ashx|asmx|asp)["']/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and ($w)
}
