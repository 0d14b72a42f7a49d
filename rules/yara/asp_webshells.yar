// SPDX-License-Identifier: Apache-2.0
//
// Classic ASP (VBScript/JScript on asp.dll) web shells, plus configuration
// files abused to run them.
//
// What these catch, by behaviour:
//   * command execution through WScript.Shell (.Run/.Exec) or
//     Shell.Application (.ShellExecute), including COM objects created by
//     CLSID in server-side <object> tags to avoid the ProgID string;
//   * script engines fed request text (MSScriptControl, ExecuteStatement,
//     AddObject of the Request object), Behinder-style XOR loaders
//     (Request.BinaryRead + Xor + Execute), remote code fetched over
//     XMLHTTP and executed, or downloaded onto disk as a new .asp page;
//   * pages encoded with the Microsoft Script Encoder (#@~^ ... ^#~@) or
//     saved in UTF-7 (codepage 65000) to slip past content filters;
//   * "big" Chinese/Turkish/Indonesian style shells, scored on how many
//     distinct attacker capabilities one page carries (xp_cmdshell,
//     net user, Serv-U, RDP port registry key, WScript.Network, ...);
//   * FSO-based file managers and uploaders that take paths or content from
//     the request (medium: legitimate classic ASP also uses the FSO);
//   * web.config files that map .config to asp.dll and carry ASP code.
//
// Why: classic ASP applications do use the FileSystemObject, ADODB.Stream
// and XMLHTTP, so those alone never raise a high finding; high findings
// need command execution, evaluation of request data, evasion that no
// legitimate page needs, or several offensive capabilities together.

rule webshell_asp_wscript_shell_exec
{
    meta:
        id = "webshell-asp-wscript-shell-exec"
        title = "Classic ASP runs shell commands built from request input"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "WScript.Shell (or Shell.Application) is used to Run/Exec a command line that is concatenated from a variable after cmd /c or taken from the request: a command-execution web shell. Treat the host as compromised."
    strings:
        $obj1 = "wscript.shell" nocase
        $obj2 = "shell.application" nocase
        $obj3 = /clsid:72C24DD5-D70A-438B-8A42-98424B88AFB8|clsid:F935DC22-1CF0-11D0-ADB9-00C04FD58A0B|clsid:13709620-C279-11CE-A49E-444553540000/ nocase
        $obj4 = /["']WScr["']\s{0,4}&|["']ws["']\s{0,4}&\s{0,4}["']cript/ nocase
        $in1 = /\/c ["']\s{0,4}[+&]/ nocase
        $in1b = /\/c["']\s{0,4}[+&]/ nocase
        $in2 = /\.(run|exec|shellexecute)\s{0,4}\(?\s{0,4}[^\r\n]{0,48}Request\s{0,4}(\.\s{0,4}(Form|QueryString|Item)\s{0,4})?[\(\[]/ nocase
        $in3 = /\.(exec|shellexecute)\s{0,4}\(\s{0,4}[a-z_]\w{0,30}\s{0,4}[,)]/ nocase
        $in4 = /\.run\s{0,4}\(?\s{0,4}["']?[^"'\r\n]{0,32}["']?\s{0,4}&\s{0,4}[a-z_]\w{0,30}/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($obj*) and any of ($in*)
}

rule webshell_asp_com_by_clsid
{
    meta:
        id = "webshell-asp-server-object-clsid"
        title = "Server-side <object> instantiates a shell COM object by CLSID"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A server-side <object> tag creates WScript.Shell, WScript.Network or Shell.Application by CLSID instead of ProgID, a trick used by ASP web shells to avoid string signatures. Treat as a web shell."
    strings:
        $o = /<object[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server[^>]{0,64}clsid:(72C24DD5-D70A-438B-8A42-98424B88AFB8|F935DC2[26]-1CF0-11D0-ADB9-00C04FD58A0B|13709620-C279-11CE-A49E-444553540000|093FF999-1EA0-4079-9525-9614C3504B74)/ nocase
        $p = /<object[^>]{0,64}clsid:(72C24DD5-D70A-438B-8A42-98424B88AFB8|F935DC2[26]-1CF0-11D0-ADB9-00C04FD58A0B|13709620-C279-11CE-A49E-444553540000|093FF999-1EA0-4079-9525-9614C3504B74)[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        any of them
}

rule webshell_asp_script_engine_request
{
    meta:
        id = "webshell-asp-script-engine-request"
        title = "Classic ASP hands the Request object to a script engine"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A script-engine object (MSScriptControl or similar) gets the Request object added to it or runs a statement built from request text, an evaluator web shell that hides the eval keyword. Treat as a web shell."
    strings:
        $a1 = /\.AddObject\s{1,4}[^\r\n]{0,64},\s{0,4}request\b/ nocase
        $a2 = /\.ExecuteStatement\s{0,4}\(?[^\r\n]{0,64}request/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($a*)
}

rule webshell_asp_script_control
{
    meta:
        id = "suspicious-asp-script-control"
        title = "Classic ASP uses a script-control engine"
        kind = "suspicious_file"
        severity = "low"
        confidence = "low"
        description = "The page instantiates MSScriptControl or calls ExecuteStatement. Old pages use it to parse JSON, but it is also an evaluator that web shells use to avoid the eval keyword; check whether request data can reach it."
    strings:
        $a3 = "ScriptControl" nocase
        $a4 = /\.ExecuteStatement\b/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($a*)
}

rule webshell_asp_binaryread_xor_execute
{
    meta:
        id = "webshell-asp-binaryread-execute"
        title = "Classic ASP decodes the raw request body and executes it (Behinder style)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "The page reads the request body with Request.BinaryRead, transforms it (XOR/decryption) and passes the result to Execute/Eval: an encrypted-channel web shell such as Behinder's ASP loader. Treat the host as compromised."
    strings:
        $br = /Request\s{0,4}\.\s{0,4}BinaryRead/ nocase
        $x  = /\bxor\b/ nocase
        $ex = /(^|[^.\w])(execute|executeglobal|eval)\b\s{0,8}\(?\s{0,8}[a-z_]\w{0,30}\s{0,8}\)?\s{0,8}(%>|:|\r|\n)/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $br and $x and $ex
}

rule webshell_asp_remote_code_execute
{
    meta:
        id = "webshell-asp-remote-code-execute"
        title = "Classic ASP fetches code over HTTP and executes it"
        kind = "webshell"
        severity = "medium"
        confidence = "medium"
        description = "The page downloads text with XMLHTTP/ServerXMLHTTP/WinHttp and feeds a variable to Execute/ExecuteGlobal: possibly a remote-controlled loader whose real payload lives on an attacker server. Check what the executed variable holds and which URL the page contacts."
    strings:
        $h1 = /(Microsoft|MSXML2)\.(Server)?XMLHTTP/ nocase
        $h2 = "WinHttp.WinHttpRequest" nocase
        $ex = /(^|[^.\w])(execute|executeglobal)\b\s{0,8}\(?\s{0,8}[a-z_]\w{0,30}\s{0,8}\)?\s{0,8}(%>|:|\r|\n)/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($h*) and $ex
}

rule webshell_asp_download_to_script
{
    meta:
        id = "webshell-asp-download-to-script"
        title = "Classic ASP downloads content and saves it as a server script or executable"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "XMLHTTP/ADODB.Stream (or a written .vbs helper) fetch a remote file and save it with a script or executable extension, then possibly run it: a dropper used to plant further shells or tools. Treat as malicious."
    strings:
        $h1 = /(Microsoft|MSXML2)\.(Server)?XMLHTTP/ nocase
        $h2 = "WinHttp.WinHttpRequest" nocase
        $s1 = /SaveToFile\s{0,4}\(?\s{0,4}["'][^"'\r\n]{0,64}\.(asp|aspx|asa|cer|cdx|ashx|asmx|exe|dll|vbs|bat|ps1)["']/ nocase
        $s2 = /CreateTextFile\s{0,4}\(\s{0,4}["'][^"'\r\n]{0,64}\.(vbs|bat|cmd|js|ps1)["']/ nocase
        $run = /wscript\.shell/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($h*) and ($s1 or ($s2 and $run))
}

rule webshell_asp_encoded_page
{
    meta:
        id = "webshell-asp-script-encoded"
        title = "Classic ASP page encoded with the Microsoft Script Encoder"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "The page declares VBScript.Encode/JScript.Encode or carries #@~^ encoded blocks. A few old commercial products shipped encoded pages, but on a modern server (and on any Exchange server) an encoded page is almost always a hidden web shell; decode it before deciding."
    strings:
        $lang = /language\s{0,4}=\s{0,4}["']?(VBScript|JScript)\.Encode/ nocase
        $blk  = /#@~\^[A-Za-z0-9+\/]{6}==/
    condition:
        any of them
}

rule webshell_asp_encoded_with_shell_traits
{
    meta:
        id = "webshell-asp-encoded-with-shell-traits"
        title = "Script-encoded ASP page with web shell traits"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "An encoded (#@~^) ASP page whose plain-text parts also show web shell traits: an effectively unlimited ScriptTimeout or shell COM objects (by ProgID or CLSID). Treat as a web shell."
    strings:
        $enc1 = /language\s{0,4}=\s{0,4}["']?(VBScript|JScript)\.Encode/ nocase
        $enc2 = /#@~\^[A-Za-z0-9+\/]{6}==/
        $t1 = /ScriptTimeout\s{0,4}=\s{0,4}9{6}/ nocase
        $t4 = /clsid:(72C24DD5-D70A-438B-8A42-98424B88AFB8|F935DC22-1CF0-11D0-ADB9-00C04FD58A0B|13709620-C279-11CE-A49E-444553540000)/ nocase
        $t5 = /wscript\.shell|shell\.application/ nocase
    condition:
        any of ($enc*) and any of ($t*)
}

rule webshell_asp_utf7_codepage
{
    meta:
        id = "webshell-asp-utf7-codepage"
        title = "Classic ASP page saved in UTF-7 (codepage 65000)"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "The page sets CODEPAGE=65000 so its script is written in UTF-7 (+AHI...-) and invisible to plain-text signatures; there is no legitimate reason for this. Decode it and treat it as a web shell."
    strings:
        $cp = /codepage\s{0,4}=\s{0,4}["']?65000\b/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $cp
}

rule webshell_asp_multi_capability
{
    meta:
        id = "webshell-asp-multi-capability"
        title = "Classic ASP page bundles several attacker capabilities (all-in-one shell)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "One classic ASP page combines several offensive capabilities (command shell, xp_cmdshell, account creation, Serv-U privilege escalation, RDP port lookup, host identity recon, packed COM ProgIDs). That combination is typical of 'big horse' ASP web shells; treat the host as compromised."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $o01 = "wscript.shell" nocase
        $o02 = "shell.application" nocase
        $o03 = "xp_cmdshell" nocase
        $o04 = /net\s{1,4}(user|localgroup)\s/ nocase
        $o05 = /Serv-U|SITE\s{1,4}MAINTENANCE|SETUSERSETUP/ nocase
        $o06 = /Terminal\s?Server\\{1,2}WinStations|RDP-Tcp|PortNumber/ nocase
        $o07 = "wscript.network" nocase
        $o08 = /cmd(\.exe)?\s{1,4}\/c/ nocase
        $o09 = /sp_oacreate|sp_addextendedproc/ nocase
        $o10 = /CreateObject\s{0,4}\(\s{0,4}["'][\w.]{1,24}["']\s{0,4}&/ nocase
        $o12 = /\.RegRead\s{0,4}\(?\s{0,4}["']HKEY_LOCAL_MACHINE/ nocase
        $o13 = /clsid:(72C24DD5-D70A-438B-8A42-98424B88AFB8|F935DC22-1CF0-11D0-ADB9-00C04FD58A0B|13709620-C279-11CE-A49E-444553540000)/ nocase
        $o14 = /\.(ShellExecute|Exec)\s{0,4}\(/ nocase
    condition:
        $srv and 4 of ($o*)
}

rule webshell_asp_capability_cluster
{
    meta:
        id = "webshell-asp-capability-cluster"
        title = "Classic ASP page with shell/file/network capabilities together"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "The page combines request handling with shell COM objects, file attribute/time changes or a ProgID split into pieces, plus file writes, downloads or outbound HTTP. Review it; trimmed-down web shells and droppers look like this."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $req = /request\s{0,4}(\.\s{0,4}(form|querystring|item)\s{0,4})?\(/ nocase
        $c1 = /wscript\.shell|shell\.application|wscript\.network/ nocase
        $c2 = /\.CreateTextFile\s{0,4}\(|\.OpenTextFile\s{0,4}\(/ nocase
        $c3 = /\.SaveToFile\b/ nocase
        $c4 = /(Microsoft|MSXML2)\.(Server)?XMLHTTP/ nocase
        $c5 = /\.(ModifyDate|Attributes)\s{0,4}=/ nocase
        $c6 = /\.(DeleteFile|DeleteFolder|CopyFile|MoveFile|CopyFolder|MoveFolder)\b/ nocase
        $c7 = /["']scr["']\s{0,4}&|["']script["']\s{0,4}&\s{0,4}["']ing|["']Scripting\.F["']\s{0,4}&|["']Scri["']\s{0,4}&/ nocase
    condition:
        $srv and $req and 2 of ($c*) and any of ($c1, $c5, $c7)
}

rule webshell_asp_fso_writer_request
{
    meta:
        id = "webshell-asp-fso-writer-request"
        title = "Classic ASP writes a file whose path and content come from the request"
        kind = "webshell"
        severity = "medium"
        confidence = "medium"
        description = "FileSystemObject/ADODB.Stream write a file where the request supplies the path or the content, letting a visitor plant new pages; this is the ASP 'small horse' uploader. Review whether the page belongs to a known application."
    strings:
        $fso = /scripting\.filesystemobject|["']scr["']\s{0,4}&|["']Scri["']\s{0,4}&|adodb\.stream/ nocase
        $w1 = /(CreateTextFile|OpenTextFile|SaveToFile)\s{0,4}\(?\s{0,4}[^\r\n]{0,40}request/ nocase
        $w2 = /\.write(line)?\s{0,4}\(?\s{0,4}[^\r\n]{0,16}request\s{0,4}(\.\s{0,4}(form|querystring|item)\s{0,4})?\(/ nocase
        $w3 = /=\s{0,4}request\s{0,4}(\.\s{0,4}(form|querystring|item)\s{0,4})?\(/ nocase
        $w4 = /\.(CreateTextFile|OpenTextFile)\s{0,4}\(\s{0,4}(server\s{0,4}\.\s{0,4}mappath\s{0,4}\(\s{0,4})?[a-z_]\w{0,30}\s{0,4}\)?\s{0,4},/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $fso and ($w1 or $w2 or ($w3 and $w4))
}

rule webshell_asp_file_browser
{
    meta:
        id = "webshell-asp-file-browser"
        title = "Classic ASP browses arbitrary server folders chosen by the visitor"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The FileSystemObject or ADODB.Stream opens folders or files named by request parameters (GetFolder/OpenTextFile/LoadFromFile on request input, drive enumeration) so a visitor can list, read or download the whole disk. Web shells and unsafe admin pages do this; review the page."
    strings:
        $fso = /scripting\.filesystemobject|["']scr["']\s{0,4}&|["']Scri["']\s{0,4}&|CONST_FSO|clsid:0D43FE01-F093-11CF-8940-00A0C9054228/ nocase
        $b1 = /\.(GetFolder|OpenTextFile|GetFile|CopyFolder|CopyFile|DeleteFile|DeleteFolder|MoveFile)\s{0,4}\(?\s{0,4}[^\r\n]{0,24}request/ nocase
        $b2 = /\.Drives\b/ nocase
        $b3 = /\.(SubFolders|Files)\b/ nocase
        $b5 = /\.LoadFromFile\s{0,4}\(?\s{0,4}[^\r\n]{0,40}request/ nocase
        $b4 = /=\s{0,4}(replace\s{0,4}\(\s{0,4})?request\s{0,4}(\.\s{0,4}(form|querystring|item)\s{0,4})?\(\s{0,4}["'](file|path|spath|folder|dir|fpath|filepath)["']/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (($fso and ($b1 or ($b2 and $b3) or ($b3 and $b4))) or $b5)
}

rule webshell_asp_timestomp_attributes
{
    meta:
        id = "webshell-asp-timestomp"
        title = "Classic ASP changes file timestamps or hides files on request"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "The page rewrites file modification dates through Shell.Application (ParseName/ModifyDate) or sets system+hidden+read-only attributes on files, techniques used to hide planted web shells. Treat as malicious."
    strings:
        $s1 = /\.ModifyDate\s{0,4}=/ nocase
        $s2 = /\.ParseName\s{0,4}\(/ nocase
        $a1 = /\.attributes\s{0,4}=\s{0,4}39\b/ nocase
        $a2 = /PATH_TRANSLATED/ nocase
        $req = /request/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and (($s1 and $s2 and $req) or ($a1 and $a2))
}

rule webshell_asp_sql_console
{
    meta:
        id = "webshell-asp-sql-console"
        title = "Classic ASP SQL console using visitor-supplied server and credentials"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The page builds an ADO connection from server/user/password values typed by the visitor and runs SQL it is given, a database 'drag' tool used to dump data or reach xp_cmdshell. Review the page."
    strings:
        $c1 = /(Provider\s{0,4}=\s{0,4}SQLOLEDB|Driver\s{0,4}=\s{0,4}\{SQL Server\})[^\r\n]{0,64}["']\s{0,4}&\s{0,4}\w{1,40}/ nocase
        $c2 = /(Data Source|Server|Uid|User ID|Pwd|Password)\s{0,4}=\s{0,4}["']\s{0,4}&\s{0,4}(trim\()?\s{0,4}(request|\w{1,30})/ nocase
        $q1 = /\.execute\s{0,4}\(?\s{0,4}(sSQL|sql|strSQL|mySQL|mySt\w{0,8}|query|request)/ nocase
        $q2 = /["']USE\s{1,4}\[["']\s{0,4}&/ nocase
        $q3 = /(sysobjects|sysdatabases|sp_tables|information_schema)/ nocase
        $req = /request\s{0,4}(\.\s{0,4}(form|querystring|cookies)\s{0,4})?\(/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $req and any of ($c*) and 2 of ($q*)
}

rule webshell_asp_http_proxy
{
    meta:
        id = "webshell-asp-http-proxy"
        title = "Classic ASP relays requests to a URL chosen by the visitor"
        kind = "suspicious_file"
        severity = "low"
        confidence = "low"
        description = "The page opens XMLHTTP/ServerXMLHTTP connections to a URL taken from the query string and returns the body: an open proxy that lets outsiders reach internal hosts through the web server. Review whether it is needed."
    strings:
        $h = /(Microsoft|MSXML2)\.(Server)?XMLHTTP/ nocase
        $o = /\.open\s{0,4}\(?\s{0,4}["'](GET|POST)["']\s{0,4},\s{0,4}[a-z_]\w{0,30}/ nocase
        $u = /request\s{0,4}(\.\s{0,4}(form|querystring)\s{0,4})?\(\s{0,4}["'](url|u|target|link|src)["']/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $h and $o and $u
}

rule webshell_asp_server_variables_dump
{
    meta:
        id = "suspicious-asp-server-variables-dump"
        title = "Page dumps every server variable"
        kind = "suspicious_file"
        severity = "low"
        confidence = "low"
        description = "The page iterates over all Request.ServerVariables and prints them; attackers drop such pages for reconnaissance (paths, accounts, internal addresses). Diagnostic pages do the same, but they should not be left on a production or Exchange server."
    strings:
        $l = /For\s{1,4}Each\s{1,4}\w{1,30}\s{1,4}In\s{1,4}Request\s{0,4}\.\s{0,4}ServerVariables/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $l
}

rule webshell_webconfig_asp_handler
{
    meta:
        id = "webshell-webconfig-asp-code"
        title = "web.config that maps .config to asp.dll or carries ASP code"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "A web.config either routes *.config requests to asp.dll or removes the .config request-filtering protection while embedding ASP code blocks, so requesting web.config itself runs attacker script. Treat as a web shell."
    strings:
        $cfg = "<configuration" nocase
        $h1 = /path\s{0,4}=\s{0,4}["']\*\.config["']/ nocase
        $h3 = /scriptProcessor\s{0,4}=\s{0,4}["'][^"'\r\n]{0,64}asp\.dll/ nocase
        $h2 = /<remove\s{1,4}fileExtension\s{0,4}=\s{0,4}["']\.config["']/ nocase
        $code = /<%[^%]{0,64}(Request|Response\.Write|CreateObject|eval|execute)/ nocase
    condition:
        $cfg and (($h1 and $h3) or ($h2 and $code) or ($code and $cfg in (0..256)))
}

rule webshell_asp_db_console
{
    meta:
        id = "suspicious-asp-db-console"
        title = "Classic ASP database console running visitor-supplied SQL"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "The page takes free SQL text from the request and inspects database schemas (OpenSchema, ADOX, system tables): a web database console of the kind dropped next to web shells to dump data. Legitimate admin tools exist, so review before acting."
    strings:
        $q = /request\s{0,4}(\.\s{0,4}form\s{0,4})?\(\s{0,4}["'](sql|strsql|sqlstr|sqlcmd|query|sqltext)["']\s{0,4}\)/ nocase
        $s1 = /OpenSchema\s{0,4}\(/ nocase
        $s2 = "ADOX.Catalog" nocase
        $s3 = /\b(sysobjects|sysdatabases|MSysObjects)\b/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $q and any of ($s*)
}

rule suspicious_defacement_marker
{
    meta:
        id = "suspicious-defacement-marker"
        title = "Server page carrying a defacement banner"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "A server-side page contains 'hacked by' / 'owned by' style banner text, typical of defacement pages and shells left behind by intruders. Check when and how the file was written."
    strings:
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
        $d = /(hacked|h4cked|h4ck3d|0wn3d|defaced)\s{1,4}by\b|owned\s{1,4}by\s{1,4}[\w ]{0,32}hackers?\b/ nocase
    condition:
        $srv and $d
}
